import type { AccountId } from '../../primitives/index.ts'
import type { ExecutionContext } from '../frame/context.ts'
import { registerSyncHook } from './calls/hooks.ts'
import { mintPets } from './calls/mint.ts'
import { InvalidConfigError } from './config.ts'
import type { Critter } from './critter.ts'
import { critterErrors } from './schema.ts'

/** Pets and hooks that exist from block 0. */
export interface CritterGenesis {
  readonly pets?: readonly {
    readonly owner: AccountId
    readonly species: Uint8Array
    readonly name: Uint8Array
  }[]
  readonly hooks?: readonly {
    readonly account: AccountId
    readonly interests: number
    readonly priority: number
  }[]
}

/**
 * Writes the genesis pets (ids from 0, in the order given, version 1, derived from a zero parent
 * hash) and hooks. Genesis deposits no events, so followers read block 0's state. Throws
 * `InvalidConfigError` when an entry breaks a limit.
 */
export const buildCritterGenesis = (
  c: Critter,
  ctx: ExecutionContext,
  genesis: CritterGenesis,
): void => {
  const check = (what: string, result: ReturnType<typeof mintPets>) => {
    if (result.type === 'Err') {
      const error = result.value
      const name =
        error.type === 'Module' ? critterErrors.nameOf(error.value.error[0] ?? 255) : error.type
      throw new InvalidConfigError(`genesis ${what} refused: ${name}`)
    }
  }
  ;(genesis.pets ?? []).forEach((pet, i) => {
    check(`pet ${i}`, mintPets(c, ctx, pet.owner, [[pet.species, pet.name]], false))
  })
  ;(genesis.hooks ?? []).forEach((hook, i) => {
    check(`hook ${i}`, registerSyncHook(c, ctx, hook.account, hook.interests, hook.priority))
  })
}

import { expect } from 'vitest'
import { type AccountId, bytesToRawHex, utf8 } from '../../src/primitives/index.ts'
import {
  type AnyPallet,
  type ApplyExtrinsicResult,
  CRITTER_ERROR_DOCS,
  type CritterCall,
  type CritterCallArgs,
  type CritterErrorName,
  type CritterEvent,
  type CritterGenesis,
  type CritterNftsOptions,
  createCritterNfts,
  createInMemoryChain,
  createRuntime,
  critterCall,
  type EventRecord,
  type GenesisBuilder,
  itemPrefix,
  type NftManager,
  type PetNft,
} from '../../src/runtime/index.ts'

/** Options of the test chain: CritterNfts options plus extra pallets that may use the NftManager. */
export interface TestChainOptions extends CritterNftsOptions {
  readonly genesis?: CritterGenesis
  readonly extraPallets?: (nfts: NftManager) => readonly AnyPallet[]
  readonly extraGenesis?: readonly GenesisBuilder[]
}

const CRITTER_PREFIX = itemPrefix('CritterNfts', 'x').slice(0, 32)
const SYSTEM_PREFIX = itemPrefix('System', 'x').slice(0, 32)

/** A runtime with CritterNfts on an in-memory chain, with helpers for the common assertions. */
export const createCritterChain = (options: TestChainOptions = {}) => {
  const critter = createCritterNfts(options)
  const runtime = createRuntime({
    pallets: [critter.pallet, ...(options.extraPallets?.(critter.nftManager) ?? [])],
  })
  const chain = createInMemoryChain(runtime, {
    builders: [
      ...(options.genesis === undefined ? [] : [critter.genesis(options.genesis)]),
      ...(options.extraGenesis ?? []),
    ],
  })
  const s = critter.storage

  /** Applies a CritterNfts call signed by `who` and returns the dispatch outcome. */
  const call = <K extends CritterCall['type']>(
    who: AccountId,
    type: K,
    args: CritterCallArgs<K>,
  ) => {
    const result = chain.apply(who, critterCall(type, args))
    if (result.type !== 'Ok')
      throw new Error(`transaction invalid: ${JSON.stringify(result.value)}`)
    return result.value
  }

  /** Events of CritterNfts deposited so far in the open block. */
  const critterEvents = (): CritterEvent[] =>
    chain.pendingEvents
      .filter(e => e.event.type === 'CritterNfts')
      .map(e => e.event.value as CritterEvent)

  return {
    critter,
    runtime,
    chain,
    storage: s,
    call,
    critterEvents,
    pet: (id: number): PetNft | undefined => chain.read(io => s.PetNfts.get(io, id)),
    owner: (id: number) => chain.read(io => s.PetNftOwner.get(io, id)),
    owned: (who: AccountId) => chain.read(io => s.OwnerOfPet.get(io, who)),
    version: (id: number) => chain.read(io => s.PetStateVersions.get(io, id)),
    /** Mints a pet for `who` and returns its id. */
    mint(who: AccountId, name = 'Rex', species = 'dragon'): number {
      const id = chain.read(io => s.NextPetId.get(io))
      expectOk(call(who, 'mint_pet_nft', { species: utf8(species), name: utf8(name) }))
      return id
    },
    /** Every CritterNfts key and value visible in the open block. */
    snapshot: () =>
      chain.read(io => new Map([...io.keys(CRITTER_PREFIX)].map(k => [k, io.get(k)]))),
    /**
     * Every key and value outside System (whose nonces move even when a call fails) as one string:
     * CritterNfts and every other pallet, hooks' included.
     */
    stateImage: () =>
      chain.read(io => {
        let out = ''
        for (const k of io.keys('')) {
          if (k.startsWith(SYSTEM_PREFIX)) continue
          const v = io.get(k)
          out += `${k}=${v === undefined ? '-' : bytesToRawHex(v)};`
        }
        return out
      }),
  }
}

/** The test chain type. */
export type CritterChain = ReturnType<typeof createCritterChain>

/** Asserts a dispatch outcome is `Ok`. */
export const expectOk = (result: { type: string; value?: unknown }): void => {
  expect(result).toEqual({ type: 'Ok' })
}

/** Asserts a dispatch outcome is the named CritterNfts module error. */
export const expectCritterError = (
  result: { type: string; value?: unknown },
  name: CritterErrorName,
): void => {
  expect(result.type).toBe('Err')
  const error = (
    result as { value: { type: string; value?: { index: number; error: Uint8Array } } }
  ).value
  expect(error.type).toBe('Module')
  const names = Object.keys(CRITTER_ERROR_DOCS)
  expect(names[error.value?.error[0] ?? -1]).toBe(name)
}

/** The CritterNfts events of a list of records. */
export const critterEventsOf = (records: readonly EventRecord[]): CritterEvent[] =>
  records.filter(r => r.event.type === 'CritterNfts').map(r => r.event.value as CritterEvent)

/** Unwraps an apply result known to be included. */
export const included = (result: ApplyExtrinsicResult) => {
  if (result.type !== 'Ok') throw new Error(`transaction invalid: ${JSON.stringify(result.value)}`)
  return result.value
}

import { type AccountId, bytesEqual } from '../../primitives/index.ts'
import type { ExecutionContext } from '../frame/context.ts'
import { type DispatchResult, OK } from '../frame/dispatch.ts'
import { type Critter, critterError, PALLET_NAME, petTopic } from './critter.ts'
import type { CritterEvent } from './schema.ts'
import { notifyHooks } from './sync-hooks.ts'
import { flagOf, type PetNft, type StateChangeType } from './types.ts'

const MAX_VERSION = 0xffff_ffff

/**
 * Deposits a CritterNfts event about a pet, with the pet's topic and the accounts involved as
 * topics.
 */
export const depositPetEvent = (
  ctx: ExecutionContext,
  petId: number,
  event: CritterEvent,
  accounts: readonly AccountId[] = [],
): void => {
  ctx.deposit(PALLET_NAME, event, [petTopic(petId), ...accounts])
}

/**
 * The one way a pet changes. Given the pet with its new field values, it bumps `state_version`
 * by exactly one (mirrored in `PetStateVersions`), sets the sync flag of every changed aspect,
 * stamps `last_state_update_block`, writes the pet, lets `emit` deposit the call's events with
 * the new version, then notifies hooks once per aspect.
 *
 * @example
 * return changePet(c, ctx, { ...pet, current_pet_name: name }, ['BasicInfo'], next =>
 *   depositPetEvent(ctx, next.id, { type: 'PetNftMetadataUpdated', value: {...} }))
 */
export const changePet = (
  c: Critter,
  ctx: ExecutionContext,
  pet: PetNft,
  aspects: readonly StateChangeType[],
  emit: (next: PetNft) => void,
): DispatchResult => {
  if (ctx.hookDepth > 0) return critterError('ReentrantPetChange')
  if (pet.state_version >= MAX_VERSION) return critterError('StateVersionOverflow')
  let flags = pet.sync_flags
  for (const aspect of aspects) flags |= flagOf(aspect)
  const next: PetNft = {
    ...pet,
    state_version: pet.state_version + 1,
    sync_flags: flags,
    last_state_update_block: ctx.blockNumber,
  }
  c.storage.PetNfts.set(ctx.storage, next.id, next)
  c.storage.PetStateVersions.set(ctx.storage, next.id, next.state_version)
  emit(next)
  for (const aspect of aspects) notifyHooks(c, ctx, next, aspect)
  return OK
}

/** The pet and its owner, or the typed error: `PetNotFound`, or `NotOwner` when `who` is given and differs. */
export const ownedPet = (
  c: Critter,
  ctx: ExecutionContext,
  petId: number,
  who: AccountId | undefined,
): { type: 'Ok'; pet: PetNft; owner: AccountId } | { type: 'Err'; result: DispatchResult } => {
  const owner = c.storage.PetNftOwner.get(ctx.storage, petId)
  const pet = c.storage.PetNfts.get(ctx.storage, petId)
  if (owner === undefined || pet === undefined)
    return { type: 'Err', result: critterError('PetNotFound') }
  if (who !== undefined && !bytesEqual(owner, who))
    return { type: 'Err', result: critterError('NotOwner') }
  return { type: 'Ok', pet, owner }
}

/** `ids` with `id` inserted in ascending position (owner lists stay sorted). */
export const insertSorted = (ids: readonly number[], id: number): number[] => {
  const out = ids.slice()
  let i = out.length
  while (i > 0 && (out[i - 1] as number) > id) i--
  out.splice(i, 0, id)
  return out
}

/** `ids` without `id`, order kept. */
export const withoutId = (ids: readonly number[], id: number): number[] => ids.filter(x => x !== id)

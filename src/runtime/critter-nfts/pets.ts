import { type AccountId, bytesEqual, decode, encode } from '../../primitives/index.ts'
import type { ExecutionContext } from '../frame/context.ts'
import { type DispatchResult, OK } from '../frame/dispatch.ts'
import type { StorageKey } from '../storage/backend.ts'
import type { StorageIO } from '../storage/items.ts'
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

const OWNER_LISTS = 4096
// Owner lists are read and rewritten whole by every mint and transfer of their owner: the decoded
// list is remembered per key with the stored bytes it stands for, and used only while storage
// still holds those very bytes.
const ownerLists = new Map<StorageKey, { raw: Uint8Array; ids: readonly number[] }>()

const rememberOwnerList = (key: StorageKey, raw: Uint8Array, ids: readonly number[]): void => {
  const entry = ownerLists.get(key)
  if (entry !== undefined) {
    entry.raw = raw
    entry.ids = ids
    return
  }
  if (ownerLists.size >= OWNER_LISTS) ownerLists.clear()
  ownerLists.set(key, { raw, ids })
}

/**
 * The ids `who` owns (`OwnerOfPet`), ascending. Reads of one stored list share the array, so it
 * is typed read-only (not frozen: frozen arrays take V8's slow paths in filter and slice).
 */
export const ownedIds = (c: Critter, io: StorageIO, who: AccountId): readonly number[] => {
  const key = c.storage.OwnerOfPet.keyOf(who)
  const raw = io.get(key)
  if (raw === undefined) return c.storage.OwnerOfPet.get(io, who)
  const known = ownerLists.get(key)
  if (known !== undefined && known.raw === raw) return known.ids
  const ids: readonly number[] = decode(c.storage.OwnerOfPet.shape, raw)
  rememberOwnerList(key, raw, ids)
  return ids
}

/**
 * Writes `who`'s owner list, as `OwnerOfPet.set` does, and remembers it decoded. Takes `ids`
 * over: later reads share it, so the caller must not change it.
 */
export const setOwnedIds = (
  c: Critter,
  io: StorageIO,
  who: AccountId,
  ids: readonly number[],
): void => {
  const key = c.storage.OwnerOfPet.keyOf(who)
  const raw = encode(c.storage.OwnerOfPet.shape, ids as number[])
  io.set(key, raw)
  rememberOwnerList(key, raw, ids)
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

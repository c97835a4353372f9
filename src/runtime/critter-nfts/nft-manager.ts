import type { AccountId } from '../../primitives/index.ts'
import type { ExecutionContext } from '../frame/context.ts'
import type { DispatchResult } from '../frame/dispatch.ts'
import type { StorageIO } from '../storage/items.ts'
import { transferPet } from './calls/transfer.ts'
import { type Critter, critterError } from './critter.ts'
import { changePet, depositPetEvent, ownedPet } from './pets.ts'

/**
 * What other pallets (a marketplace, battles, quests) may do with pets. Every change goes through
 * the same path as the calls: it bumps the version, sets a flag, emits events and notifies hooks.
 *
 * @example
 * const result = nfts.lock(ctx, seller, petId) // a listed pet cannot be transferred
 */
export interface NftManager {
  /** The pet's owner, or `undefined` when there is no such pet. */
  ownerOf(io: StorageIO, petId: number): AccountId | undefined
  /** True when the pet exists and is not locked. */
  isTransferable(io: StorageIO, petId: number): boolean
  /** Locks `owner`'s pet against transfers: an `Other` change, `NftLocked`. */
  lock(ctx: ExecutionContext, owner: AccountId, petId: number): DispatchResult
  /** Unlocks `owner`'s pet: an `Other` change, `NftUnlocked`. */
  unlock(ctx: ExecutionContext, owner: AccountId, petId: number): DispatchResult
  /** Transfers a pet as `transfer_pet_nft` does; refused while locked. */
  transfer(ctx: ExecutionContext, from: AccountId, to: AccountId, petId: number): DispatchResult
}

const setLock = (
  c: Critter,
  ctx: ExecutionContext,
  owner: AccountId,
  petId: number,
  locked: boolean,
): DispatchResult => {
  const found = ownedPet(c, ctx, petId, owner)
  if (found.type === 'Err') return found.result
  const io = ctx.storage
  const isLocked = c.storage.LockedNfts.contains(io, petId)
  if (locked && isLocked) return critterError('NftAlreadyLocked')
  if (!locked && !isLocked) return critterError('NftNotLocked')
  if (locked) c.storage.LockedNfts.set(io, petId, undefined)
  else c.storage.LockedNfts.remove(io, petId)
  return changePet(c, ctx, found.pet, ['Other'], next =>
    depositPetEvent(
      ctx,
      petId,
      {
        type: locked ? 'NftLocked' : 'NftUnlocked',
        value: { owner, pet_id: petId, version: next.state_version, block_number: ctx.blockNumber },
      },
      [owner],
    ),
  )
}

/** The `NftManager` of a composed CritterNfts pallet. */
export const createNftManager = (c: Critter): NftManager => ({
  ownerOf: (io, petId) => c.storage.PetNftOwner.get(io, petId),
  isTransferable: (io, petId) =>
    c.storage.PetNftOwner.contains(io, petId) && !c.storage.LockedNfts.contains(io, petId),
  // Each change runs in its own layer: a caller that ignores an `Err` must not be left with half
  // a change (owner lists moved, version not bumped).
  lock: (ctx, owner, petId) => ctx.transactional(() => setLock(c, ctx, owner, petId, true)),
  unlock: (ctx, owner, petId) => ctx.transactional(() => setLock(c, ctx, owner, petId, false)),
  transfer: (ctx, from, to, petId) => ctx.transactional(() => transferPet(c, ctx, from, to, petId)),
})

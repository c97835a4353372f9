import { type AccountId, bytesEqual } from '../../../primitives/index.ts'
import type { ExecutionContext } from '../../frame/context.ts'
import type { DispatchResult } from '../../frame/dispatch.ts'
import { type Critter, critterError } from '../critter.ts'
import {
  changePet,
  depositPetEvent,
  insertSorted,
  ownedIds,
  ownedPet,
  setOwnedIds,
  withoutId,
} from '../pets.ts'

/**
 * Moves a pet from `from` to `to`: refused to oneself, for a missing or foreign pet, while the pet
 * is locked, or when the recipient is full. An `Ownership` change: version + 1, `PetNftTransferred`.
 * Used by `transfer_pet_nft` and by `NftManager.transfer`.
 */
export const transferPet = (
  c: Critter,
  ctx: ExecutionContext,
  from: AccountId,
  to: AccountId,
  petId: number,
): DispatchResult => {
  if (bytesEqual(from, to)) return critterError('CannotTransferToSelf')
  const found = ownedPet(c, ctx, petId, from)
  if (found.type === 'Err') return found.result
  const io = ctx.storage
  if (c.storage.LockedNfts.contains(io, petId)) return critterError('NftLocked')
  const received = ownedIds(c, io, to)
  if (received.length >= c.config.MaxOwnedPets) return critterError('RecipientExceedMaxOwnedPets')

  setOwnedIds(c, io, from, withoutId(ownedIds(c, io, from), petId))
  setOwnedIds(c, io, to, insertSorted(received, petId))
  c.storage.PetNftOwner.set(io, petId, to)
  return changePet(c, ctx, found.pet, ['Ownership'], next =>
    depositPetEvent(
      ctx,
      petId,
      {
        type: 'PetNftTransferred',
        value: {
          from,
          to,
          pet_id: petId,
          version: next.state_version,
          block_number: ctx.blockNumber,
        },
      },
      [from, to],
    ),
  )
}

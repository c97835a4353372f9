import { type AccountId, bytesEqual } from '../../../primitives/index.ts'
import type { ExecutionContext } from '../../frame/context.ts'
import { type DispatchResult, OK } from '../../frame/dispatch.ts'
import { type Critter, critterError } from '../critter.ts'
import { depositPetEvent, ownedPet } from '../pets.ts'
import { registeredHooks } from '../sync-hooks.ts'

/**
 * `acknowledge_sync`: an off-chain subscriber says it has synced `flags` of a pet at `version`.
 * The caller must own an enabled hook whose interests cover every flag (the lowest such hook id
 * is reported), and `version` must be the pet's current version: an acknowledgement of an older
 * version would clear flags of changes the subscriber has not seen (`StaleSyncAcknowledgement`).
 * Clearing flags is not a pet change: the version stays.
 */
export const acknowledgeSync = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  petId: number,
  flags: number,
  version: number,
): DispatchResult => {
  const found = ownedPet(c, ctx, petId, undefined)
  if (found.type === 'Err') return found.result
  if (flags === 0) return critterError('EmptySyncFlags')
  let hookId: number | undefined
  for (const [id, info] of registeredHooks(c, ctx.storage)) {
    const covers = (info.interests & flags) === flags
    if (
      info.enabled &&
      covers &&
      bytesEqual(info.account_id, who) &&
      (hookId === undefined || id < hookId)
    ) {
      hookId = id
    }
  }
  if (hookId === undefined) return critterError('NoSyncPermission')
  const { pet } = found
  if (version !== pet.state_version) return critterError('StaleSyncAcknowledgement')
  const remaining = pet.sync_flags & ~flags & 0xff
  c.storage.PetNfts.set(ctx.storage, petId, { ...pet, sync_flags: remaining })
  depositPetEvent(
    ctx,
    petId,
    {
      type: 'SyncAcknowledged',
      value: {
        pet_id: petId,
        account_id: who,
        hook_id: hookId,
        flags,
        remaining_flags: remaining,
        version,
        block_number: ctx.blockNumber,
      },
    },
    [who],
  )
  return OK
}

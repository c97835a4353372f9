import type { AccountId } from '../../../primitives/index.ts'
import type { ExecutionContext } from '../../frame/context.ts'
import { type DispatchResult, isErr, OK } from '../../frame/dispatch.ts'
import { type Critter, critterError } from '../critter.ts'
import { changePet, depositPetEvent, ownedPet } from '../pets.ts'
import type { StateChangeType } from '../types.ts'

/** One metadata update: new name and/or traits for a pet that must be at `expected_version`. */
export interface MetadataUpdate {
  readonly pet_id: number
  readonly name: Uint8Array | undefined
  readonly personality_traits: readonly Uint8Array[] | undefined
  readonly expected_version: number
}

const checkInput = (c: Critter, update: MetadataUpdate): DispatchResult => {
  const { name, personality_traits: traits } = update
  if (name === undefined && traits === undefined) return critterError('NothingToUpdate')
  if (name !== undefined && name.length > c.config.MaxPetNameLen)
    return critterError('PetNameTooLong')
  if (traits !== undefined) {
    if (traits.length > c.config.MaxPetPersonalityTraits)
      return critterError('TooManyPersonalityTraits')
    if (traits.some(t => t.length > c.config.MaxTraitStringLen))
      return critterError('TraitStringTooLong')
  }
  return OK
}

/**
 * Applies one update with optimistic concurrency: ownership, then input, then the version check
 * (`ConcurrentModification`). A given name is a `BasicInfo` change, given traits (replacing the
 * whole list) a `Traits` change; together they are one version bump.
 */
export const applyMetadataUpdate = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  update: MetadataUpdate,
): DispatchResult => {
  const found = ownedPet(c, ctx, update.pet_id, who)
  if (found.type === 'Err') return found.result
  const checked = checkInput(c, update)
  if (isErr(checked)) return checked
  const { pet, owner } = found
  if (pet.state_version !== update.expected_version) return critterError('ConcurrentModification')

  const aspects: StateChangeType[] = []
  let next = pet
  if (update.name !== undefined) {
    next = { ...next, current_pet_name: update.name }
    aspects.push('BasicInfo')
  }
  if (update.personality_traits !== undefined) {
    next = { ...next, personality_traits: [...update.personality_traits] }
    aspects.push('Traits')
  }
  return changePet(c, ctx, next, aspects, changed =>
    depositPetEvent(
      ctx,
      changed.id,
      {
        type: 'PetNftMetadataUpdated',
        value: {
          owner,
          pet_id: changed.id,
          new_name: update.name,
          new_traits:
            update.personality_traits === undefined ? undefined : [...update.personality_traits],
          version: changed.state_version,
          block_number: ctx.blockNumber,
        },
      },
      [owner],
    ),
  )
}

/**
 * `batch_update_pet_metadata`: several pets, each at its own expected version. Every update
 * applies or none does; a pet may appear once, so each touched pet moves exactly one version.
 */
export const batchUpdatePetMetadata = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  updates: readonly MetadataUpdate[],
): DispatchResult => {
  if (updates.length === 0) return critterError('EmptyBatch')
  if (updates.length > c.config.MaxBatchSize) return critterError('BatchTooLarge')
  const seen = new Set<number>()
  for (const update of updates) {
    if (seen.has(update.pet_id)) return critterError('DuplicatePetInBatch')
    seen.add(update.pet_id)
  }
  for (const update of updates) {
    const result = applyMetadataUpdate(c, ctx, who, update)
    if (isErr(result)) return result
  }
  return OK
}

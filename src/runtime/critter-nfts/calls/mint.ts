import { type AccountId, encode } from '../../../primitives/index.ts'
import type { ExecutionContext } from '../../frame/context.ts'
import { type DispatchResult, isErr, OK } from '../../frame/dispatch.ts'
import { type Critter, critterError } from '../critter.ts'
import { deriveCharter } from '../dna.ts'
import { depositPetEvent, ownedIds, setOwnedIds } from '../pets.ts'
import { notifyHooks } from '../sync-hooks.ts'
import { flagOf, type PetNft } from '../types.ts'

const MAX_PET_ID = 0xffff_ffff

const checkNames = (c: Critter, species: Uint8Array, name: Uint8Array): DispatchResult => {
  if (species.length > c.config.MaxSpeciesNameLen) return critterError('SpeciesNameTooLong')
  if (name.length > c.config.MaxPetNameLen) return critterError('PetNameTooLong')
  return OK
}

/** Values every pet of one mint shares, encoded once for the whole batch. */
interface SharedBytes {
  /** The owner, as `PetNftOwner` stores it. */
  readonly owner: Uint8Array
  /** Version 1, as `PetStateVersions` stores it. */
  readonly version: Uint8Array
}

const sharedBytes = (c: Critter, owner: AccountId): SharedBytes => ({
  owner: encode(c.storage.PetNftOwner.shape, owner),
  version: encode(c.storage.PetStateVersions.shape, 1),
})

/**
 * Creates pet `id` for `owner` at version 1 with its DNA charter and fresh dynamic state, writes
 * it (except the owner list, which callers update once), and reports it: `PetNftMinted`, then a
 * `BasicInfo` notification. A mint is a `BasicInfo` change, so the pet starts with that flag set.
 */
export const createPet = (
  c: Critter,
  ctx: ExecutionContext,
  owner: AccountId,
  id: number,
  species: Uint8Array,
  name: Uint8Array,
  notify: boolean,
  shared: SharedBytes = sharedBytes(c, owner),
): PetNft => {
  const charter = deriveCharter(ctx.parentHash, owner, id, species, name)
  const block = ctx.blockNumber
  const pet: PetNft = {
    id,
    dna_hash: charter.dna,
    initial_species: species,
    current_pet_name: name,
    base_strength: charter.strength,
    base_agility: charter.agility,
    base_intelligence: charter.intelligence,
    base_vitality: charter.vitality,
    primary_elemental_affinity: charter.element,
    level: 1,
    experience_points: 0,
    mood_indicator: c.config.MaxMoodValue,
    last_fed_block: block,
    last_played_block: block,
    personality_traits: [],
    last_state_update_block: block,
    state_version: 1,
    sync_flags: flagOf('BasicInfo'),
  }
  const io = ctx.storage
  c.storage.PetNfts.set(io, id, pet)
  // The same bytes `set` would encode, shared by the batch: stored values are never mutated.
  io.set(c.storage.PetNftOwner.keyOf(id), shared.owner)
  io.set(c.storage.PetStateVersions.keyOf(id), shared.version)
  if (notify) {
    depositPetEvent(
      ctx,
      id,
      {
        type: 'PetNftMinted',
        value: {
          owner,
          pet_id: id,
          species,
          name,
          dna_hash: charter.dna,
          base_strength: charter.strength,
          base_agility: charter.agility,
          base_intelligence: charter.intelligence,
          base_vitality: charter.vitality,
          elemental_affinity: charter.element,
          mood: pet.mood_indicator,
          version: 1,
          block_number: block,
        },
      },
      [owner],
    )
    notifyHooks(c, ctx, pet, 'BasicInfo')
  }
  return pet
}

/**
 * Mints every `(species, name)` pair to `owner`, in order, with consecutive ids: all of them or,
 * on the first invalid entry, none (the runtime reverts the call's layer).
 */
export const mintPets = (
  c: Critter,
  ctx: ExecutionContext,
  owner: AccountId,
  pets: readonly (readonly [Uint8Array, Uint8Array])[],
  notify = true,
): DispatchResult => {
  if (ctx.hookDepth > 0) return critterError('ReentrantPetChange')
  const owned = ownedIds(c, ctx.storage, owner)
  if (owned.length + pets.length > c.config.MaxOwnedPets) return critterError('ExceedMaxOwnedPets')
  const first = c.storage.NextPetId.get(ctx.storage)
  if (first + pets.length > MAX_PET_ID) return critterError('NextPetIdOverflow')
  for (const [species, name] of pets) {
    const checked = checkNames(c, species, name)
    if (isErr(checked)) return checked
  }
  const shared = sharedBytes(c, owner)
  const ids: number[] = []
  pets.forEach(([species, name], i) => {
    createPet(c, ctx, owner, first + i, species, name, notify, shared)
    ids.push(first + i)
  })
  // New ids are above every existing id, so appending keeps the owner list sorted.
  setOwnedIds(c, ctx.storage, owner, owned.concat(ids))
  c.storage.NextPetId.set(ctx.storage, first + pets.length)
  return OK
}

/** `mint_pet_nft`: one pet for the caller. */
export const mintPetNft = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  species: Uint8Array,
  name: Uint8Array,
) => mintPets(c, ctx, who, [[species, name]])

/** `batch_mint_pet_nfts`: 1 to `MaxBatchSize` pets for the caller, all or nothing. */
export const batchMintPetNfts = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  pets: readonly (readonly [Uint8Array, Uint8Array])[],
): DispatchResult => {
  if (pets.length === 0) return critterError('EmptyBatch')
  if (pets.length > c.config.MaxBatchSize) return critterError('BatchTooLarge')
  return mintPets(c, ctx, who, pets)
}

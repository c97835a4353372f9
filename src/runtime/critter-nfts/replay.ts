import type { AccountId } from '../../primitives/index.ts'
import type { CritterEvent } from './schema.ts'
import { flagOf, type PetNft } from './types.ts'

/** A pet as a follower rebuilds it from events: the pet, its owner and whether it is locked. */
export interface ReplayedPet {
  readonly pet: PetNft
  readonly owner: AccountId
  readonly locked: boolean
}

type PetUpdate = Partial<PetNft> & Pick<PetNft, 'state_version' | 'last_state_update_block'>

const update = (
  pets: Map<number, ReplayedPet>,
  id: number,
  changes: PetUpdate,
  extra: Partial<ReplayedPet> = {},
) => {
  const current = pets.get(id)
  if (current === undefined) return
  pets.set(id, { ...current, ...extra, pet: { ...current.pet, ...changes } })
}

/**
 * Applies one CritterNfts event to a follower's pets, in chain order. Events carry resulting
 * values (not deltas), so applying the events of a block range to the state at its start yields
 * exactly the chain's pets at its end. This is the reducer the sync service builds on.
 *
 * @example
 * for (const record of events) if (record.event.type === 'CritterNfts') applyCritterEvent(pets, record.event.value)
 */
export const applyCritterEvent = (pets: Map<number, ReplayedPet>, event: CritterEvent): void => {
  switch (event.type) {
    case 'PetNftMinted': {
      const e = event.value
      pets.set(e.pet_id, {
        owner: e.owner,
        locked: false,
        pet: {
          id: e.pet_id,
          dna_hash: e.dna_hash,
          initial_species: e.species,
          current_pet_name: e.name,
          base_strength: e.base_strength,
          base_agility: e.base_agility,
          base_intelligence: e.base_intelligence,
          base_vitality: e.base_vitality,
          primary_elemental_affinity: e.elemental_affinity,
          level: 1,
          experience_points: 0,
          mood_indicator: e.mood,
          last_fed_block: e.block_number,
          last_played_block: e.block_number,
          personality_traits: [],
          last_state_update_block: e.block_number,
          state_version: e.version,
          sync_flags: 0,
        },
      })
      return
    }
    case 'PetNftTransferred': {
      const e = event.value
      update(
        pets,
        e.pet_id,
        { state_version: e.version, last_state_update_block: e.block_number },
        { owner: e.to },
      )
      return
    }
    case 'PetNftMetadataUpdated': {
      const e = event.value
      update(pets, e.pet_id, {
        state_version: e.version,
        last_state_update_block: e.block_number,
        ...(e.new_name === undefined ? {} : { current_pet_name: e.new_name }),
        ...(e.new_traits === undefined ? {} : { personality_traits: e.new_traits }),
      })
      return
    }
    case 'PetFed':
    case 'PetPlayedWith': {
      const e = event.value
      update(pets, e.pet_id, {
        state_version: e.version,
        last_state_update_block: e.block_number,
        mood_indicator: e.new_mood,
        level: e.new_level,
        experience_points: e.experience_points,
        ...(event.type === 'PetFed'
          ? { last_fed_block: e.block_number }
          : { last_played_block: e.block_number }),
      })
      return
    }
    case 'PetLeveledUp': {
      const e = event.value
      update(pets, e.pet_id, {
        state_version: e.version,
        last_state_update_block: e.block_number,
        level: e.new_level,
        experience_points: e.experience_points,
      })
      return
    }
    case 'PetNeglected': {
      const e = event.value
      update(pets, e.pet_id, {
        state_version: e.version,
        last_state_update_block: e.block_number,
        mood_indicator: e.new_mood,
      })
      return
    }
    case 'NftLocked':
    case 'NftUnlocked': {
      const e = event.value
      update(
        pets,
        e.pet_id,
        { state_version: e.version, last_state_update_block: e.block_number },
        { locked: event.type === 'NftLocked' },
      )
      return
    }
    case 'PetStateSynchronized': {
      const e = event.value
      const current = pets.get(e.pet_id)
      if (current === undefined) return
      update(pets, e.pet_id, {
        state_version: e.version,
        last_state_update_block: current.pet.last_state_update_block,
        sync_flags: current.pet.sync_flags | flagOf(e.change_type),
      })
      return
    }
    case 'SyncAcknowledged': {
      const e = event.value
      const current = pets.get(e.pet_id)
      if (current === undefined) return
      update(pets, e.pet_id, {
        state_version: e.version,
        last_state_update_block: current.pet.last_state_update_block,
        sync_flags: e.remaining_flags,
      })
      return
    }
    default:
      return
  }
}

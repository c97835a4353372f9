import {
  AccountId32,
  bool,
  boundedBytes,
  boundedVec,
  enumeration,
  fixedBytes,
  type Infer,
  named,
  struct,
  u8,
  u32,
} from '../../primitives/index.ts'
import { BlockNumber } from '../frame/types.ts'
import type { CritterNftsConfig } from './config.ts'

const PATH = ['pallet_critter_nfts']

/** A pet's id: sequential from 0. */
export const PetId = named(u32, 'PetId')

/** The eight elements, in their SCALE index order. */
export const ELEMENTS = [
  'Neutral',
  'Fire',
  'Water',
  'Earth',
  'Air',
  'Tech',
  'Nature',
  'Mystic',
] as const

/** A pet's elemental affinity. */
export const ElementType = enumeration([...PATH, 'ElementType'], ELEMENTS)
/** A pet's elemental affinity. */
export type ElementType = Infer<typeof ElementType>

/** The aspects of a pet that can change, in the order that gives each its flag bit (`1 << index`). */
export const STATE_CHANGE_TYPES = [
  'BasicInfo',
  'Stats',
  'Traits',
  'Ownership',
  'Interactions',
  'LevelAndXp',
  'Mood',
  'Other',
] as const

/** An aspect of a pet that changed. */
export const StateChangeType = enumeration(
  [...PATH, 'sync', 'StateChangeType'],
  STATE_CHANGE_TYPES,
  {
    docs: ['An aspect of a pet; its sync flag and interest bit is `1 << index`.'],
  },
)
/** An aspect of a pet that changed. */
export type StateChangeType = Infer<typeof StateChangeType>

const FLAG_OF = new Map(STATE_CHANGE_TYPES.map((t, i) => [t as StateChangeType, 1 << i]))

/**
 * The sync-flag (and hook-interest) bit of an aspect.
 *
 * @example flagOf('Ownership') // 0x08
 */
export const flagOf = (change: StateChangeType): number => FLAG_OF.get(change) as number

/** All eight aspect bits. */
export const ALL_FLAGS = 0xff

/**
 * The shapes whose bounds depend on the configuration. Bounds only change validation, never the
 * metadata type, so every configuration has the same type registry.
 */
export const createCritterTypes = (config: CritterNftsConfig) => {
  const SpeciesName = named(boundedBytes(config.MaxSpeciesNameLen), 'SpeciesType')
  const PetName = named(boundedBytes(config.MaxPetNameLen), 'BoundedVec<u8, T::MaxPetNameLen>')
  const TraitString = named(boundedBytes(config.MaxTraitStringLen), 'TraitTypeString')
  const Traits = named(
    boundedVec(TraitString, config.MaxPetPersonalityTraits),
    'BoundedVec<TraitTypeString, T::MaxPetPersonalityTraits>',
  )
  const PetNft = struct(
    [...PATH, 'PetNft'],
    {
      id: PetId,
      dna_hash: named(fixedBytes(32), 'DnaHashType'),
      initial_species: SpeciesName,
      current_pet_name: PetName,
      base_strength: u8,
      base_agility: u8,
      base_intelligence: u8,
      base_vitality: u8,
      primary_elemental_affinity: ElementType,
      level: u32,
      experience_points: u32,
      mood_indicator: u8,
      last_fed_block: BlockNumber,
      last_played_block: BlockNumber,
      personality_traits: Traits,
      last_state_update_block: BlockNumber,
      state_version: u32,
      sync_flags: u8,
    },
    {
      params: [{ name: 'T', type: undefined }],
      docs: ['A pet: immutable charter from its DNA, plus dynamic state.'],
    },
  )
  const HookInfo = struct(
    [...PATH, 'sync', 'HookInfo'],
    {
      account_id: AccountId32,
      interests: u8,
      priority: u8,
      enabled: bool,
      last_execution: BlockNumber,
      execution_count: u32,
    },
    {
      params: [
        { name: 'AccountId', type: AccountId32.def },
        { name: 'BlockNumber', type: BlockNumber.def },
      ],
      docs: ['A registered sync hook: an off-chain subscriber, its interests and its priority.'],
    },
  )
  const OwnedPets = named(
    boundedVec(PetId, config.MaxOwnedPets),
    'BoundedVec<PetId, T::MaxOwnedPets>',
  )
  return { SpeciesName, PetName, TraitString, Traits, PetNft, HookInfo, OwnedPets }
}

/** The configuration-dependent shapes. */
export type CritterTypes = ReturnType<typeof createCritterTypes>
/** A pet, as stored in `PetNfts`. */
export type PetNft = Infer<CritterTypes['PetNft']>
/** A registered sync hook, as stored in `SyncHookRegistry`. */
export type HookInfo = Infer<CritterTypes['HookInfo']>

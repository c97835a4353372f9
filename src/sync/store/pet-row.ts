import { bytesToHex } from '../../primitives/index.ts'
import { ELEMENTS } from '../../runtime/index.ts'
import type { ReplicaPet } from '../types.ts'
import { flag, type RawRow, rowReader, type SqlValue } from './row-check.ts'

const read = rowReader('pets', row => `id ${String(row['id'])}`)

/**
 * The columns of `pets`, in the order `petValues` gives them: every `PetNft` field under its own
 * name, then the replica's own columns.
 */
export const PET_COLUMNS = [
  'id',
  'dna_hash',
  'initial_species',
  'current_pet_name',
  'base_strength',
  'base_agility',
  'base_intelligence',
  'base_vitality',
  'primary_elemental_affinity',
  'level',
  'experience_points',
  'mood_indicator',
  'last_fed_block',
  'last_played_block',
  'personality_traits',
  'last_state_update_block',
  'state_version',
  'sync_flags',
  'owner',
  'locked',
  'updated_at_block',
] as const

/** A column of `pets`. */
export type PetColumn = (typeof PET_COLUMNS)[number]

/**
 * A pet as statement parameters, in `PET_COLUMNS` order: bytes as bytes, the element by name,
 * the traits as a JSON array of 0x-hex strings, `locked` as 0/1.
 */
export const petValues = (row: ReplicaPet): SqlValue[] => {
  const p = row.pet
  return [
    p.id,
    p.dna_hash,
    p.initial_species,
    p.current_pet_name,
    p.base_strength,
    p.base_agility,
    p.base_intelligence,
    p.base_vitality,
    p.primary_elemental_affinity,
    p.level,
    p.experience_points,
    p.mood_indicator,
    p.last_fed_block,
    p.last_played_block,
    JSON.stringify(p.personality_traits.map(bytesToHex)),
    p.last_state_update_block,
    p.state_version,
    p.sync_flags,
    row.owner,
    flag(row.locked),
    row.updatedAtBlock,
  ]
}

/**
 * A `pets` row read back, every column checked for its type and range (not the chain's
 * configured bounds: the replica holds whatever the chain said). Throws `CORRUPT_ROW`.
 */
export const petFromRow = (row: RawRow): ReplicaPet => ({
  pet: {
    id: read.u32(row, 'id'),
    dna_hash: read.bytes(row, 'dna_hash', 32),
    initial_species: read.bytes(row, 'initial_species'),
    current_pet_name: read.bytes(row, 'current_pet_name'),
    base_strength: read.u8(row, 'base_strength'),
    base_agility: read.u8(row, 'base_agility'),
    base_intelligence: read.u8(row, 'base_intelligence'),
    base_vitality: read.u8(row, 'base_vitality'),
    primary_elemental_affinity: read.oneOf(row, 'primary_elemental_affinity', ELEMENTS),
    level: read.u32(row, 'level'),
    experience_points: read.u32(row, 'experience_points'),
    mood_indicator: read.u8(row, 'mood_indicator'),
    last_fed_block: read.u32(row, 'last_fed_block'),
    last_played_block: read.u32(row, 'last_played_block'),
    personality_traits: read.hexList(row, 'personality_traits'),
    last_state_update_block: read.u32(row, 'last_state_update_block'),
    state_version: read.u32(row, 'state_version'),
    sync_flags: read.u8(row, 'sync_flags'),
  },
  owner: read.bytes(row, 'owner', 32),
  locked: read.bool(row, 'locked'),
  updatedAtBlock: read.u32(row, 'updated_at_block'),
})

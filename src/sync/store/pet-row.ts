import { bytesToHex } from '../../primitives/index.ts'
import { ELEMENTS } from '../../runtime/index.ts'
import type { ReplicaPet } from '../types.ts'
import { columns, flag, type RawRow, type SqlValue } from './row-check.ts'

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
export const petFromRow = (row: RawRow): ReplicaPet => {
  const c = columns('pets', row, `id ${String(row['id'])}`)
  return {
    pet: {
      id: c.u32('id'),
      dna_hash: c.bytes('dna_hash', 32),
      initial_species: c.bytes('initial_species'),
      current_pet_name: c.bytes('current_pet_name'),
      base_strength: c.u8('base_strength'),
      base_agility: c.u8('base_agility'),
      base_intelligence: c.u8('base_intelligence'),
      base_vitality: c.u8('base_vitality'),
      primary_elemental_affinity: c.oneOf('primary_elemental_affinity', ELEMENTS),
      level: c.u32('level'),
      experience_points: c.u32('experience_points'),
      mood_indicator: c.u8('mood_indicator'),
      last_fed_block: c.u32('last_fed_block'),
      last_played_block: c.u32('last_played_block'),
      personality_traits: c.hexList('personality_traits'),
      last_state_update_block: c.u32('last_state_update_block'),
      state_version: c.u32('state_version'),
      sync_flags: c.u8('sync_flags'),
    },
    owner: c.bytes('owner', 32),
    locked: c.bool('locked'),
    updatedAtBlock: c.u32('updated_at_block'),
  }
}

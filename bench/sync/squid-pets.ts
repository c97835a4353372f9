// The Subsquid squid's mapping, written as a squid author would: each CritterNfts event, as the
// processor decoded it (camelCase fields, bytes as 0x-hex, enums as `{ __kind }`), updates the pet
// rows of the batch (loaded from the database first, as a TypeORM squid does with `findBy`) and
// becomes one history row. The rows are those of our replica's `pets` and `pet_changes` tables.
import { STATE_CHANGE_TYPES } from '../../src/runtime/index.ts'
import type { PetColumn } from '../../src/sync/store/pet-row.ts'

/** A `pets` row by column, as the database gives it back and takes it. */
export type PetRow = Record<PetColumn, number | string | Uint8Array>

/** A `pet_changes` row: block, event index, pet, event name, version, payload JSON. */
export type ChangeRow = [number, number, number, string, number, string]

/** An event as the processor hands it to the data handler. */
export interface SquidEvent {
  readonly name: string
  readonly index: number
  readonly args: Record<string, unknown>
}

const FLAG_ORDER: readonly string[] = STATE_CHANGE_TYPES

const bytes = (hex: unknown): Uint8Array => Buffer.from(String(hex).slice(2), 'hex')
const num = (value: unknown): number => Number(value)

/** The pet an event is about, or `undefined` for hook events. */
export const petOf = (event: SquidEvent): number | undefined =>
  event.args['petId'] === undefined ? undefined : num(event.args['petId'])

const minted = (a: Record<string, unknown>, block: number): PetRow => ({
  id: num(a['petId']),
  dna_hash: bytes(a['dnaHash']),
  initial_species: bytes(a['species']),
  current_pet_name: bytes(a['name']),
  base_strength: num(a['baseStrength']),
  base_agility: num(a['baseAgility']),
  base_intelligence: num(a['baseIntelligence']),
  base_vitality: num(a['baseVitality']),
  primary_elemental_affinity: String((a['elementalAffinity'] as { __kind: string }).__kind),
  level: 1,
  experience_points: 0,
  mood_indicator: num(a['mood']),
  last_fed_block: num(a['blockNumber']),
  last_played_block: num(a['blockNumber']),
  personality_traits: '[]',
  last_state_update_block: num(a['blockNumber']),
  state_version: 1,
  sync_flags: 0,
  owner: bytes(a['owner']),
  locked: 0,
  updated_at_block: block,
})

/**
 * Applies one event to `pets` (which holds every pet of the batch that exists) and returns its
 * history row, or `undefined` for an event about no pet.
 */
export const applyEvent = (
  pets: Map<number, PetRow>,
  event: SquidEvent,
  block: number,
): ChangeRow | undefined => {
  const id = petOf(event)
  if (id === undefined) return undefined
  const a = event.args
  const kind = event.name.slice('CritterNfts.'.length)
  if (kind === 'PetNftMinted') pets.set(id, minted(a, block))
  const pet = pets.get(id)
  if (pet === undefined) throw new RangeError(`${event.name} of unknown pet ${id} at ${block}`)
  pet.updated_at_block = block
  if (a['version'] !== undefined) pet.state_version = num(a['version'])
  if (a['blockNumber'] !== undefined && kind !== 'PetStateSynchronized')
    pet.last_state_update_block = num(a['blockNumber'])
  switch (kind) {
    case 'PetNftMetadataUpdated':
      if (a['newName'] !== undefined) pet.current_pet_name = bytes(a['newName'])
      if (a['newTraits'] !== undefined) pet.personality_traits = JSON.stringify(a['newTraits'])
      break
    case 'PetFed':
    case 'PetPlayedWith':
      pet.mood_indicator = num(a['newMood'])
      pet.level = num(a['newLevel'])
      pet.experience_points = num(a['experiencePoints'])
      if (kind === 'PetFed') pet.last_fed_block = num(a['blockNumber'])
      else pet.last_played_block = num(a['blockNumber'])
      break
    case 'PetLeveledUp':
      pet.level = num(a['newLevel'])
      pet.experience_points = num(a['experiencePoints'])
      break
    case 'PetNeglected':
      pet.mood_indicator = num(a['newMood'])
      break
    case 'PetNftTransferred':
      pet.owner = bytes(a['to'])
      break
    case 'NftLocked':
    case 'NftUnlocked':
      pet.locked = kind === 'NftLocked' ? 1 : 0
      break
    case 'PetStateSynchronized': {
      const flag = FLAG_ORDER.indexOf((a['changeType'] as { __kind: string }).__kind)
      pet.sync_flags = num(pet.sync_flags) | (1 << flag)
      break
    }
    case 'SyncAcknowledged':
      pet.sync_flags = num(a['remainingFlags'])
      break
  }
  return [block, event.index, id, kind, num(a['version'] ?? pet.state_version), JSON.stringify(a)]
}

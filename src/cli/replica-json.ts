import { bytesToHex, fromUtf8, ss58Encode } from '../primitives/index.ts'
import { STATE_CHANGE_TYPES } from '../runtime/index.ts'
import type { DeliveryRow, PetChangeRow, ReplicaPet } from '../sync/index.ts'

/** The aspects named by a sync-flag bitmask. */
const flagNames = (flags: number): string[] =>
  STATE_CHANGE_TYPES.filter((_, i) => (flags & (1 << i)) !== 0)

/** A replica pet as readable JSON: text as text, the owner as SS58, flags by aspect name. */
export const petToJson = ({ pet, owner, locked, updatedAtBlock }: ReplicaPet) => ({
  id: pet.id,
  owner: ss58Encode(owner),
  locked,
  species: fromUtf8(pet.initial_species),
  name: fromUtf8(pet.current_pet_name),
  dnaHash: bytesToHex(pet.dna_hash),
  stats: {
    strength: pet.base_strength,
    agility: pet.base_agility,
    intelligence: pet.base_intelligence,
    vitality: pet.base_vitality,
  },
  element: pet.primary_elemental_affinity,
  level: pet.level,
  experience: pet.experience_points,
  mood: pet.mood_indicator,
  lastFedBlock: pet.last_fed_block,
  lastPlayedBlock: pet.last_played_block,
  traits: pet.personality_traits.map(fromUtf8),
  lastStateUpdateBlock: pet.last_state_update_block,
  stateVersion: pet.state_version,
  syncFlags: flagNames(pet.sync_flags),
  updatedAtBlock,
})

/** A history row as JSON, with its event's fields parsed. */
export const changeToJson = (row: PetChangeRow) => ({
  block: row.blockNumber,
  eventIndex: row.eventIndex,
  version: row.version,
  change: row.changeType,
  event: JSON.parse(row.payload) as unknown,
})

/** A delivery as JSON, times as ISO strings. */
export const deliveryToJson = (row: DeliveryRow) => ({
  id: row.id,
  hook: row.hookId,
  key: row.idempotencyKey,
  block: row.blockNumber,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' ? new Date(row.nextAttemptAt).toISOString() : null,
  deliveredAt: row.deliveredAt === undefined ? null : new Date(row.deliveredAt).toISOString(),
  lastError: row.lastError ?? null,
  ack: row.ackStatus,
})

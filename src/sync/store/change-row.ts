import type { PetChangeRow } from '../types.ts'
import { columns, type RawRow, type SqlValue } from './row-check.ts'

/** The columns of `pet_changes`, in the order `changeValues` gives them. */
export const CHANGE_COLUMNS = [
  'block_number',
  'event_index',
  'pet_id',
  'change_type',
  'version',
  'payload',
] as const

/** A history row as statement parameters, in `CHANGE_COLUMNS` order. */
export const changeValues = (row: PetChangeRow): SqlValue[] => [
  row.blockNumber,
  row.eventIndex,
  row.petId,
  row.changeType,
  row.version,
  row.payload,
]

/** A `pet_changes` row read back, checked. Throws `CORRUPT_ROW`. */
export const changeFromRow = (row: RawRow): PetChangeRow => {
  const c = columns(
    'pet_changes',
    row,
    `(${String(row['block_number'])}, ${String(row['event_index'])})`,
  )
  return {
    blockNumber: c.u32('block_number'),
    eventIndex: c.u32('event_index'),
    petId: c.u32('pet_id'),
    changeType: c.text('change_type'),
    version: c.u32('version'),
    payload: c.json('payload'),
  }
}

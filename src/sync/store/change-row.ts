import type { PetChangeRow } from '../types.ts'
import { type RawRow, rowReader, type SqlValue } from './row-check.ts'

const read = rowReader(
  'pet_changes',
  row => `(${String(row['block_number'])}, ${String(row['event_index'])})`,
)

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
export const changeFromRow = (row: RawRow): PetChangeRow => ({
  blockNumber: read.u32(row, 'block_number'),
  eventIndex: read.u32(row, 'event_index'),
  petId: read.u32(row, 'pet_id'),
  changeType: read.text(row, 'change_type'),
  version: read.u32(row, 'version'),
  payload: read.json(row, 'payload'),
})

/**
 * The first and last block of history rows in strict chain order (block, then event index, each
 * row after the one before), as the planner writes them; `undefined` when they are not (a row
 * repeated or out of order) or there are none. Rows in chain order cannot repeat one another.
 *
 * @example chainSpan([changeOf(4, 0), changeOf(4, 2), changeOf(6, 1)]) // { first: 4, last: 6 }
 */
export const chainSpan = (
  rows: readonly PetChangeRow[],
): { first: number; last: number } | undefined => {
  let previous: PetChangeRow | undefined
  for (const row of rows) {
    if (
      previous !== undefined &&
      (row.blockNumber < previous.blockNumber ||
        (row.blockNumber === previous.blockNumber && row.eventIndex <= previous.eventIndex))
    )
      return undefined
    previous = row
  }
  const first = rows[0]
  return first === undefined || previous === undefined
    ? undefined
    : { first: first.blockNumber, last: previous.blockNumber }
}

import type { RepairRow } from '../types.ts'
import { columns, type RawRow, type SqlValue } from './row-check.ts'

/** The columns of `repairs` the writer fills, in the order `repairValues` gives them (`seq` is the database's). */
export const REPAIR_COLUMNS = [
  'block_number',
  'pet_id',
  'expected',
  'found',
  'repaired_to',
] as const

/** A repair as statement parameters, in `REPAIR_COLUMNS` order. */
export const repairValues = (row: RepairRow): SqlValue[] => [
  row.blockNumber,
  row.petId,
  row.expected,
  row.found,
  row.repairedTo,
]

/** A `repairs` row read back, checked. Throws `CORRUPT_ROW`. */
export const repairFromRow = (row: RawRow): RepairRow => {
  const c = columns('repairs', row, `seq ${String(row['seq'])}`)
  return {
    blockNumber: c.u32('block_number'),
    petId: c.u32('pet_id'),
    expected: c.u32('expected'),
    found: c.u32('found'),
    repairedTo: c.u32('repaired_to'),
  }
}

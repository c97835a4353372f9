import type { RepairRow } from '../types.ts'
import { type RawRow, rowReader, type SqlValue } from './row-check.ts'

const read = rowReader('repairs', row => `seq ${String(row['seq'])}`)

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
export const repairFromRow = (row: RawRow): RepairRow => ({
  blockNumber: read.u32(row, 'block_number'),
  petId: read.u32(row, 'pet_id'),
  expected: read.u32(row, 'expected'),
  found: read.u32(row, 'found'),
  repairedTo: read.u32(row, 'repaired_to'),
})

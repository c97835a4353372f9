import { bytesEqual } from '../../primitives/index.ts'
import type { Checkpoint } from '../types.ts'
import { type RawRow, rowReader } from './row-check.ts'

const read = rowReader('checkpoint', () => 'id 1')

/**
 * The `checkpoint` row read back: NULL number and hash for an empty replica (the row always
 * exists, so a writer can lock it). Throws `CORRUPT_ROW` on a half-empty or malformed row.
 */
export const checkpointFromRow = (row: RawRow): Checkpoint | undefined => {
  if (row['number'] === null && row['hash'] === null) return undefined
  return { number: read.u32(row, 'number'), hash: read.bytes(row, 'hash') }
}

/** True when two checkpoints name the same block (both absent counts as the same). */
export const sameCheckpoint = (a: Checkpoint | undefined, b: Checkpoint | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.number === b.number && bytesEqual(a.hash, b.hash)

/** How a checkpoint reads in an error message. */
export const describeCheckpoint = (c: Checkpoint | undefined): string =>
  c === undefined ? 'empty' : `block ${c.number}`

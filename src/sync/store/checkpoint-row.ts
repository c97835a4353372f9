import { bytesEqual } from '../../primitives/index.ts'
import type { Checkpoint } from '../types.ts'
import { columns, type RawRow } from './row-check.ts'

/**
 * The `checkpoint` row read back: NULL number and hash for an empty replica (the row always
 * exists, so a writer can lock it). Throws `CORRUPT_ROW` on a half-empty or malformed row.
 */
export const checkpointFromRow = (row: RawRow): Checkpoint | undefined => {
  if (row['number'] === null && row['hash'] === null) return undefined
  const c = columns('checkpoint', row, 'id 1')
  return { number: c.u32('number'), hash: c.bytes('hash') }
}

/** True when two checkpoints name the same block (both absent counts as the same). */
export const sameCheckpoint = (a: Checkpoint | undefined, b: Checkpoint | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.number === b.number && bytesEqual(a.hash, b.hash)

/** How a checkpoint reads in an error message. */
export const describeCheckpoint = (c: Checkpoint | undefined): string =>
  c === undefined ? 'empty' : `block ${c.number}`

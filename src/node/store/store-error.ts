// The module itself, not the primitives index: the indexer's worker thread loads this file, and
// the index would pull in the WebAssembly hashing code (half a second of start-up) it never uses.
import { CodedFault } from '../../primitives/errors.ts'

/** Why the block store refused or failed an operation. */
export type StoreErrorCode =
  /** The block's number is not `best + 1` (or 0 for the first block). */
  | 'NON_CONTIGUOUS_BLOCK'
  /** A hash is not 32 bytes, or the block's hash is already stored. */
  | 'INVALID_HASH'
  /** The block is malformed: header or an extrinsic not bytes, a key not lowercase hex bytes. */
  | 'INVALID_BLOCK'
  /** The store was closed. */
  | 'STORE_CLOSED'
  /** An earlier write failed; nothing further is accepted, reopen the store. */
  | 'STORE_FAILED'
  /** The files on disk are not a store this code understands, or are inconsistent. */
  | 'CORRUPT_STORE'

/**
 * A fault of the block store: an invalid block offered to `commit`, or a storage failure.
 *
 * @example
 * store.commit(block).catch(e => { if (e instanceof StoreError && e.code === 'NON_CONTIGUOUS_BLOCK') … })
 */
export class StoreError extends CodedFault<StoreErrorCode> {
  override readonly name = 'StoreError'
}

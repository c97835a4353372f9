import type { ChangeSet, StorageBackend } from '../../runtime/index.ts'

/** A block's number and hash. */
export interface BlockRef {
  /** Height, genesis is 0. */
  readonly number: number
  /** blake2_256 of the SCALE header (32 bytes). */
  readonly hash: Uint8Array
}

/** Everything the store keeps of one block: its identity, header, body and state diff. */
export interface StoredBlock extends BlockRef {
  /** The SCALE-encoded header, exactly as served (its blake2_256 is `hash`). */
  readonly header: Uint8Array
  /** The body: each extrinsic's bytes, including its compact length prefix. */
  readonly extrinsics: readonly Uint8Array[]
  /** The block's writes to state: a value per key, `null` for a deletion. */
  readonly changes: ChangeSet
}

/**
 * The node's persistent chain: headers, bodies, number ↔ hash, and state at every block.
 * Implemented over LMDB by `openLmdbStore` and in memory by `createMemoryStore`.
 *
 * Blocks are appended one after another (no forks: one authority, instant finality). State reads
 * reflect every block passed to `commit()`, including those whose commit has not resolved yet.
 *
 * @example
 * const store = await openLmdbStore({ path: './chain' })
 * await store.commit({ number: 0, hash, header, extrinsics: [], changes: genesis })
 * store.state.get(key) // current value
 * store.stateAt(0)?.get(key) // value after block 0
 */
export interface BlockStore {
  /** The last block passed to `commit()`; `undefined` only before genesis. */
  readonly best: BlockRef | undefined
  /** The hash of block 0, once committed. */
  readonly genesisHash: Uint8Array | undefined
  /**
   * Appends a block with its state diff. Resolves once the block is durable (on disk for LMDB);
   * rejects with a `StoreError` if the block is invalid (its number must be `best + 1`, or 0 when
   * empty). Blocks may be committed back to back without awaiting; reads see them at once.
   */
  commit(block: StoredBlock): Promise<void>
  /** The hash of block `number`, or `undefined` if there is none. */
  hashAt(number: number): Uint8Array | undefined
  /** The SCALE header of the block with this hash. */
  header(hash: Uint8Array): Uint8Array | undefined
  /** The number of the block with this hash. */
  numberOf(hash: Uint8Array): number | undefined
  /** The extrinsics of the block with this hash. */
  extrinsics(hash: Uint8Array): Uint8Array[] | undefined
  /** The current state: after `best`, always live. */
  readonly state: StorageBackend
  /** The state after block `number` (fixed, unaffected by later blocks), or `undefined` if unknown. */
  stateAt(number: number): StorageBackend | undefined
  /** The writes block `number` made (for storage subscriptions), or `undefined` if unknown. */
  changesAt?(number: number): ChangeSet | undefined
  /** Waits for pending commits, then releases the store. Further calls fail with `STORE_CLOSED`. */
  close(): Promise<void>
}

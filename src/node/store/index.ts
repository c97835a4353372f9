// Public surface of src/node/store: the BlockStore contract and its LMDB and in-memory adapters.

export type { BlockRef, BlockStore, StoredBlock } from './block-store.ts'
export type { IndexerMode } from './indexer.ts'
export {
  type LmdbBlockStore,
  type LmdbStoreOptions,
  type LmdbStoreStats,
  openLmdbStore,
} from './lmdb-store.ts'
export { createMemoryStore } from './memory-store.ts'
export { StoreError, type StoreErrorCode } from './store-error.ts'

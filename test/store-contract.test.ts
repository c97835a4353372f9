import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type BlockStore,
  createMemoryStore,
  type IndexerMode,
  type LmdbBlockStore,
  openLmdbStore,
} from '../src/node/store/index.ts'
import { runBlockStoreSuite, type StoreHarness } from './fixtures/store-suite.ts'

const memoryHarness = (): StoreHarness => ({
  open: () => Promise.resolve(createMemoryStore()),
  cleanup: () => Promise.resolve(),
  persistent: false,
})

const lmdbHarness = (indexer: IndexerMode, maxIndexBatchChanges?: number) => (): StoreHarness => {
  const path = mkdtempSync(join(tmpdir(), 'critter-store-'))
  return {
    open: () =>
      openLmdbStore({ path, indexer, ...(maxIndexBatchChanges ? { maxIndexBatchChanges } : {}) }),
    cleanup: () => {
      rmSync(path, { recursive: true, force: true })
      return Promise.resolve()
    },
    persistent: true,
    settle: (store: BlockStore, upTo?: number) => (store as LmdbBlockStore).syncIndex(upTo),
  }
}

runBlockStoreSuite('memory', memoryHarness)
// Manual indexing with one-change batches: the index lags exactly where the test says.
runBlockStoreSuite('lmdb, index lagging (manual, small batches)', lmdbHarness('manual', 1))
runBlockStoreSuite('lmdb, inline indexer', lmdbHarness('inline'))
// The production setting; a worker takes about a second to start under tsx, so fewer histories.
runBlockStoreSuite('lmdb, worker indexer', lmdbHarness('worker'), { propertyRuns: 4 })

import type { ChangeSet, StorageBackend, StorageKey } from '../../runtime/index.ts'
import type { BlockRef, BlockStore, StoredBlock } from './block-store.ts'
import { asBuffer, hashKey } from './hash-key.ts'
import { createIndexReader } from './index-reader.ts'
import { type IndexerMode, type IndexerProgress, startIndexer } from './indexer.ts'
import { openChainEnv, openIndexEnv, readChainTop, readIndexedUpTo } from './lmdb-env.ts'
import { keysOf, mergeKeys } from './merge-keys.ts'
import { type PendingBlock, PendingBlocks } from './pending-blocks.ts'
import {
  changeOffsets,
  decodeBody,
  decodeChanges,
  encodeBody,
  encodeChanges,
  encodeHeaderRecord,
  plainCopy,
  u32be,
} from './record-codec.ts'
import { StoreError } from './store-error.ts'
import { checkHash, HASH_LENGTH, isBlockNumber, validateBlockHead } from './validate.ts'

/** Options of `openLmdbStore`. */
export interface LmdbStoreOptions {
  /** Directory of the store (created if missing): `chain.mdb` and `index.mdb` live in it. */
  readonly path: string
  /**
   * Most state changes held in memory before the indexer has written them. Past it, `commit()`
   * resolves only once the indexer has caught up below it again (backpressure). Default 500,000
   * (roughly 150-200 MB). Also bounds the work of reopening: only these are re-read.
   */
  readonly maxUnindexedChanges?: number
  /** Most state changes per index transaction (whole blocks). Default 250,000. */
  readonly maxIndexBatchChanges?: number
  /** Where the index is built (see `IndexerMode`). Default `worker`. */
  readonly indexer?: IndexerMode
  /** Write the index through a writable memory map (faster large transactions). Default true. */
  readonly indexWritemap?: boolean
}

/** Counters of an LMDB store, for benchmarks and diagnostics. */
export interface LmdbStoreStats {
  /** Last block passed to `commit()`, or -1. */
  readonly best: number
  /** Last block known to be on disk, or -1. */
  readonly durable: number
  /** Last block the index holds, or -1. */
  readonly indexedUpTo: number
  /** Blocks held in memory, not yet indexed. */
  readonly pendingBlocks: number
  /** State changes held in memory, not yet indexed. */
  readonly pendingChanges: number
  /** Index transactions committed since open. */
  readonly indexBatches: number
  /** State changes indexed since open. */
  readonly indexedChanges: number
  /** Milliseconds spent in index transactions since open. */
  readonly indexMs: number
}

/** A `BlockStore` on LMDB, with a few controls over its indexer. */
export interface LmdbBlockStore extends BlockStore {
  /** Last block the state index holds (-1 if none); later blocks are served from memory. */
  readonly indexedUpTo: number
  /**
   * Resolves once every block up to `upTo` (default: every block committed so far) is durable
   * and indexed. In `manual` indexer mode this is what runs the indexer.
   */
  syncIndex(upTo?: number): Promise<void>
  /** Counters for benchmarks and diagnostics. */
  stats(): LmdbStoreStats
}

interface InFlight {
  readonly hash: Uint8Array
  readonly header: Uint8Array
  readonly extrinsics: readonly Uint8Array[]
}

/**
 * Opens (or creates) the node's block and state store in directory `path`.
 *
 * Each block is written as a few records (header, body, and its whole change set as one record)
 * in one durable LMDB transaction, so committing costs a handful of puts whatever the block's
 * size. State is indexed lazily: the newest blocks are served from memory, and an indexer (a
 * worker thread by default) writes them into a state db and a history db in large transactions,
 * moving its `indexedUpTo` marker in the same transaction. Reopening re-reads only the blocks
 * after that marker. See docs/adr/0005-block-store.md.
 *
 * @example
 * const store = await openLmdbStore({ path: '/var/lib/critter' })
 * await store.commit({ number: 0, hash, header, extrinsics: [], changes: genesis })
 * store.state.get(key)
 * await store.close()
 */
export const openLmdbStore = async (options: LmdbStoreOptions): Promise<LmdbBlockStore> => {
  const maxUnindexed = options.maxUnindexedChanges ?? 500_000
  const mode = options.indexer ?? 'worker'
  const writemap = options.indexWritemap ?? true
  const chain = openChainEnv(options.path)
  const index = openIndexEnv(options.path, { writemap })
  const reader = createIndexReader(index)
  const pending = new PendingBlocks()
  const inFlight = new Map<number, InFlight>()
  const inFlightByHash = new Map<string, number>()

  const top = readChainTop(chain)
  let indexedUpTo = readIndexedUpTo(index)
  if (indexedUpTo > top) {
    await Promise.all([chain.root.close(), index.root.close()])
    throw new StoreError(
      'CORRUPT_STORE',
      `the index holds block ${indexedUpTo} but the chain ends at ${top}`,
    )
  }
  const headerRecord = (n: number): Buffer | undefined => chain.headers.getBinary(u32be(n))
  const hashOf = (n: number): Uint8Array | undefined => {
    const record = headerRecord(n)
    return record === undefined ? undefined : plainCopy(record, 0, HASH_LENGTH)
  }
  // Blocks after the index's marker are durable but unindexed: back into memory with them.
  for (let n = indexedUpTo + 1; n <= top; n++) {
    const changes = chain.changes.getBinary(u32be(n))
    const hash = hashOf(n)
    if (changes === undefined || hash === undefined)
      throw new StoreError('CORRUPT_STORE', `block ${n} is incomplete in the chain file`)
    pending.push({ number: n, hash, changes, offsets: changeOffsets(changes) })
  }

  let best: BlockRef | undefined
  if (top >= 0) best = { number: top, hash: hashOf(top) as Uint8Array }
  let genesisHash = top >= 0 ? hashOf(0) : undefined
  let durable = top
  let closed = false
  let failure: StoreError | undefined
  const commits = new Set<Promise<void>>()
  let roomWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = []
  let indexWaiters: { upTo: number; resolve: () => void; reject: (e: unknown) => void }[] = []
  const counters = { batches: 0, changes: 0, ms: 0 }

  const fail = (error: unknown): void => {
    failure ??=
      error instanceof StoreError && error.code === 'STORE_FAILED'
        ? error
        : new StoreError('STORE_FAILED', 'the block store failed', { cause: error })
    for (const w of roomWaiters) w.reject(failure)
    for (const w of indexWaiters) w.reject(failure)
    roomWaiters = []
    indexWaiters = []
  }

  const onIndexed = (progress: IndexerProgress): void => {
    if (progress.upTo <= indexedUpTo) return
    // See the new index snapshot before forgetting the blocks it now holds.
    index.meta.resetReadTxn()
    indexedUpTo = progress.upTo
    pending.dropThrough(progress.upTo)
    counters.batches++
    counters.changes += progress.changes
    counters.ms += progress.ms
    if (pending.changeCount <= maxUnindexed) {
      for (const w of roomWaiters) w.resolve()
      roomWaiters = []
    }
    indexWaiters = indexWaiters.filter(w => {
      if (w.upTo > indexedUpTo) return true
      w.resolve()
      return false
    })
  }

  const indexer = startIndexer(
    mode,
    {
      path: options.path,
      chain,
      index,
      maxBatchChanges: options.maxIndexBatchChanges ?? 250_000,
      writemap,
    },
    { onIndexed, onError: fail },
  )
  if (durable > indexedUpTo) indexer.notify(durable)

  const waitForRoom = (): Promise<void> =>
    closed || mode === 'manual' || pending.changeCount <= maxUnindexed
      ? Promise.resolve()
      : new Promise((resolve, reject) => roomWaiters.push({ resolve, reject }))

  const write = async (number: number, written: Promise<boolean>): Promise<void> => {
    try {
      await written
      await ((written as { flushed?: Promise<unknown> }).flushed ?? chain.root.flushed)
    } catch (e) {
      fail(e)
      throw failure
    }
    if (number > durable) durable = number
    const kept = inFlight.get(number)
    if (kept !== undefined) inFlightByHash.delete(hashKey(kept.hash))
    inFlight.delete(number)
    indexer.notify(durable)
    await waitForRoom()
  }

  const commit = (block: StoredBlock): Promise<void> => {
    if (closed) throw new StoreError('STORE_CLOSED', 'the store is closed')
    if (failure !== undefined) throw failure
    validateBlockHead(block, best === undefined ? 0 : best.number + 1)
    if (
      inFlightByHash.has(hashKey(block.hash)) ||
      chain.hashes.getBinaryFast(asBuffer(block.hash)) !== undefined
    )
      throw new StoreError(
        'INVALID_HASH',
        `block ${block.number} repeats the hash of another block`,
      )
    const { number } = block
    const hash = plainCopy(block.hash)
    const { bytes, offsets } = encodeChanges(block.changes)
    const header = plainCopy(block.header)
    const extrinsics = block.extrinsics.map(x => plainCopy(x))
    pending.push({ number, hash, changes: bytes, offsets })
    inFlight.set(number, { hash, header, extrinsics })
    inFlightByHash.set(hashKey(hash), number)
    best = { number, hash }
    if (number === 0) genesisHash = hash
    // One event turn, one transaction: the block's records are written atomically.
    const key = u32be(number)
    chain.headers.put(key, encodeHeaderRecord(hash, header))
    chain.bodies.put(key, encodeBody(extrinsics))
    chain.changes.put(key, bytes)
    const written = chain.hashes.put(Buffer.from(hash), key)
    const done = write(number, written)
    commits.add(done)
    void done.then(
      () => commits.delete(done),
      () => commits.delete(done),
    )
    return done
  }

  const numberOf = (hash: Uint8Array): number | undefined => {
    checkHash(hash)
    const n = inFlightByHash.get(hashKey(hash))
    if (n !== undefined) return n
    return chain.hashes.getBinaryFast(asBuffer(hash))?.readUInt32BE(0)
  }

  /** The value of `key` after block `n`: memory first, then the index as of min(n, indexedUpTo). */
  const valueAt = (key: StorageKey, n: number): Uint8Array | undefined => {
    if (n > indexedUpTo) {
      const value = pending.latestAt(key, n)
      if (value !== undefined) return value ?? undefined
    }
    return reader.getAt(key, Math.min(n, indexedUpTo))
  }

  const current: StorageBackend = {
    get(key) {
      const value = pending.latest(key)
      if (value !== undefined) return value ?? undefined
      return reader.get(key)
    },
    *keys(prefix, startAfter) {
      const changed = pending.changedKeys(prefix, startAfter)
      for (const { key, inFirst } of mergeKeys(reader.stateKeys(prefix, startAfter), changed)) {
        const value = pending.latest(key)
        // A key only in memory's list may have been indexed (and dropped) since: ask the index.
        if (value === undefined ? inFirst || reader.get(key) !== undefined : value !== null)
          yield key
      }
    },
  }

  const backendAt = (n: number): StorageBackend => ({
    get: key => valueAt(key, n),
    *keys(prefix, startAfter) {
      // Candidates: keys in the indexed state, keys with history (deleted or changed since), and
      // keys changed in memory; each is then read at n.
      const indexed = keysOf(
        mergeKeys(reader.stateKeys(prefix, startAfter), reader.historyKeys(prefix, startAfter)),
      )
      const changed = n > indexedUpTo ? pending.changedKeys(prefix, startAfter, n) : []
      for (const { key } of mergeKeys(indexed, changed))
        if (valueAt(key, n) !== undefined) yield key
    },
  })

  const blockNumberIfKnown = (n: number): boolean =>
    best !== undefined && isBlockNumber(n) && n <= best.number

  return {
    get best() {
      return best
    },
    get genesisHash() {
      return genesisHash
    },
    get indexedUpTo() {
      return indexedUpTo
    },
    commit(block) {
      try {
        return commit(block)
      } catch (e) {
        return Promise.reject(e)
      }
    },
    hashAt(n) {
      if (!blockNumberIfKnown(n)) return undefined
      return inFlight.get(n)?.hash ?? hashOf(n)
    },
    header(hash) {
      const n = numberOf(hash)
      if (n === undefined) return undefined
      const kept = inFlight.get(n)
      if (kept !== undefined) return kept.header
      const record = headerRecord(n)
      return record === undefined ? undefined : plainCopy(record, HASH_LENGTH)
    },
    numberOf,
    extrinsics(hash) {
      const n = numberOf(hash)
      if (n === undefined) return undefined
      const kept = inFlight.get(n)
      if (kept !== undefined) return [...kept.extrinsics]
      const body = chain.bodies.getBinary(u32be(n))
      return body === undefined ? undefined : decodeBody(body)
    },
    state: current,
    stateAt: n => (blockNumberIfKnown(n) ? backendAt(n) : undefined),
    changesAt(n): ChangeSet | undefined {
      if (!blockNumberIfKnown(n)) return undefined
      const kept: PendingBlock | undefined = pending.at(n)
      const record = kept?.changes ?? chain.changes.getBinary(u32be(n))
      return record === undefined ? undefined : decodeChanges(record)
    },
    syncIndex(requested) {
      if (failure !== undefined) return Promise.reject(failure)
      const last = best?.number ?? -1
      const upTo = requested === undefined ? last : Math.min(requested, last)
      return Promise.allSettled([...commits]).then(() => {
        if (failure !== undefined) throw failure
        if (indexedUpTo >= upTo) return
        indexer.runNow(upTo)
        if (indexedUpTo >= upTo) return
        return new Promise<void>((resolve, reject) => indexWaiters.push({ upTo, resolve, reject }))
      })
    },
    stats: () => ({
      best: best?.number ?? -1,
      durable,
      indexedUpTo,
      pendingBlocks: pending.size,
      pendingChanges: pending.changeCount,
      indexBatches: counters.batches,
      indexedChanges: counters.changes,
      indexMs: counters.ms,
    }),
    async close() {
      if (closed) return
      closed = true
      // Durability is not waited on by backpressure: release those waits, then drain the writes.
      for (const w of roomWaiters) w.resolve()
      roomWaiters = []
      await Promise.allSettled([...commits])
      await indexer.close()
      await Promise.all([chain.root.close(), index.root.close()])
    },
  }
}

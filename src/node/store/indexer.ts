import { Worker } from 'node:worker_threads'
import { type IndexedBatch, indexNextBlocks } from './index-writer.ts'
import type { ChainEnv, IndexEnv } from './lmdb-env.ts'
import { StoreError } from './store-error.ts'

/**
 * Where the index is built: `worker` (default) in a worker thread, off the main thread and its
 * event loop; `inline` on the main thread between events; `manual` only when asked
 * (`syncIndex`), for tests that need the index to lag on purpose.
 */
export type IndexerMode = 'worker' | 'inline' | 'manual'

/** An index batch with how long its transaction took. */
export interface IndexerProgress extends IndexedBatch {
  /** Milliseconds spent on the batch (read, group, write, commit). */
  readonly ms: number
}

/** What the indexer tells the store. */
export interface IndexerEvents {
  /** A batch was committed: the index now holds every block up to `upTo`. */
  onIndexed(progress: IndexerProgress): void
  /** Indexing failed; the store stops accepting blocks. */
  onError(error: unknown): void
}

/** Settings the indexer needs. */
export interface IndexerSettings {
  readonly path: string
  readonly chain: ChainEnv
  readonly index: IndexEnv
  readonly maxBatchChanges: number
  readonly writemap: boolean
}

/** The store's handle on its indexer. */
export interface Indexer {
  /** Blocks up to `upTo` are durable and may be indexed. */
  notify(upTo: number): void
  /** Indexes on this thread until `upTo` (if durable) is held: manual mode; a no-op for others. */
  runNow(upTo: number): void
  /** Stops indexing, abandoning a batch in progress (it commits nothing). */
  close(): Promise<void>
}

/** Data handed to the worker thread. */
export interface IndexerWorkerData {
  readonly path: string
  readonly writemap: boolean
  readonly maxBatchChanges: number
  /** Int32 flag, set to 1 to abandon the current batch and stop. */
  readonly stop: SharedArrayBuffer
}

/** Messages from the worker. */
export type IndexerWorkerMessage =
  | { readonly type: 'indexed'; readonly progress: IndexerProgress }
  | { readonly type: 'error'; readonly message: string }

const runBatch = (settings: IndexerSettings, target: number): IndexerProgress | undefined => {
  const start = performance.now()
  const batch = indexNextBlocks(settings.chain, settings.index, target, settings.maxBatchChanges)
  return batch === undefined ? undefined : { ...batch, ms: performance.now() - start }
}

const inlineIndexer = (
  settings: IndexerSettings,
  events: IndexerEvents,
  automatic: boolean,
): Indexer => {
  let target = -1
  let scheduled: NodeJS.Immediate | undefined
  let closed = false
  const step = (): void => {
    scheduled = undefined
    if (closed) return
    try {
      const progress = runBatch(settings, target)
      if (progress === undefined) return
      events.onIndexed(progress)
      if (progress.upTo < target) scheduled = setImmediate(step)
    } catch (e) {
      events.onError(e)
    }
  }
  return {
    notify(upTo) {
      target = Math.max(target, upTo)
      if (automatic && scheduled === undefined) scheduled = setImmediate(step)
    },
    runNow(upTo) {
      if (automatic || closed) return
      for (;;) {
        const progress = runBatch(settings, Math.min(upTo, target))
        if (progress === undefined) return
        events.onIndexed(progress)
        if (progress.upTo >= upTo) return
      }
    },
    close() {
      closed = true
      if (scheduled !== undefined) clearImmediate(scheduled)
      return Promise.resolve()
    },
  }
}

// Under tsx (or vitest) the worker's .ts source needs the tsx loader, which a worker thread does
// not inherit; compiled .js runs as is.
const workerSource = (url: URL): string =>
  url.pathname.endsWith('.ts')
    ? `import('tsx/esm/api').then(m => { m.register(); return import(${JSON.stringify(url.href)}) })`
    : `import(${JSON.stringify(url.href)})`

const workerIndexer = (settings: IndexerSettings, events: IndexerEvents): Indexer => {
  const stop = new SharedArrayBuffer(4)
  const data: IndexerWorkerData = {
    path: settings.path,
    writemap: settings.writemap,
    maxBatchChanges: settings.maxBatchChanges,
    stop,
  }
  const worker = new Worker(workerSource(new URL('./indexer-worker.ts', import.meta.url)), {
    eval: true,
    workerData: data,
  })
  let exited = false
  const exit = new Promise<void>(resolve => {
    worker.once('exit', () => {
      exited = true
      resolve()
    })
  })
  worker.on('message', (message: IndexerWorkerMessage) => {
    if (message.type === 'indexed') events.onIndexed(message.progress)
    else events.onError(new StoreError('STORE_FAILED', `indexer: ${message.message}`))
  })
  worker.on('error', e => events.onError(e))
  return {
    notify(upTo) {
      if (!exited) worker.postMessage({ type: 'target', upTo })
    },
    runNow() {},
    async close() {
      Atomics.store(new Int32Array(stop), 0, 1)
      if (!exited) worker.postMessage({ type: 'stop' })
      await exit
    },
  }
}

/** Starts the indexer in the given mode. */
export const startIndexer = (
  mode: IndexerMode,
  settings: IndexerSettings,
  events: IndexerEvents,
): Indexer =>
  mode === 'worker'
    ? workerIndexer(settings, events)
    : inlineIndexer(settings, events, mode === 'inline')

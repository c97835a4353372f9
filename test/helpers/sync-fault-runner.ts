// The sync service run in-process for a fault test: its own client (over any provider), a logger
// that keeps what it said, the totals of its batches, and its failure if `run` rejected.
import {
  type CritterClient,
  createClient,
  createCritterClient,
  createWsProvider,
  type JsonRpcProvider,
} from '../../src/client/index.ts'
import { createNodeRuntime } from '../../src/node/index.ts'
import type { LogFields, Logger } from '../../src/primitives/index.ts'
import type { SyncStore } from '../../src/sync/store/index.ts'
import { createSync, type SyncProgress } from '../../src/sync/sync-service.ts'

/** One line the service logged. */
export interface LogLine {
  readonly level: 'info' | 'warn' | 'error'
  readonly message: string
  readonly fields: LogFields
}

/** Sums over every batch the service committed. */
export interface SyncTotals {
  batches: number
  blocks: number
  events: number
  applied: number
  duplicates: number
  repairs: number
}

/** A sync service running in this process. */
export interface RunningSync {
  /** The service's own client. */
  readonly api: CritterClient
  readonly logs: LogLine[]
  readonly totals: SyncTotals
  /** The last batch's progress. */
  last(): SyncProgress | undefined
  /** What `run` rejected with, if it did. */
  failure(): unknown
  /** Throws the service's failure (for polling loops): a test must not wait on a dead sync. */
  alive(): void
  /** Resolves (or rejects) when `run` ends. */
  readonly done: Promise<void>
  /** Aborts `run`, waits for it, closes the client; rethrows a failure unless `ignoreFailure`. */
  stop(ignoreFailure?: boolean): Promise<void>
}

/** Options of `runSync`. */
export interface RunSyncOptions {
  readonly store: SyncStore
  /** The node's URL (a reconnecting WebSocket provider with a short backoff), or a provider. */
  readonly node: string | JsonRpcProvider
  readonly batchBlocks?: number
}

const { runtime, critter } = createNodeRuntime({ dev: true })

/**
 * Starts `createSync(...).run()` in this process.
 *
 * @example
 * const sync = runSync({ store, node: node.url, batchBlocks: 8 })
 * await waitFor('head', async () => { sync.alive(); return ... })
 * await sync.stop()
 */
export const runSync = (options: RunSyncOptions): RunningSync => {
  const provider =
    typeof options.node === 'string'
      ? createWsProvider(options.node, { reconnect: { minDelayMs: 50, maxDelayMs: 1000 } })
      : options.node
  const client = createClient(provider, { requestTimeoutMs: 30_000 })
  const api = createCritterClient({ client, runtime })
  const logs: LogLine[] = []
  const logger: Logger = {
    info: (message, fields = {}) => logs.push({ level: 'info', message, fields }),
    warn: (message, fields = {}) => logs.push({ level: 'warn', message, fields }),
    error: (message, fields = {}) => logs.push({ level: 'error', message, fields }),
  }
  const totals: SyncTotals = {
    batches: 0,
    blocks: 0,
    events: 0,
    applied: 0,
    duplicates: 0,
    repairs: 0,
  }
  let last: SyncProgress | undefined
  const sync = createSync({
    api,
    critter,
    store: options.store,
    logger,
    ...(options.batchBlocks === undefined ? {} : { batchBlocks: options.batchBlocks }),
    onBatch: progress => {
      last = progress
      totals.batches++
      totals.blocks += progress.blocks
      totals.events += progress.events
      totals.applied += progress.applied
      totals.duplicates += progress.duplicates
      totals.repairs += progress.repairs
    },
  })
  const controller = new AbortController()
  let failed: { error: unknown } | undefined
  const done = sync.run(controller.signal).catch((error: unknown) => {
    failed = { error }
    throw error
  })
  done.catch(() => undefined)
  return {
    api,
    logs,
    totals,
    last: () => last,
    failure: () => failed?.error,
    alive() {
      if (failed !== undefined) throw failed.error
    },
    done,
    async stop(ignoreFailure = false) {
      controller.abort()
      try {
        await done
      } catch (error) {
        if (!ignoreFailure) throw error
      } finally {
        client.close()
      }
    },
  }
}

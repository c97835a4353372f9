import { backoffDelay } from '../../client/index.ts'
import { type Logger, silentLogger } from '../../primitives/index.ts'
import type { AttemptOutcome, SyncStore } from '../store/sync-store.ts'
import type { DeliveryRow } from '../types.ts'
import { reasonOf } from './failure-reason.ts'
import type { RetryPolicy } from './hook-config.ts'
import { createPassLoop, type PassLoop } from './pass-loop.ts'
import type { DeliveryResult, DeliveryTransport } from './transport.ts'

/** Options of `createDeliveryWorker`. */
export interface DeliveryWorkerOptions {
  /** The replica store holding the delivery outbox. */
  readonly store: Pick<SyncStore, 'dueDeliveries' | 'recordAttempt'>
  /** Each configured hook's transport, by hook id (`createTransports`). */
  readonly transports: ReadonlyMap<number, DeliveryTransport>
  readonly retry: RetryPolicy
  /** Each failed attempt is a warning, each dead letter an error (default silent). */
  readonly logger?: Logger
  /** Unix ms (default `Date.now`); tests pass a fake clock. */
  readonly now?: () => number
  /** In [0, 1), for the backoff's jitter (default `Math.random`). */
  readonly random?: () => number
  /** Deliveries read per store query (default 100). */
  readonly batchSize?: number
  /** Poll interval when nobody calls `wake` (default 250 ms). */
  readonly pollMs?: number
}

/** What one `drain` did. */
export interface DrainSummary {
  /** Attempts made (each recorded). */
  readonly attempted: number
  readonly delivered: number
  /** Failed attempts that will be retried. */
  readonly retried: number
  /** Deliveries dead-lettered. */
  readonly dead: number
}

/** Hands the delivery outbox to the hooks' endpoints. */
export type DeliveryWorker = PassLoop<DrainSummary>

/**
 * The delay before the retry that follows attempt number `attempt` (1 for the first):
 * `initialMs * 2^(attempt-1)` capped at `maxMs`, with equal jitter (between half and all of it),
 * so that a recovered endpoint is not hit by every waiting delivery in the same instant.
 *
 * @example retryDelay(3, { initialMs: 500, maxMs: 60_000, maxAttempts: 8, timeoutMs: 10_000 }, () => 1) // 2000
 */
export const retryDelay = (
  attempt: number,
  retry: RetryPolicy,
  random: () => number = Math.random,
): number =>
  Math.max(
    1,
    backoffDelay(
      attempt - 1,
      { minDelayMs: retry.initialMs, maxDelayMs: retry.maxMs, factor: 2 },
      random,
    ),
  )

/**
 * A worker that delivers the outbox: it reads due deliveries (by ascending id, so in chain order
 * and, for one change, in hook priority order; the store hands out only the oldest pending
 * delivery of each hook and pet, so one hook sees one pet's versions in order), hands each to its
 * hook's transport, one at a time, and records the outcome: `delivered`; `retry` after
 * `retryDelay`; or `dead` after `maxAttempts` attempts, or at once when the hook has no
 * transport (its endpoint was removed from the config). `store.retryDead` puts dead letters back.
 *
 * Delivery is at least once: a crash between an attempt and its record repeats the attempt, so
 * receivers deduplicate by idempotency key (JetStream does it by message id). A failed attempt
 * never throws out of `run`; a store fault is logged and the pass retried after `pollMs`.
 *
 * @example
 * const worker = createDeliveryWorker({ store, transports, retry: config.retry, logger })
 * const stop = new AbortController()
 * void worker.run(stop.signal)
 * // after each committed batch:
 * worker.wake()
 */
export const createDeliveryWorker = (options: DeliveryWorkerOptions): DeliveryWorker => {
  const { store, transports, retry } = options
  const logger = options.logger ?? silentLogger
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const batchSize = options.batchSize ?? 100

  const attempt = async (
    row: DeliveryRow,
    signal: AbortSignal | undefined,
  ): Promise<DeliveryResult> => {
    const transport = transports.get(row.hookId)
    if (transport === undefined)
      return { type: 'failed', reason: `hook ${row.hookId} has no endpoint in the hook config` }
    try {
      return await transport.deliver(row, signal)
    } catch (error) {
      // Transports report failures as values; a throw is a bug there, but still just a failure here.
      return { type: 'failed', reason: reasonOf(error) }
    }
  }

  const pass = async (signal: AbortSignal | undefined): Promise<DrainSummary> => {
    const stopped = () => signal?.aborted === true
    let attempted = 0
    let delivered = 0
    let retried = 0
    let dead = 0
    // Delivering one change makes the same hook's next change for that pet due: read again
    // until nothing is due.
    for (;;) {
      const rows = await store.dueDeliveries(now(), batchSize)
      if (rows.length === 0) break
      for (const row of rows) {
        if (stopped()) return { attempted, delivered, retried, dead }
        const result = await attempt(row, signal)
        // Stopped mid-attempt: the outcome is unknown, so leave it due for the next start.
        if (stopped()) return { attempted, delivered, retried, dead }
        const number = row.attempts + 1
        const fields = { hookId: row.hookId, key: row.idempotencyKey, attempt: number }
        let outcome: AttemptOutcome
        if (result.type === 'delivered') {
          outcome = { type: 'delivered', at: now() }
          delivered++
        } else if (!transports.has(row.hookId) || number >= retry.maxAttempts) {
          outcome = { type: 'dead', error: result.reason }
          dead++
          logger.error('delivery dead-lettered', { ...fields, reason: result.reason })
        } else {
          const nextAttemptAt = now() + retryDelay(number, retry, random)
          outcome = { type: 'retry', error: result.reason, nextAttemptAt }
          retried++
          logger.warn('delivery failed; will retry', {
            ...fields,
            reason: result.reason,
            nextAttemptAt,
          })
        }
        await store.recordAttempt(row.id, outcome)
        attempted++
      }
    }
    return { attempted, delivered, retried, dead }
  }

  return createPassLoop({ pass, pollMs: options.pollMs ?? 250, logger, name: 'delivery' })
}

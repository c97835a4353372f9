// Signature verification across worker threads. sr25519 costs ~250 us per check on one core,
// which would cap the node at ~4k tx/s and stall the event loop; the pool spreads checks over
// every core and keeps the main thread free.
//
// Batching adapts to load without timers: a free worker takes whatever is queued, split evenly
// among the free workers and capped at `maxBatch`. Under light load a check goes out alone at
// once (lowest latency); under load the queue grows while workers are busy, so batches grow and
// the per-message cost vanishes.
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { CryptoInputError, type SignatureCheck } from '../../primitives/index.ts'
import { packChecks } from './batch-codec.ts'
import { VerifierFault } from './verifier-errors.ts'
import type { VerifyRequest, VerifyResponse } from './verify-worker.ts'

/** Options of `createVerifierPool`. */
export interface VerifierPoolOptions {
  /** Worker threads; defaults to `os.availableParallelism()`, at least 1. */
  readonly workers?: number
  /** The most checks sent to a worker in one message; 256 by default. */
  readonly maxBatch?: number
  /** The worker's entry module; tests swap in a faulty one. */
  readonly workerUrl?: URL
}

/** A pool of threads verifying signatures. */
export interface VerifierPool {
  /** How many worker threads verify. */
  readonly size: number
  /**
   * One verdict per check, in order. Rejects with `CryptoInputError` for a key or signature of the
   * wrong length, and with `VerifierFault` when the pool closes or a worker crashes first.
   */
  verify(checks: readonly SignatureCheck[]): Promise<boolean[]>
  /** Checks waiting for a worker or being verified. */
  pending(): number
  /** Stops every worker; unfinished jobs reject with `VERIFIER_CLOSED`. */
  close(): Promise<void>
}

const DEFAULT_WORKER = new URL('./verify-worker.ts', import.meta.url)
const DEFAULT_MAX_BATCH = 256
/** Workers that die this many times in a row without answering mean the code cannot run. */
const MAX_CONSECUTIVE_CRASHES = 3

interface Job {
  readonly checks: readonly SignatureCheck[]
  readonly verdicts: boolean[]
  remaining: number
  settled: boolean
  readonly resolve: (verdicts: boolean[]) => void
  readonly reject: (error: Error) => void
}

/** A run of one job's checks: `job.checks[from..to)`. */
interface Segment {
  readonly job: Job
  from: number
  readonly to: number
}

interface Slot {
  worker: Worker
  batch: { readonly id: number; readonly segments: readonly Segment[] } | undefined
  crashCause: unknown
}

/**
 * Starts a worker running `url`. Node 20 does not apply a parent's TypeScript loader (tsx) to
 * worker threads, even through `execArgv`, so a `.ts` entry is started by a small script that
 * registers tsx's ESM hooks in the worker first. Works under `tsx`, plain `node --import tsx`
 * and vitest alike; a `.js` entry (a compiled build) starts directly.
 */
const startWorker = (url: URL): Worker => {
  if (!url.pathname.endsWith('.ts')) return new Worker(url)
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href
  const bootstrap = `import(${JSON.stringify(tsxApi)})
    .then(tsx => { tsx.register(); return import(${JSON.stringify(url.href)}) })
    .catch(error => { process.nextTick(() => { throw error }) })`
  return new Worker(bootstrap, { eval: true })
}

const SIZES = { Sr25519: [32, 64], Ed25519: [32, 64] } as const

const checkLengths = (check: SignatureCheck): void => {
  if (check.scheme === 'Ecdsa') {
    // Never verifies (see verifySignature); only the batch format limits its lengths.
    if (check.publicKey.length > 255 || check.signature.length > 255)
      throw new CryptoInputError('ecdsa key or signature longer than 255 bytes')
    return
  }
  const sizes = SIZES[check.scheme]
  if (sizes === undefined) throw new CryptoInputError(`unknown signature scheme ${check.scheme}`)
  const [key, signature] = sizes
  if (check.publicKey.length !== key || check.signature.length !== signature) {
    throw new CryptoInputError(
      `${check.scheme} needs a ${key}-byte key and ${signature}-byte signature, got ` +
        `${check.publicKey.length} and ${check.signature.length}`,
    )
  }
}

/**
 * Starts `options.workers` verifier threads (by default one per core).
 *
 * @example
 * const pool = createVerifierPool()
 * const [valid] = await pool.verify([parsed.signed.signature])
 * await pool.close()
 */
export const createVerifierPool = (options: VerifierPoolOptions = {}): VerifierPool => {
  const size = Math.max(1, Math.floor(options.workers ?? availableParallelism()))
  const maxBatch = Math.max(1, Math.floor(options.maxBatch ?? DEFAULT_MAX_BATCH))
  const url = options.workerUrl ?? DEFAULT_WORKER

  const queue: Segment[] = []
  let head = 0
  let queued = 0
  let inFlight = 0
  let nextBatchId = 0
  let closed: VerifierFault | undefined
  let consecutiveCrashes = 0
  let scheduled = false
  const slots: Slot[] = []

  const fail = (job: Job, error: Error): void => {
    if (job.settled) return
    job.settled = true
    job.reject(error)
  }

  const spawn = (slot?: Slot): Slot => {
    const worker = startWorker(url)
    worker.unref()
    const s: Slot = slot ?? { worker, batch: undefined, crashCause: undefined }
    s.worker = worker
    s.batch = undefined
    s.crashCause = undefined
    worker.on('message', (response: VerifyResponse) => onResponse(s, response))
    worker.on('error', error => {
      s.crashCause = error
    })
    worker.on('exit', code => onExit(s, worker, code))
    return s
  }

  const onResponse = (slot: Slot, response: VerifyResponse): void => {
    const batch = slot.batch
    if (batch === undefined || batch.id !== response.id) return
    slot.batch = undefined
    slot.worker.unref()
    let answered = 0
    for (const segment of batch.segments) answered += segment.to - segment.from
    inFlight -= answered
    if ('error' in response) {
      const fault = new VerifierFault('VERIFIER_FAILED', `verifier worker: ${response.error}`)
      for (const segment of batch.segments) fail(segment.job, fault)
    } else {
      consecutiveCrashes = 0
      let at = 0
      for (const { job, from, to } of batch.segments) {
        for (let i = from; i < to; i++) job.verdicts[i] = response.verdicts[at++] === 1
        job.remaining -= to - from
        if (job.remaining === 0 && !job.settled) {
          job.settled = true
          job.resolve(job.verdicts)
        }
      }
    }
    dispatch()
  }

  const onExit = (slot: Slot, worker: Worker, code: number): void => {
    if (slot.worker !== worker || closed !== undefined) return
    const batch = slot.batch
    slot.batch = undefined
    const cause = slot.crashCause
    const fault = new VerifierFault(
      'VERIFIER_CRASHED',
      `verifier worker exited with code ${code}${cause instanceof Error ? `: ${cause.message}` : ''}`,
      { cause },
    )
    if (batch !== undefined) {
      for (const segment of batch.segments) {
        inFlight -= segment.to - segment.from
        fail(segment.job, fault)
      }
    }
    consecutiveCrashes++
    if (consecutiveCrashes >= MAX_CONSECUTIVE_CRASHES) {
      // The worker cannot even start (a missing loader, say): stop rather than respawn forever.
      shutDown(
        new VerifierFault(
          'VERIFIER_FAILED',
          `verifier workers crashed ${consecutiveCrashes} times in a row`,
          { cause: fault },
        ),
      )
      return
    }
    spawn(slot)
    dispatch()
  }

  /** Takes up to `n` queued checks, as segments of their jobs. */
  const take = (n: number): Segment[] => {
    const out: Segment[] = []
    while (n > 0 && head < queue.length) {
      const first = queue[head] as Segment
      if (first.job.settled) {
        // Its job already failed (another of its batches crashed): drop the rest of its checks.
        queued -= first.to - first.from
        head++
        continue
      }
      const count = Math.min(n, first.to - first.from)
      out.push({ job: first.job, from: first.from, to: first.from + count })
      first.from += count
      queued -= count
      inFlight += count
      n -= count
      if (first.from === first.to) head++
    }
    // A head index instead of shift(): shifting a long queue once per batch is quadratic.
    if (head === queue.length) {
      queue.length = 0
      head = 0
    } else if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head)
      head = 0
    }
    return out
  }

  const dispatch = (): void => {
    if (closed !== undefined) return
    const idle = slots.filter(slot => slot.batch === undefined)
    while (queued > 0 && idle.length > 0) {
      const slot = idle.shift() as Slot
      const segments = take(Math.min(maxBatch, Math.ceil(queued / (idle.length + 1))))
      if (segments.length === 0) break
      const checks: SignatureCheck[] = []
      for (const { job, from, to } of segments)
        for (let i = from; i < to; i++) checks.push(job.checks[i] as SignatureCheck)
      const batch = packChecks(checks)
      const request: VerifyRequest = { id: nextBatchId++, batch }
      slot.batch = { id: request.id, segments }
      slot.worker.ref()
      slot.worker.postMessage(request, [batch])
    }
  }

  const schedule = (): void => {
    if (scheduled) return
    scheduled = true
    // Checks submitted in the same tick go out together.
    queueMicrotask(() => {
      scheduled = false
      dispatch()
    })
  }

  const shutDown = (reason: VerifierFault): Promise<void> => {
    if (closed !== undefined) return Promise.resolve()
    closed = reason
    for (let i = head; i < queue.length; i++) fail((queue[i] as Segment).job, reason)
    queue.length = 0
    head = 0
    queued = 0
    for (const slot of slots) {
      for (const segment of slot.batch?.segments ?? []) fail(segment.job, reason)
      slot.batch = undefined
    }
    inFlight = 0
    return Promise.all(slots.map(slot => slot.worker.terminate())).then(() => undefined)
  }

  for (let i = 0; i < size; i++) slots.push(spawn())

  return {
    size,
    verify(checks) {
      if (closed !== undefined) return Promise.reject(closed)
      if (checks.length === 0) return Promise.resolve([])
      try {
        for (const check of checks) checkLengths(check)
      } catch (error) {
        return Promise.reject(error)
      }
      return new Promise<boolean[]>((resolve, reject) => {
        const job: Job = {
          checks,
          verdicts: new Array<boolean>(checks.length).fill(false),
          remaining: checks.length,
          settled: false,
          resolve,
          reject,
        }
        queue.push({ job, from: 0, to: checks.length })
        queued += checks.length
        schedule()
      })
    },
    pending: () => queued + inFlight,
    close: () => shutDown(new VerifierFault('VERIFIER_CLOSED', 'the verifier pool was closed')),
  }
}

import type { Logger } from '../primitives/index.ts'
import type { SyncProgress } from '../sync/index.ts'

/** Shows the sync's progress: `onBatch` after each committed batch, `stop` at the end. */
export interface ProgressReporter {
  onBatch(progress: SyncProgress): void
  stop(): void
}

/** Options of `createProgressReporter`. */
export interface ProgressOptions {
  /** Where the bar is drawn (a terminal) — or, when it is not one, where logs go. */
  readonly stream: NodeJS.WriteStream
  readonly logger: Logger
  /** Unix ms now (tests pass a fake clock). */
  readonly now?: () => number
  /** Least ms between two log lines when not on a terminal (default 5000). */
  readonly logEveryMs?: number
}

const WINDOW_MS = 5_000
const BAR = 30

const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '--:--'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`
}

const count = (n: number) => Math.round(n).toLocaleString('en-US')

/**
 * Catch-up progress: on a terminal a bar with blocks/s, events/s and an ETA, redrawn at most ten
 * times a second; elsewhere a structured log line every few seconds (and one when the replica
 * reaches the head), so log collectors get figures without a line per block.
 *
 * @example
 * const progress = createProgressReporter({ stream: process.stderr, logger })
 * createSync({ ..., onBatch: progress.onBatch })
 */
export const createProgressReporter = (options: ProgressOptions): ProgressReporter => {
  const now = options.now ?? Date.now
  const logEveryMs = options.logEveryMs ?? 5_000
  const tty = options.stream.isTTY === true
  const samples: { at: number; blocks: number; events: number }[] = []
  let totals = { blocks: 0, events: 0 }
  let lastDraw = 0
  let lastLog = 0
  let live = false
  let drawn = false

  const rates = (at: number) => {
    while (samples.length > 1 && at - (samples[0]?.at ?? at) > WINDOW_MS) samples.shift()
    const first = samples[0]
    const seconds = first === undefined ? 0 : (at - first.at) / 1000
    if (first === undefined || seconds <= 0) return { blocks: 0, events: 0 }
    return {
      blocks: (totals.blocks - first.blocks) / seconds,
      events: (totals.events - first.events) / seconds,
    }
  }

  const onBatch = (p: SyncProgress): void => {
    const at = now()
    totals = { blocks: totals.blocks + p.blocks, events: totals.events + p.events }
    samples.push({ at, ...totals })
    const behind = Math.max(p.finalized - p.checkpoint.number, 0)
    const rate = rates(at)
    const caughtUp = behind === 0
    if (caughtUp && !live) {
      live = true
      if (tty && drawn) options.stream.write('\n')
      options.logger.info('caught up: following finalized blocks live', {
        block: p.checkpoint.number,
      })
      return
    }
    if (caughtUp) return
    live = false
    const eta = rate.blocks > 0 ? behind / rate.blocks : Number.POSITIVE_INFINITY
    if (tty) {
      if (at - lastDraw < 100) return
      lastDraw = at
      const done = p.finalized === 0 ? 1 : p.checkpoint.number / p.finalized
      const filled = Math.min(BAR, Math.round(done * BAR))
      options.stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${count(p.checkpoint.number)}/${count(p.finalized)} blocks  ${count(rate.blocks)} blocks/s  ${count(rate.events)} events/s  ETA ${formatDuration(eta)} `,
      )
      drawn = true
      return
    }
    if (at - lastLog < logEveryMs) return
    lastLog = at
    options.logger.info('catching up', {
      block: p.checkpoint.number,
      finalized: p.finalized,
      blocksPerSecond: Math.round(rate.blocks),
      eventsPerSecond: Math.round(rate.events),
      etaSeconds: Number.isFinite(eta) ? Math.round(eta) : null,
    })
  }

  return {
    onBatch,
    stop: () => {
      if (tty && drawn && !live) options.stream.write('\n')
    },
  }
}

import type { Logger } from '../../primitives/index.ts'
import { reasonOf } from './failure-reason.ts'

/** Options of `createPassLoop`. */
export interface PassLoopOptions<R> {
  /** One pass of work; the signal is aborted when `run`'s is. */
  readonly pass: (signal: AbortSignal | undefined) => Promise<R>
  /** The wait between passes when nobody calls `wake`. */
  readonly pollMs: number
  /** For a pass that throws (a store or connection fault): logged, then retried after `pollMs`. */
  readonly logger: Logger
  /** Names the loop in logs. */
  readonly name: string
}

/** A background loop of passes: `run` until aborted, `wake` for a pass now, `drain` for tests. */
export interface PassLoop<R> {
  /** Runs passes until `signal` aborts: after each one, waits for `wake` or `pollMs`. Never throws. */
  run(signal: AbortSignal): Promise<void>
  /** Starts the next pass now (or right after the current one), instead of at the next poll. */
  wake(): void
  /** Runs one pass, after any pass in progress; passes never overlap. */
  drain(): Promise<R>
}

/**
 * Runs `pass` in a loop, one at a time: now, whenever `wake` is called, and every `pollMs`
 * otherwise. A wake during a pass is kept, so work committed while a pass ran is not left
 * waiting for the next poll.
 *
 * @example
 * const loop = createPassLoop({ pass: deliverDue, pollMs: 250, logger, name: 'delivery' })
 * void loop.run(controller.signal)
 * ingest.onCommit(() => loop.wake())
 */
export const createPassLoop = <R>(options: PassLoopOptions<R>): PassLoop<R> => {
  const { pass, pollMs, logger, name } = options
  let tail: Promise<unknown> = Promise.resolve()
  let woken = false
  let waiter: (() => void) | undefined

  const serial = (signal: AbortSignal | undefined): Promise<R> => {
    const next = tail.then(() => pass(signal))
    tail = next.catch(() => {})
    return next
  }

  const sleep = (signal: AbortSignal): Promise<void> =>
    new Promise(resolve => {
      if (woken || signal.aborted) {
        resolve()
        return
      }
      const done = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        waiter = undefined
        resolve()
      }
      const timer = setTimeout(done, pollMs)
      signal.addEventListener('abort', done)
      waiter = done
    })

  return {
    async run(signal) {
      while (!signal.aborted) {
        woken = false
        try {
          await serial(signal)
        } catch (error) {
          logger.error(`${name} pass failed; retrying`, {
            reason: reasonOf(error),
            retryInMs: pollMs,
          })
        }
        await sleep(signal)
      }
    },
    wake() {
      woken = true
      waiter?.()
    },
    drain: () => serial(undefined),
  }
}

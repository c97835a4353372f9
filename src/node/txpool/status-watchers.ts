import type { ExtrinsicStatus, StatusListener } from './types.ts'

const TERMINAL: ReadonlySet<ExtrinsicStatus['type']> = new Set([
  'finalized',
  'finalityTimeout',
  'usurped',
  'dropped',
  'invalid',
])

/**
 * The status listeners of each transaction, by hash key. A listener that throws is reported to
 * `onError` and never stops the others or the pool; a terminal status removes them all.
 *
 * @example
 * const watchers = new StatusWatchers(console.error)
 * const stop = watchers.add(key, status => send(status))
 * watchers.emit(key, { type: 'ready' })
 */
export class StatusWatchers {
  readonly #listeners = new Map<string, StatusListener[]>()
  readonly #onError: (error: unknown) => void

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError
  }

  /** Whether `key` has listeners. */
  has(key: string): boolean {
    return this.#listeners.has(key)
  }

  /** Number of transactions with listeners. */
  get size(): number {
    return this.#listeners.size
  }

  /** Attaches `listener` to `key`; returns its removal. */
  add(key: string, listener: StatusListener): () => void {
    const list = this.#listeners.get(key)
    if (list === undefined) this.#listeners.set(key, [listener])
    else list.push(listener)
    return () => {
      const current = this.#listeners.get(key)
      if (current === undefined) return
      const i = current.indexOf(listener)
      if (i >= 0) current.splice(i, 1)
      if (current.length === 0) this.#listeners.delete(key)
    }
  }

  /** Sends `status` to the listeners of `key`; a terminal status detaches them afterwards. */
  emit(key: string, status: ExtrinsicStatus): void {
    const list = this.#listeners.get(key)
    if (list === undefined) return
    if (TERMINAL.has(status.type)) this.#listeners.delete(key)
    for (const listener of [...list]) {
      try {
        listener(status)
      } catch (error) {
        this.#report(error)
      }
    }
  }

  /** Detaches every listener of `key` without a status. */
  delete(key: string): void {
    this.#listeners.delete(key)
  }

  #report(error: unknown): void {
    try {
      this.#onError(error)
    } catch {
      // The error sink itself failed; there is nowhere left to report to.
    }
  }
}

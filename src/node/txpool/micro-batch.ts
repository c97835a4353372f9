/** Options of `createMicroBatch`. */
export interface MicroBatchOptions<I, O> {
  /** Handles one batch; the result has one entry per item, in order. */
  run(items: readonly I[]): Promise<readonly O[]>
  /** Receives each batch back with its results, or with why the whole batch failed. */
  done(items: readonly I[], outcome: BatchOutcome<O>): void
  /** Items per batch; a full batch starts at once. */
  readonly maxBatch: number
  /** Runs the flush of a partial batch later (e.g. `setImmediate`, after pending I/O callbacks). */
  schedule(task: () => void): void
}

/** A batch's outcome: one result per item (possibly too few, if `run` misbehaved), or its failure. */
export type BatchOutcome<O> =
  | { readonly type: 'Ok'; readonly value: readonly O[] }
  | { readonly type: 'Err'; readonly value: unknown }

/**
 * Groups the items added until the scheduled flush (or until `maxBatch`) into one `run` call, so
 * a burst of submissions costs one round trip to the signature workers. Batches run concurrently:
 * the next one does not wait for the previous result. No promise per item: `done` gets the batch.
 *
 * @example
 * const add = createMicroBatch({ run: verify, done: admitAll, maxBatch: 1024, schedule: setImmediate })
 * add(check)
 */
export const createMicroBatch = <I, O>(options: MicroBatchOptions<I, O>): ((item: I) => void) => {
  let items: I[] = []
  let scheduled = false

  const flush = (): void => {
    if (items.length === 0) return
    const batch = items
    items = []
    let pending: Promise<readonly O[]>
    try {
      pending = options.run(batch)
    } catch (error) {
      options.done(batch, { type: 'Err', value: error })
      return
    }
    pending.then(
      results => options.done(batch, { type: 'Ok', value: results }),
      error => options.done(batch, { type: 'Err', value: error }),
    )
  }

  return item => {
    items.push(item)
    if (items.length >= options.maxBatch) flush()
    else if (!scheduled) {
      scheduled = true
      options.schedule(() => {
        scheduled = false
        flush()
      })
    }
  }
}

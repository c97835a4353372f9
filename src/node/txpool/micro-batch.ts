/** Options of `createMicroBatch`. */
export interface MicroBatchOptions<I, O> {
  /** Handles one batch; the result has one entry per item, in order. */
  run(items: readonly I[]): Promise<readonly O[]>
  /** Items per batch; a full batch starts at once. */
  readonly maxBatch: number
  /** Runs the flush of a partial batch later (e.g. `setImmediate`, after pending I/O callbacks). */
  schedule(task: () => void): void
}

/** An item's outcome: its result, or the failure of its whole batch. */
export type BatchOutcome<O> =
  | { readonly type: 'Ok'; readonly value: O }
  | { readonly type: 'Err'; readonly value: unknown }

/**
 * Groups the items added until the scheduled flush (or until `maxBatch`) into one `run` call, so
 * a burst of submissions costs one round trip to the signature workers. Batches run concurrently:
 * the next one does not wait for the previous result.
 *
 * @example
 * const verifyOne = createMicroBatch({ run: verify, maxBatch: 1024, schedule: setImmediate })
 * const ok = await verifyOne(check) // { type: 'Ok', value: true }
 */
export const createMicroBatch = <I, O>(
  options: MicroBatchOptions<I, O>,
): ((item: I) => Promise<BatchOutcome<O>>) => {
  let items: I[] = []
  let settle: ((outcome: BatchOutcome<O>) => void)[] = []
  let scheduled = false

  const flush = (): void => {
    if (items.length === 0) return
    const batch = items
    const resolvers = settle
    items = []
    settle = []
    const fail = (error: unknown): void => {
      for (const resolve of resolvers) resolve({ type: 'Err', value: error })
    }
    let pending: Promise<readonly O[]>
    try {
      pending = options.run(batch)
    } catch (error) {
      fail(error)
      return
    }
    pending.then(results => {
      resolvers.forEach((resolve, i) => {
        if (i < results.length) resolve({ type: 'Ok', value: results[i] as O })
        else resolve({ type: 'Err', value: `no result for item ${i} of ${batch.length}` })
      })
    }, fail)
  }

  return item =>
    new Promise(resolve => {
      items.push(item)
      settle.push(resolve)
      if (items.length >= options.maxBatch) flush()
      else if (!scheduled) {
        scheduled = true
        options.schedule(() => {
          scheduled = false
          flush()
        })
      }
    })
}

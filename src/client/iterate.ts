import type { Client, Subscription } from './client.ts'
import type { SubscriptionRequest } from './request.ts'

/** Options of `subscriptionIterator`. */
export interface SubscriptionIteratorOptions<T> {
  /** Ends the iteration (and unsubscribes) right after yielding a value for which this is true. */
  readonly until?: (value: T) => boolean
}

/**
 * A subscription as an async iterator. It subscribes at once (so a submission happens even before
 * the first `next()`), holds notifications until they are read, throws the subscription's error
 * (`RpcError` from the subscribe call, `ConnectionError`, `ResponseFormatError`) where it
 * occurred in the stream, and unsubscribes when the loop ends or breaks.
 *
 * @example
 * for await (const status of subscriptionIterator(client, author.submitAndWatchExtrinsic(xt), { until: isFinalStatus }))
 *   console.log(status.type)
 */
export const subscriptionIterator = <T>(
  client: Client,
  request: SubscriptionRequest<T>,
  options: SubscriptionIteratorOptions<T> = {},
): AsyncGenerator<T, void, undefined> => {
  const queue: T[] = []
  let failure: { error: unknown } | undefined
  let ended = false
  let wake: (() => void) | undefined
  let subscription: Subscription | undefined
  const stop = () => {
    ended = true
    void subscription?.unsubscribe()
  }
  client
    .subscribe(request, {
      next(value) {
        if (ended) return
        queue.push(value)
        if (options.until?.(value) === true) stop()
        wake?.()
      },
      error(error) {
        if (ended) return
        failure = { error }
        wake?.()
      },
    })
    .then(
      sub => {
        subscription = sub
        if (ended) void sub.unsubscribe()
      },
      error => {
        failure = { error }
        wake?.()
      },
    )

  async function* iterate(): AsyncGenerator<T, void, undefined> {
    try {
      for (;;) {
        if (queue.length > 0) {
          yield queue.shift() as T
          continue
        }
        if (failure !== undefined) throw failure.error
        if (ended) return
        await new Promise<void>(resolve => {
          wake = resolve
        })
        wake = undefined
      }
    } finally {
      stop()
    }
  }
  return iterate()
}

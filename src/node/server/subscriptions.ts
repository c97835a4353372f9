// The live subscriptions of one WebSocket connection. A subscription is pending from the subscribe
// call until its response has been written: notifications sent meanwhile are held, so the client
// always learns the id before the first notification. Its `Unsubscribe` runs exactly once, whoever
// ends it (the client, the node through `sink.close()`, or the connection closing).
import type { SubscriptionDef, SubscriptionSink, Unsubscribe } from '../../rpc/index.ts'
import type { RpcServerLogger } from './logger.ts'

/** Notifications held for a pending subscription before it is dropped as runaway. */
const MAX_HELD_NOTIFICATIONS = 4096

/** One subscription, from the subscribe call to its end. */
export interface Subscription {
  readonly id: string
  readonly def: SubscriptionDef
  readonly sink: SubscriptionSink<unknown>
  /** Hands over the handler's cleanup; runs it at once if the subscription already ended. */
  attach(unsubscribe: Unsubscribe): void
  /** The subscribe response is written: flush held notifications, send the rest directly. */
  activate(): void
  /** Ends it (idempotent); runs the cleanup if attached. */
  end(): void
}

/** The subscriptions of one connection, with its limit. */
export interface SubscriptionRegistry {
  /** Live and pending subscriptions. */
  readonly size: number
  /** The most this connection may hold. */
  readonly limit: number
  /** A new pending subscription, or `undefined` if the connection is at its limit or closed. */
  open(def: SubscriptionDef): Subscription | undefined
  /** Ends the subscription `id` of `def`'s kind; false if there is none. */
  unsubscribe(def: SubscriptionDef, id: string): boolean
  /** Ends every subscription and refuses new ones (the connection closed). */
  closeAll(): void
}

/** What a registry needs from its connection and server. */
export interface SubscriptionRegistryOptions {
  readonly limit: number
  /** Writes one text frame; returns false if the connection is gone. */
  readonly write: (text: string) => boolean
  readonly nextId: () => string
  readonly logger: RpcServerLogger
  /** Called whenever the number of subscriptions changes by `delta`, for server-wide stats. */
  readonly onCount?: (delta: number) => void
}

const notificationPrefix = (method: string, id: string): string =>
  `{"jsonrpc":"2.0","method":${JSON.stringify(method)},"params":{"subscription":${JSON.stringify(id)},"result":`

/** Creates the registry of one connection. */
export const createSubscriptionRegistry = (
  options: SubscriptionRegistryOptions,
): SubscriptionRegistry => {
  const { limit, write, nextId, logger, onCount } = options
  const live = new Map<string, Subscription>()
  let closed = false

  const runCleanup = (def: SubscriptionDef, id: string, cleanup: Unsubscribe): void => {
    try {
      const done = cleanup()
      if (done instanceof Promise)
        done.catch(e => logger.error(`unsubscribe of ${def.name} ${id} failed`, e))
    } catch (e) {
      logger.error(`unsubscribe of ${def.name} ${id} failed`, e)
    }
  }

  const open = (def: SubscriptionDef): Subscription | undefined => {
    if (closed || live.size >= limit) return undefined
    const id = nextId()
    const prefix = notificationPrefix(def.notification, id)
    let held: string[] | undefined = []
    let ended = false
    let cleanup: Unsubscribe | undefined

    const frame = (result: unknown): string | undefined => {
      try {
        return `${prefix}${JSON.stringify(result) ?? 'null'}}}`
      } catch (e) {
        logger.error(`${def.notification} ${id}: result is not JSON`, e)
        return undefined
      }
    }

    const end = (): void => {
      if (ended) return
      ended = true
      held = undefined
      if (live.delete(id)) onCount?.(-1)
      if (cleanup !== undefined) runCleanup(def, id, cleanup)
    }

    const sink: SubscriptionSink<unknown> = {
      send: result => {
        if (ended) return
        const text = frame(result)
        if (text === undefined) return
        if (held !== undefined) {
          if (held.length >= MAX_HELD_NOTIFICATIONS) {
            logger.warn(`${def.name} ${id}: over ${MAX_HELD_NOTIFICATIONS} notifications held`)
            end()
            return
          }
          held.push(text)
        } else if (!write(text)) {
          end()
        }
      },
      close: end,
      get closed() {
        return ended
      },
    }

    const subscription: Subscription = {
      id,
      def,
      sink,
      attach: fn => {
        if (cleanup !== undefined) return
        cleanup = fn
        if (ended) runCleanup(def, id, fn)
      },
      activate: () => {
        if (ended || held === undefined) return
        const queue = held
        held = undefined
        for (const text of queue) {
          if (!write(text)) {
            end()
            return
          }
        }
      },
      end,
    }
    live.set(id, subscription)
    onCount?.(1)
    return subscription
  }

  return {
    get size() {
      return live.size
    },
    limit,
    open,
    unsubscribe: (def, id) => {
      const subscription = live.get(id)
      if (subscription === undefined || subscription.def !== def) return false
      subscription.end()
      return true
    },
    closeAll: () => {
      closed = true
      for (const subscription of [...live.values()]) subscription.end()
    },
  }
}

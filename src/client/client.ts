import { JsonRpcNotification, JsonRpcResponse, type JsonValue, RpcError } from '../rpc/index.ts'
import { ConnectionError, RequestTimeoutError, ResponseFormatError } from './errors.ts'
import type { ConnectionStatus, JsonRpcConnection, JsonRpcProvider } from './provider.ts'
import type { RpcRequest, SubscriptionRequest } from './request.ts'

/** Options of `createClient`. */
export interface ClientOptions {
  /** Reject a request that has no response after this many ms (default 30 s; 0 = wait forever). */
  readonly requestTimeoutMs?: number
  /** Most notifications held for subscriptions whose subscribe response is still due (default 4096). */
  readonly maxBufferedNotifications?: number
  /** Told about messages that cannot be routed to a caller (not JSON, malformed, mismatched). */
  readonly onProtocolError?: (error: ResponseFormatError) => void
  /**
   * Told about exceptions thrown by subscription handlers and status listeners, which never reach
   * the client's routing. By default they are rethrown asynchronously (as uncaught errors).
   */
  readonly onHandlerError?: (error: unknown) => void
}

/** Receives a subscription's notifications. */
export interface SubscriptionHandlers<T> {
  /** One decoded, validated notification. */
  next(value: T): void
  /**
   * The subscription ended without `unsubscribe`: the connection dropped (`ConnectionError`) or a
   * notification was malformed (`ResponseFormatError`). Nothing follows; resubscribe if needed.
   */
  error(error: ConnectionError | ResponseFormatError): void
}

/** An open subscription. */
export interface Subscription {
  /** The id the node gave it. */
  readonly id: string | number
  /** Stops notifications at once and tells the node; never rejects. */
  unsubscribe(): Promise<void>
}

/** One answer of a batch: a value, or the error the node (or validation) gave for that entry. */
export type BatchItem<T> =
  | { readonly type: 'Ok'; readonly value: T }
  | { readonly type: 'Err'; readonly value: RpcError | ResponseFormatError }

/**
 * The value of a batch answer, or its error thrown.
 *
 * @example const [hash, header] = (await client.batch([chain.getBlockHash(1), chain.getHeader()])).map(unwrap)
 */
export const unwrap = <T>(item: BatchItem<T>): T => {
  if (item.type === 'Err') throw item.value
  return item.value
}

/** The answers of a batch, in request order. */
export type BatchResults<R extends readonly RpcRequest<unknown>[]> = {
  -readonly [K in keyof R]: BatchItem<R[K] extends RpcRequest<infer T> ? T : never>
}

/** A JSON-RPC 2.0 client over a provider. */
export interface Client {
  /** Sends one request; resolves with its validated result, rejects with `RpcError` and friends. */
  request<T>(request: RpcRequest<T>): Promise<T>
  /**
   * Sends the requests as one JSON array. Each entry answers on its own (`Ok` or `Err`); the
   * promise rejects only when the connection fails or the batch times out.
   */
  batch<const R extends readonly RpcRequest<unknown>[]>(requests: R): Promise<BatchResults<R>>
  /** Opens a subscription; notifications that arrive before its id is known are held for it. */
  subscribe<T>(
    request: SubscriptionRequest<T>,
    handlers: SubscriptionHandlers<T>,
  ): Promise<Subscription>
  /** The provider's latest connection status. */
  readonly status: ConnectionStatus
  /** Calls `listener` on every status change; returns a function that stops it. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void
  /** Resolves when connected (at once if connected now); rejects once the client is closed. */
  connected(): Promise<void>
  /** Rejects everything pending, ends every subscription and disconnects. */
  close(): void
}

/** A request on its way out: where its result or failure goes. */
interface Outgoing {
  readonly method: string
  readonly params: readonly unknown[]
  result(value: unknown): void
  fail(error: Error): void
}

interface Entry {
  readonly method: string
  readonly group: Group
  result(value: unknown): void
  fail(error: Error): void
}

interface Group {
  open: number
  timer: ReturnType<typeof setTimeout> | undefined
}

interface LiveSubscription {
  readonly request: SubscriptionRequest<unknown>
  readonly handlers: SubscriptionHandlers<unknown>
  readonly id: string | number
}

type Notification = JsonRpcNotification

/** Subscription ids may be strings or numbers; `1` and `"1"` are different ids. */
const subscriptionKey = (id: string | number): string => `${typeof id}:${id}`

/** A handler's own exception must not break routing: it goes to `report` instead. */
const isolateWith =
  (report: (error: unknown) => void) =>
  (fn: () => void): void => {
    try {
      fn()
    } catch (error) {
      report(error)
    }
  }

const rethrowLater = (error: unknown): void =>
  queueMicrotask(() => {
    throw error
  })

/**
 * Creates a JSON-RPC 2.0 client: request/response matching by id, batches, subscriptions routed by
 * id, typed errors, and request timeouts. Every response is validated at this edge; callers get
 * decoded values or typed errors, never unchecked JSON.
 *
 * @example
 * const client = createClient(createWsProvider('ws://127.0.0.1:9944'))
 * const hash = await client.request(chain.getBlockHash(0))
 * client.close()
 */
export const createClient = (provider: JsonRpcProvider, options: ClientOptions = {}): Client => {
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  const maxBuffered = options.maxBufferedNotifications ?? 4096
  const isolate = isolateWith(options.onHandlerError ?? rethrowLater)
  const protocolError = (message: string) =>
    isolate(() => options.onProtocolError?.(new ResponseFormatError(message)))

  let nextId = 1
  let closed = false
  // A provider that never reports status (PAPI's) is taken to be connected: it queues sends.
  let status: ConnectionStatus = { type: 'connected' }
  const pending = new Map<number, Entry>()
  const groups = new Set<Group>()
  const subscriptions = new Map<string, LiveSubscription>()
  const early = new Map<string, Notification[]>()
  let earlyCount = 0
  let subscribing = 0
  const listeners = new Set<(status: ConnectionStatus) => void>()
  let waiters: { resolve(): void; reject(error: Error): void }[] = []

  const settle = (id: number): Entry | undefined => {
    const entry = pending.get(id)
    if (entry === undefined) return undefined
    pending.delete(id)
    entry.group.open -= 1
    if (entry.group.open === 0) {
      clearTimeout(entry.group.timer)
      groups.delete(entry.group)
    }
    return entry
  }

  const failEverything = (error: ConnectionError) => {
    for (const id of [...pending.keys()]) settle(id)?.fail(error)
    const live = [...subscriptions.values()]
    subscriptions.clear()
    early.clear()
    earlyCount = 0
    for (const sub of live) isolate(() => sub.handlers.error(error))
  }

  const setStatus = (next: ConnectionStatus) => {
    status = next
    if (next.type === 'disconnected' || next.type === 'closed') {
      const code = next.type === 'closed' ? 'CONNECTION_CLOSED' : 'CONNECTION_LOST'
      failEverything(new ConnectionError(code, `connection ${next.type}: ${next.reason}`))
    }
    if (next.type === 'connected' || next.type === 'closed') {
      const ready = waiters
      waiters = []
      for (const w of ready) {
        if (next.type === 'connected') w.resolve()
        else w.reject(new ConnectionError('CONNECTION_CLOSED', `connection closed: ${next.reason}`))
      }
    }
    for (const listener of [...listeners]) isolate(() => listener(next))
  }

  const endSubscription = (key: string, sub: LiveSubscription) => {
    if (subscriptions.get(key) !== sub) return
    subscriptions.delete(key)
    if (status.type === 'connected') {
      send([
        {
          method: sub.request.unsubscribe,
          params: [sub.id],
          result: () => {},
          fail: () => {},
        },
      ])
    }
  }

  const deliver = (key: string, sub: LiveSubscription, note: Notification) => {
    if (note.method !== sub.request.notification) {
      protocolError(`notification ${note.method} for a ${sub.request.method} subscription`)
      return
    }
    let value: unknown
    try {
      value = sub.request.decode(note.params.result)
    } catch (error) {
      endSubscription(key, sub)
      const reason =
        error instanceof ResponseFormatError
          ? error
          : new ResponseFormatError(`${note.method}: ${String(error)}`, { cause: error })
      isolate(() => sub.handlers.error(reason))
      return
    }
    isolate(() => sub.handlers.next(value))
  }

  const onNotification = (message: unknown) => {
    const parsed = JsonRpcNotification.safeParse(message)
    if (!parsed.success) {
      protocolError(`malformed notification: ${parsed.error.issues[0]?.message}`)
      return
    }
    const note = parsed.data
    const key = subscriptionKey(note.params.subscription)
    const sub = subscriptions.get(key)
    if (sub !== undefined) {
      deliver(key, sub, note)
      return
    }
    // The node may notify before its subscribe response reaches us; hold it for that response.
    if (subscribing === 0) return
    if (earlyCount >= maxBuffered) {
      protocolError(`dropped an early ${note.method} notification: ${maxBuffered} already held`)
      return
    }
    const held = early.get(key)
    if (held === undefined) early.set(key, [note])
    else held.push(note)
    earlyCount += 1
  }

  const onResponse = (message: { id?: unknown }) => {
    const { id } = message
    if (id === null && 'error' in message && groups.size === 1) {
      // An error the node could not tie to a request (e.g. the whole batch was refused): it can
      // only be about the one group in flight.
      const [group] = groups
      const error = toRpcError((message as { error: unknown }).error)
      for (const [entryId, entry] of [...pending]) {
        if (entry.group === group) settle(entryId)?.fail(error)
      }
      return
    }
    if (typeof id !== 'number' || !pending.has(id)) {
      // Late answers to timed-out requests land here, and so do answers to nothing we sent.
      if (id === null) protocolError(`error without a request id: ${JSON.stringify(message)}`)
      return
    }
    const entry = settle(id)
    if (entry === undefined) return
    const parsed = JsonRpcResponse.safeParse(message)
    if ('result' in message && 'error' in message) {
      entry.fail(new ResponseFormatError(`${entry.method}: response has both result and error`))
    } else if (!parsed.success) {
      entry.fail(
        new ResponseFormatError(
          `${entry.method}: malformed response: ${parsed.error.issues[0]?.message}`,
        ),
      )
    } else if ('error' in parsed.data) {
      entry.fail(toRpcError(parsed.data.error))
    } else {
      entry.result(parsed.data.result)
    }
  }

  const onMessage = (text: string) => {
    if (closed) return
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      protocolError(`not JSON: ${text.slice(0, 120)}`)
      return
    }
    const messages = Array.isArray(json) ? json : [json]
    if (messages.length === 0) protocolError('empty batch response')
    for (const message of messages) {
      if (typeof message !== 'object' || message === null) {
        protocolError(`not a JSON-RPC message: ${JSON.stringify(message).slice(0, 120)}`)
      } else if ('id' in message && !('method' in message)) {
        onResponse(message)
      } else if ('method' in message && !('id' in message)) {
        onNotification(message)
      } else {
        protocolError(`not a response or notification: ${JSON.stringify(message).slice(0, 120)}`)
      }
    }
  }

  let connection: JsonRpcConnection | undefined
  const send = (items: readonly Outgoing[], asBatch = false) => {
    if (closed || status.type === 'closed') {
      const error = new ConnectionError('CONNECTION_CLOSED', 'the client is closed')
      for (const item of items) item.fail(error)
      return
    }
    const group: Group = { open: items.length, timer: undefined }
    const ids: number[] = []
    for (const item of items) {
      const id = nextId++
      ids.push(id)
      pending.set(id, { method: item.method, group, result: item.result, fail: item.fail })
    }
    groups.add(group)
    if (timeoutMs > 0) {
      group.timer = setTimeout(() => {
        for (const id of ids) {
          const entry = settle(id)
          entry?.fail(new RequestTimeoutError(entry.method, timeoutMs))
        }
      }, timeoutMs)
    }
    const envelopes = items.map((item, i) => ({
      jsonrpc: '2.0',
      id: ids[i],
      method: item.method,
      params: item.params,
    }))
    connection?.send(JSON.stringify(asBatch ? envelopes : envelopes[0]))
  }

  const request = <T>(req: RpcRequest<T>): Promise<T> =>
    new Promise<T>((resolve, reject) =>
      send([
        {
          method: req.method,
          params: req.params,
          result: value => {
            try {
              resolve(req.decode(value))
            } catch (error) {
              reject(error)
            }
          },
          fail: reject,
        },
      ]),
    )

  const batch = <const R extends readonly RpcRequest<unknown>[]>(
    requests: R,
  ): Promise<BatchResults<R>> => {
    if (requests.length === 0) return Promise.resolve([] as unknown as BatchResults<R>)
    const items: Outgoing[] = []
    const answers = requests.map(
      req =>
        new Promise<BatchItem<unknown>>((resolve, reject) => {
          items.push({
            method: req.method,
            params: req.params,
            result: value => {
              try {
                resolve({ type: 'Ok', value: req.decode(value) })
              } catch (error) {
                if (error instanceof ResponseFormatError) resolve({ type: 'Err', value: error })
                else reject(error)
              }
            },
            fail: error => {
              if (error instanceof RpcError || error instanceof ResponseFormatError)
                resolve({ type: 'Err', value: error })
              else reject(error)
            },
          })
        }),
    )
    send(items, true)
    return Promise.all(answers) as Promise<BatchResults<R>>
  }

  const subscribe = <T>(
    req: SubscriptionRequest<T>,
    handlers: SubscriptionHandlers<T>,
  ): Promise<Subscription> =>
    new Promise<Subscription>((resolve, reject) => {
      subscribing += 1
      let answered = false
      const answer = () => {
        if (answered) return
        answered = true
        subscribing -= 1
        if (subscribing === 0) {
          early.clear()
          earlyCount = 0
        }
      }
      send([
        {
          method: req.method,
          params: req.params,
          result: id => {
            if (typeof id !== 'string' && typeof id !== 'number') {
              answer()
              reject(
                new ResponseFormatError(`${req.method}: subscription id is not a string or number`),
              )
              return
            }
            const key = subscriptionKey(id)
            const sub: LiveSubscription = {
              request: req as SubscriptionRequest<unknown>,
              handlers: handlers as SubscriptionHandlers<unknown>,
              id,
            }
            subscriptions.set(key, sub)
            const held = early.get(key) ?? []
            early.delete(key)
            earlyCount -= held.length
            answer()
            resolve({
              id,
              unsubscribe: () =>
                new Promise<void>(done => {
                  if (subscriptions.get(key) !== sub) {
                    done()
                    return
                  }
                  subscriptions.delete(key)
                  send([
                    {
                      method: req.unsubscribe,
                      params: [id],
                      result: () => done(),
                      fail: () => done(),
                    },
                  ])
                }),
            })
            for (const note of held) {
              if (subscriptions.get(key) !== sub) break
              deliver(key, sub, note)
            }
          },
          fail: error => {
            answer()
            reject(error)
          },
        },
      ])
    })

  connection = provider(onMessage, next => {
    if (!closed) setStatus(next)
  })

  return {
    request,
    batch,
    subscribe,
    get status() {
      return status
    },
    onStatus(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    connected: () =>
      new Promise<void>((resolve, reject) => {
        if (closed || status.type === 'closed')
          reject(new ConnectionError('CONNECTION_CLOSED', 'the client is closed'))
        else if (status.type === 'connected') resolve()
        else waiters.push({ resolve, reject })
      }),
    close() {
      if (closed) return
      setStatus({ type: 'closed', reason: 'closed by the client' })
      closed = true
      connection?.disconnect()
    },
  }
}

/** The `error` member of a response as an `RpcError` (the node's data is JSON by construction). */
const toRpcError = (error: unknown): RpcError => {
  const e = error as { code?: unknown; message?: unknown; data?: unknown }
  return new RpcError(
    typeof e.code === 'number' ? e.code : -32603,
    typeof e.message === 'string' ? e.message : 'malformed error',
    e.data as JsonValue | undefined,
  )
}

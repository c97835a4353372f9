// Transport-independent JSON-RPC 2.0 dispatch: text in, response text out (or none, for
// notifications). Validates the envelope and params at this edge, routes by method table, turns
// every failure into the right error object, and never throws. Subscriptions are opened here but
// only activated by the transport once the response carrying their id has been written.
import {
  describeParamsError,
  type JsonRpcId,
  JsonRpcRequest,
  lookupMethod,
  RPC_METHODS,
  type RpcContext,
  RpcError,
  type RpcErrorObject,
  type RpcHandlers,
  rpcErrorObject,
  rpcMethodNames,
  SubscriptionIdParam,
  toRpcError,
} from '../../rpc/index.ts'
import type { RpcServerLimits } from './limits.ts'
import type { RpcServerLogger } from './logger.ts'
import { RpcServerFault } from './server-fault.ts'
import type { Subscription, SubscriptionRegistry } from './subscriptions.ts'

/** The side of a connection the dispatcher sees. */
export interface DispatchConnection {
  readonly ctx: RpcContext
  /** The connection's subscriptions; `undefined` over HTTP, where subscriptions are refused. */
  readonly subscriptions: SubscriptionRegistry | undefined
}

/** A response to write, with what to do once it is written (or will never be). */
export interface Reply {
  readonly text: string
  /** Call right after `text` is handed to the socket: starts the new subscriptions. */
  readonly written: () => void
  /** Call if `text` will never be written: ends the new subscriptions. */
  readonly dropped: () => void
}

/** Turns request text into reply text. */
export interface Dispatcher {
  /** Handles one message (a request or a batch); `undefined` means send nothing. */
  handleText(text: string, connection: DispatchConnection): Promise<Reply | undefined>
}

/** What a dispatcher needs. */
export interface DispatcherOptions {
  readonly handlers: RpcHandlers
  readonly limits: Pick<RpcServerLimits, 'maxBatch' | 'maxResponseBytes'>
  readonly logger: RpcServerLogger
}

interface Single {
  readonly text: string
  readonly subscription?: Subscription
}

type AnyHandler = (...args: readonly unknown[]) => unknown

const noop = (): void => {}

/** Throws `RpcServerFault` unless `handlers` has a function for every canonical method. */
export const assertCompleteHandlers = (handlers: RpcHandlers): void => {
  const record = handlers as unknown as Record<string, unknown>
  const missing = Object.keys(RPC_METHODS).filter(
    name => name !== 'rpc_methods' && typeof record[name] !== 'function',
  )
  if (missing.length > 0)
    throw new RpcServerFault('MISSING_RPC_HANDLERS', `no handler for ${missing.join(', ')}`)
}

const isRequestId = (value: unknown): value is JsonRpcId =>
  value === null ||
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value))

/** True if `text` is over `max` UTF-8 bytes; counts exactly only when the length leaves doubt. */
const exceeds = (text: string, max: number): boolean =>
  // A UTF-16 unit is 1 to 3 UTF-8 bytes.
  text.length > max ? true : text.length * 3 <= max ? false : Buffer.byteLength(text) > max

/**
 * Creates a dispatcher over `handlers`.
 *
 * @example
 * const dispatcher = createDispatcher({ handlers, limits: DEFAULT_RPC_LIMITS, logger })
 * const reply = await dispatcher.handleText('{"jsonrpc":"2.0","id":1,"method":"system_chain"}', conn)
 */
export const createDispatcher = (options: DispatcherOptions): Dispatcher => {
  const { limits, logger } = options
  const handlers = options.handlers as unknown as Record<string, AnyHandler>
  assertCompleteHandlers(options.handlers)
  const methodsResult = { version: 1, methods: rpcMethodNames() }

  const failure = (id: JsonRpcId, error: RpcErrorObject | RpcError): Single => {
    let body: string
    try {
      body = JSON.stringify(error instanceof RpcError ? error.toJSON() : error)
    } catch (e) {
      logger.error(`error data of ${error.code} is not JSON`, e)
      body = JSON.stringify(rpcErrorObject('InternalError'))
    }
    return { text: `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"error":${body}}` }
  }

  const success = (id: JsonRpcId, method: string, result: unknown): Single => {
    let json: string
    try {
      json = JSON.stringify(result) ?? 'null'
    } catch (e) {
      logger.error(`${method}: result is not JSON`, e)
      return failure(id, rpcErrorObject('InternalError'))
    }
    const text = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${json}}`
    if (exceeds(text, limits.maxResponseBytes)) {
      return failure(
        id,
        rpcErrorObject('ResponseTooBig', {
          data: `responses are limited to ${limits.maxResponseBytes} bytes`,
        }),
      )
    }
    return { text }
  }

  const thrown = (id: JsonRpcId, method: string, error: unknown): Single => {
    if (!(error instanceof RpcError)) logger.error(`${method} failed`, error)
    return failure(id, toRpcError(error))
  }

  const handleRequest = async (
    raw: unknown,
    connection: DispatchConnection,
  ): Promise<Single | undefined> => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return failure(
        null,
        rpcErrorObject('InvalidRequest', { data: 'a request must be a JSON object' }),
      )
    const hasId = Object.hasOwn(raw, 'id')
    const rawId = (raw as { id?: unknown }).id
    if (hasId && !isRequestId(rawId)) {
      return failure(
        null,
        rpcErrorObject('InvalidRequest', { data: 'id must be a string, a finite number or null' }),
      )
    }
    const id: JsonRpcId = hasId ? (rawId as JsonRpcId) : null
    const envelope = JsonRpcRequest.safeParse(raw)
    if (!envelope.success) {
      const data = envelope.error.issues
        .map(issue => `${issue.path.join('.') || 'request'}: ${issue.message}`)
        .join('; ')
      return failure(id, rpcErrorObject('InvalidRequest', { data }))
    }
    const { method, params = [] } = envelope.data
    const isNotification = !hasId
    const resolved = lookupMethod(method)
    if (resolved === undefined)
      return isNotification ? undefined : failure(id, rpcErrorObject('MethodNotFound'))
    const reply = (single: Single): Single | undefined => (isNotification ? undefined : single)
    if (!Array.isArray(params)) {
      return reply(
        failure(id, rpcErrorObject('InvalidParams', { data: 'params must be a positional array' })),
      )
    }

    const { def } = resolved
    if (resolved.kind === 'unsubscribe') {
      const registry = connection.subscriptions
      if (registry === undefined)
        return reply(failure(id, rpcErrorObject('SubscriptionsNeedWebSocket')))
      if (params.length !== 1 || !SubscriptionIdParam.safeParse(params[0]).success) {
        return reply(
          failure(
            id,
            rpcErrorObject('InvalidSubscriptionId', {
              data: 'expected [subscriptionId] as a string',
            }),
          ),
        )
      }
      const subscriptionId = params[0]
      return reply(
        success(
          id,
          method,
          typeof subscriptionId === 'string' && registry.unsubscribe(resolved.def, subscriptionId),
        ),
      )
    }

    // A subscription over HTTP is refused before anything else about it is judged.
    if (resolved.kind === 'subscribe' && !isNotification && connection.subscriptions === undefined)
      return failure(id, rpcErrorObject('SubscriptionsNeedWebSocket'))

    const parsed = def.params.safeParse(params)
    if (!parsed.success) {
      return reply(
        failure(id, rpcErrorObject('InvalidParams', { data: describeParamsError(parsed.error) })),
      )
    }

    if (resolved.kind === 'call') {
      const refused = resolved.def.check?.(parsed.data)
      if (refused !== undefined) return reply(failure(id, refused))
      if (def.name === 'rpc_methods') return reply(success(id, method, methodsResult))
      try {
        const result = await (handlers[def.name] as AnyHandler)(parsed.data, connection.ctx)
        return reply(success(id, method, result))
      } catch (e) {
        return reply(thrown(id, method, e))
      }
    }

    // A subscription nobody can name (no id, no response) would only leak: ignore it.
    if (isNotification) return undefined
    const registry = connection.subscriptions
    if (registry === undefined) return failure(id, rpcErrorObject('SubscriptionsNeedWebSocket'))
    const subscription = registry.open(resolved.def)
    if (subscription === undefined) {
      return failure(
        id,
        rpcErrorObject('TooManySubscriptions', {
          data: `at most ${registry.limit} subscriptions per connection`,
        }),
      )
    }
    let cleanup: unknown
    try {
      cleanup = await (handlers[def.name] as AnyHandler)(
        parsed.data,
        subscription.sink,
        connection.ctx,
      )
    } catch (e) {
      subscription.end()
      return thrown(id, method, e)
    }
    if (typeof cleanup !== 'function') {
      subscription.end()
      logger.error(`${method} returned no Unsubscribe function`)
      return failure(id, rpcErrorObject('InternalError'))
    }
    subscription.attach(cleanup as () => void)
    const answered = success(id, method, subscription.id)
    return { text: answered.text, subscription }
  }

  const safely = (raw: unknown, connection: DispatchConnection): Promise<Single | undefined> =>
    handleRequest(raw, connection).catch(e => {
      logger.error('dispatch failed', e)
      return failure(null, rpcErrorObject('InternalError'))
    })

  const single = (one: Single): Reply => {
    const { subscription } = one
    return subscription === undefined
      ? { text: one.text, written: noop, dropped: noop }
      : { text: one.text, written: subscription.activate, dropped: subscription.end }
  }

  const handleBatch = async (
    batch: readonly unknown[],
    connection: DispatchConnection,
  ): Promise<Reply | undefined> => {
    if (batch.length === 0)
      return single(failure(null, rpcErrorObject('InvalidRequest', { data: 'empty batch' })))
    if (batch.length > limits.maxBatch) {
      return single(
        failure(
          null,
          rpcErrorObject('BatchTooBig', { data: `at most ${limits.maxBatch} calls per batch` }),
        ),
      )
    }
    const results = await Promise.all(batch.map(raw => safely(raw, connection)))
    const present = results.filter((r): r is Single => r !== undefined)
    if (present.length === 0) return undefined
    const subscriptions = present.flatMap(r =>
      r.subscription === undefined ? [] : [r.subscription],
    )
    const text = `[${present.map(r => r.text).join(',')}]`
    if (exceeds(text, limits.maxResponseBytes)) {
      for (const s of subscriptions) s.end()
      return single(
        failure(
          null,
          rpcErrorObject('BatchResponseTooBig', {
            data: `responses are limited to ${limits.maxResponseBytes} bytes`,
          }),
        ),
      )
    }
    return {
      text,
      written: () => {
        for (const s of subscriptions) s.activate()
      },
      dropped: () => {
        for (const s of subscriptions) s.end()
      },
    }
  }

  return {
    handleText: async (text, connection) => {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        return single(failure(null, rpcErrorObject('ParseError')))
      }
      if (Array.isArray(value)) return handleBatch(value, connection)
      const one = await safely(value, connection)
      return one === undefined ? undefined : single(one)
    },
  }
}

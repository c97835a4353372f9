// The method table: every method the node serves (substrate-wire §1.1), keyed by canonical name,
// with aliases, param and result schemas, and for subscriptions the notification and unsubscribe
// names. `RpcHandlers` is what the node implements; the server dispatches through `lookupMethod`.
import type { z } from 'zod'
import { RpcMethodsJson } from './json.ts'
import { AUTHOR_METHODS, PAYMENT_METHODS } from './methods/author.ts'
import { CHAIN_METHODS } from './methods/chain.ts'
import { type CallDef, call, type MethodDef, type SubscriptionDef } from './methods/define.ts'
import { DEV_METHODS } from './methods/dev.ts'
import { STATE_METHODS } from './methods/state.ts'
import { SYSTEM_METHODS } from './methods/system.ts'
import { positional } from './params.ts'
import { RpcDefinitionFault } from './rpc-fault.ts'

/** The rpc_* methods; `rpc_methods` is answered by the server itself from this table. */
const RPC_NAMESPACE = {
  /** `rpc_methods`: `{ version: 1, methods }`, every callable name incl. aliases and unsubscribes. */
  rpc_methods: call({ name: 'rpc_methods', params: positional(), result: RpcMethodsJson }),
} as const

/**
 * Every method, by canonical name.
 *
 * @example RPC_METHODS.chain_getBlockHash.params.parse(['0x1f']) // { number: 31 }
 */
export const RPC_METHODS = {
  ...RPC_NAMESPACE,
  ...SYSTEM_METHODS,
  ...CHAIN_METHODS,
  ...STATE_METHODS,
  ...AUTHOR_METHODS,
  ...PAYMENT_METHODS,
  ...DEV_METHODS,
} as const

type Methods = typeof RPC_METHODS

/** A canonical method name. */
export type RpcMethodName = keyof Methods

/** The canonical names of the request → result methods the node implements. */
export type RpcCallName = Exclude<
  { [K in RpcMethodName]: Methods[K] extends CallDef ? K : never }[RpcMethodName],
  'rpc_methods'
>

/** The canonical names of the subscriptions the node implements. */
export type RpcSubscriptionName = {
  [K in RpcMethodName]: Methods[K] extends SubscriptionDef ? K : never
}[RpcMethodName]

/** The parsed params object of a method. */
export type RpcParams<M extends RpcMethodName> = z.output<Methods[M]['params']>

/** A method's result (for a subscription: each notification's `result`). */
export type RpcResult<M extends RpcMethodName> = z.input<Methods[M]['result']>

/** What a handler knows about the caller. */
export interface RpcContext {
  /** How the request arrived. Subscriptions only ever arrive over WebSocket. */
  readonly transport: 'ws' | 'http'
  /** A number unique to the connection (per server), for logs and per-connection state. */
  readonly connectionId: number
}

/**
 * Where a subscription handler sends notifications. Sends before the subscribe response are held
 * and flushed right after it; sends after the subscription ended are dropped.
 */
export interface SubscriptionSink<T> {
  /** Sends one notification with this `result`. */
  send(result: T): void
  /** Ends the subscription from the node's side (the server still calls its `Unsubscribe` once). */
  close(): void
  /** True once the client unsubscribed, the connection closed, or `close()` was called. */
  readonly closed: boolean
}

/** Releases a subscription's resources; the server calls it exactly once. */
export type Unsubscribe = () => void | Promise<void>

/**
 * What the node implements: one function per canonical method (`rpc_methods` excepted), named
 * exactly as the method. Params arrive parsed (see `RPC_METHODS`); throw an `RpcError` to answer
 * with a specific code, anything else becomes `-32603`.
 *
 * @example
 * const handlers: RpcHandlers = {
 *   chain_getBlockHash: ({ number }) => chain.hashAt(number ?? chain.best.number),
 *   chain_subscribeNewHeads: (_, sink) => chain.onNewHead(h => sink.send(headerToJson(h))),
 *   // …every other method
 * }
 */
export type RpcHandlers = {
  readonly [M in RpcCallName]: (
    params: RpcParams<M>,
    ctx: RpcContext,
  ) => RpcResult<M> | Promise<RpcResult<M>>
} & {
  readonly [M in RpcSubscriptionName]: (
    params: RpcParams<M>,
    sink: SubscriptionSink<RpcResult<M>>,
    ctx: RpcContext,
  ) => Unsubscribe | Promise<Unsubscribe>
}

/** What a wire name resolves to. */
export type ResolvedMethod =
  | { readonly kind: 'call'; readonly def: CallDef }
  | { readonly kind: 'subscribe'; readonly def: SubscriptionDef }
  | { readonly kind: 'unsubscribe'; readonly def: SubscriptionDef }

const lookup = new Map<string, ResolvedMethod>()
const add = (name: string, resolved: ResolvedMethod): void => {
  // Two entries claiming one wire name would make dispatch depend on table order.
  if (lookup.has(name)) throw new RpcDefinitionFault(`duplicate RPC method name ${name}`)
  lookup.set(name, resolved)
}
for (const def of Object.values(RPC_METHODS) as MethodDef[]) {
  if (def.kind === 'call') {
    for (const name of [def.name, ...def.aliases]) add(name, { kind: 'call', def })
  } else {
    for (const name of [def.name, ...def.aliases]) add(name, { kind: 'subscribe', def })
    for (const name of def.unsubscribe) add(name, { kind: 'unsubscribe', def })
  }
}

const methodNames: readonly string[] = Object.freeze([...lookup.keys()].sort())

/**
 * What a wire name (canonical, alias or unsubscribe) dispatches to, or `undefined`.
 *
 * @example lookupMethod('chain_getHead')?.def.name // 'chain_getBlockHash'
 */
export const lookupMethod = (name: string): ResolvedMethod | undefined => lookup.get(name)

/**
 * Every name `rpc_methods` lists: canonical names, aliases and unsubscribe names, sorted, as a
 * Substrate node lists them (notification names are not methods).
 *
 * @example rpcMethodNames().includes('chain_subscribeNewHead') // true
 */
export const rpcMethodNames = (): readonly string[] => methodNames

// The two kinds of method entry: a call (request → result) and a subscription (subscribe → id,
// then notifications, until an unsubscribe). Each entry carries its zod schemas; types come from
// them, so the table is the single source of names, params and results.
import type { z } from 'zod'
import type { RpcError } from '../codes.ts'

/** A request → result method. */
export interface CallDef<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'call'
  /** The canonical name, as Substrate registers it. */
  readonly name: string
  /** Other names that dispatch to the same handler (all listed by `rpc_methods`). */
  readonly aliases: readonly string[]
  /** Parses the positional params array into the handler's params object. */
  readonly params: P
  /** The result's JSON shape (the server trusts its handlers; the client validates with it). */
  readonly result: R
  /** A check after parsing whose error is not `-32602` (Substrate answers some with its own code). */
  check?(params: z.output<P>): RpcError | undefined
}

/** A subscription: the subscribe call returns an id, then notifications carry `result`s. */
export interface SubscriptionDef<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'subscription'
  /** The canonical subscribe name. */
  readonly name: string
  /** Other subscribe names. */
  readonly aliases: readonly string[]
  /** Parses the subscribe call's params. */
  readonly params: P
  /** The shape of each notification's `result`. */
  readonly result: R
  /** The notification's `method`. */
  readonly notification: string
  /** The unsubscribe names, canonical first; each returns `true` if the id was live. */
  readonly unsubscribe: readonly [string, ...string[]]
}

/** Any method entry. */
export type MethodDef = CallDef | SubscriptionDef

/** Declares a call; `name` is inferred as a literal so the table can be keyed by it. */
export const call = <const N extends string, P extends z.ZodType, R extends z.ZodType>(def: {
  readonly name: N
  readonly aliases?: readonly string[]
  readonly params: P
  readonly result: R
  readonly check?: (params: z.output<P>) => RpcError | undefined
}): CallDef<P, R> & { readonly name: N } => ({ kind: 'call', aliases: [], ...def })

/** Declares a subscription. */
export const subscription = <
  const N extends string,
  P extends z.ZodType,
  R extends z.ZodType,
>(def: {
  readonly name: N
  readonly aliases?: readonly string[]
  readonly params: P
  readonly result: R
  readonly notification: string
  readonly unsubscribe: readonly [string, ...string[]]
}): SubscriptionDef<P, R> & { readonly name: N } => ({ kind: 'subscription', aliases: [], ...def })

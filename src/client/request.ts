import type { z } from 'zod'
import { RPC_METHODS } from '../rpc/index.ts'
import { ResponseFormatError } from './errors.ts'

/**
 * One JSON-RPC call, ready to send: the method, its positional params, and how to turn the raw
 * `result` into `T` (validating it first; a bad result throws `ResponseFormatError`). Plain data,
 * so the same value works with `client.request` and inside `client.batch`.
 */
export interface RpcRequest<T> {
  readonly method: string
  readonly params: readonly unknown[]
  decode(result: unknown): T
}

/** A subscription, ready to open: like an `RpcRequest`, where `decode` reads each notification. */
export interface SubscriptionRequest<T> {
  readonly method: string
  readonly params: readonly unknown[]
  /** The `method` of its notifications. */
  readonly notification: string
  /** The method that ends it. */
  readonly unsubscribe: string
  decode(result: unknown): T
}

type Methods = typeof RPC_METHODS
type CallNames = {
  [K in keyof Methods]: Methods[K]['kind'] extends 'call' ? K : never
}[keyof Methods]
type SubscriptionNames = {
  [K in keyof Methods]: Methods[K]['kind'] extends 'subscription' ? K : never
}[keyof Methods]
/** What a method of the table returns (for a subscription: each notification), once validated. */
export type MethodResult<M extends keyof Methods> = z.output<Methods[M]['result']>

/** Parses with `schema`, turning a zod failure into a `ResponseFormatError` that names `what`. */
export const parseWith = <S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> => {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`
    throw new ResponseFormatError(
      `${what}: unexpected result${path}: ${issue?.message ?? 'invalid'}`,
      { cause: parsed.error },
    )
  }
  return parsed.data
}

/** Runs `decode`, reporting a failure (bad bytes, bad hex) as a `ResponseFormatError` of `what`. */
export const decodeOrFail = <T>(what: string, decode: () => T): T => {
  try {
    return decode()
  } catch (error) {
    if (error instanceof ResponseFormatError) throw error
    throw new ResponseFormatError(
      `${what}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
}

/**
 * A call of the method table (`src/rpc`), its result validated with the table's schema and then
 * mapped by `map` (e.g. header JSON to a decoded header).
 *
 * @example const req = rpcCall('chain_getBlockHash', [5]) // RpcRequest<string | null>
 */
export const rpcCall = <M extends CallNames, T = MethodResult<M>>(
  method: M,
  params: readonly unknown[],
  map?: (result: MethodResult<M>) => T,
): RpcRequest<T> => {
  const schema: z.ZodType = RPC_METHODS[method].result
  return {
    method,
    params,
    decode: result => {
      const json = parseWith(schema, result, method) as MethodResult<M>
      return map === undefined ? (json as T) : decodeOrFail(method, () => map(json))
    },
  }
}

/**
 * A subscription of the method table: its notification and unsubscribe names come from the table,
 * and each notification is validated with its schema, then mapped by `map`.
 *
 * @example const req = rpcSubscription('chain_subscribeFinalizedHeads', [])
 */
export const rpcSubscription = <M extends SubscriptionNames, T = MethodResult<M>>(
  method: M,
  params: readonly unknown[],
  map?: (result: MethodResult<M>) => T,
): SubscriptionRequest<T> => {
  const def = RPC_METHODS[method]
  const schema: z.ZodType = def.result
  return {
    method,
    params,
    notification: def.notification,
    unsubscribe: def.unsubscribe[0],
    decode: result => {
      const json = parseWith(schema, result, def.notification) as MethodResult<M>
      return map === undefined ? (json as T) : decodeOrFail(def.notification, () => map(json))
    },
  }
}

// The one table of JSON-RPC error codes the node answers with. Standard codes first, then the codes
// jsonrpsee (Substrate's RPC server) uses for its limits, then Substrate's module codes (author
// 1000+, chain 3000+, state 4000+, dev 6000+), then ours (-32050..-32059). Clients match some of
// these exactly: PAPI falls back only on the exact text "Method not found", Subsquid treats any
// message containing " not found" as a missing block, and polkadot-js shows `code: message: data`.

/**
 * Every error the node sends, by name. Messages are Substrate's where Substrate has one (see
 * polkadot-sdk `substrate/client/rpc-api/src/{author,state,chain}/error.rs` and jsonrpsee's
 * `types/src/error.rs`); helpers below append the details Substrate appends.
 */
export const RPC_ERRORS = {
  // JSON-RPC 2.0
  ParseError: { code: -32700, message: 'Parse error' },
  InvalidRequest: { code: -32600, message: 'Invalid request' },
  MethodNotFound: { code: -32601, message: 'Method not found' },
  InvalidParams: { code: -32602, message: 'Invalid params' },
  InternalError: { code: -32603, message: 'Internal error' },
  // jsonrpsee's server limits, as a Substrate node answers them
  TooManySubscriptions: { code: -32006, message: 'Too many subscriptions on the connection' },
  RequestTooBig: { code: -32007, message: 'Request is too big' },
  ResponseTooBig: { code: -32008, message: 'Response is too big' },
  ServerBusy: { code: -32009, message: 'Server is busy, try again later' },
  BatchTooBig: { code: -32010, message: 'The batch request was too large' },
  BatchResponseTooBig: { code: -32011, message: 'The batch response was too large' },
  // ours: transport rules Substrate leaves to jsonrpsee's defaults
  SubscriptionsNeedWebSocket: {
    code: -32050,
    message: 'Subscriptions are only available over WebSocket',
  },
  InvalidSubscriptionId: { code: -32602, message: 'Invalid subscription id' },
  // author_* (transaction pool); 1015 and 1017 are unused by the pool we run
  BadFormat: { code: 1001, message: 'Extrinsic has invalid format' },
  VerificationError: { code: 1002, message: 'Verification Error' },
  InvalidTransaction: { code: 1010, message: 'Invalid Transaction' },
  UnknownTransactionValidity: { code: 1011, message: 'Unknown Transaction Validity' },
  TemporarilyBanned: { code: 1012, message: 'Transaction is temporarily banned' },
  AlreadyImported: { code: 1013, message: 'Transaction Already Imported' },
  TooLowPriority: { code: 1014, message: 'Priority is too low' },
  CycleDetected: { code: 1015, message: 'Cycle Detected' },
  ImmediatelyDropped: { code: 1016, message: 'Immediately Dropped' },
  InvalidBlockId: { code: 1020, message: 'The provided block ID is not valid' },
  FutureRejected: { code: 1021, message: 'The pool is not accepting future transactions' },
  AuthorOther: { code: 1040, message: 'Author error' },
  // chain_*
  ChainOther: { code: 3001, message: 'Chain error' },
  ChainClient: { code: 3002, message: 'Client error' },
  // state_*
  InvalidBlockRange: { code: 4001, message: 'Cannot resolve a block range' },
  InvalidCount: { code: 4002, message: 'count exceeds maximum value' },
  StateClient: { code: 4003, message: 'Client error' },
  // dev_*
  DevError: { code: 6001, message: 'Dev error' },
} as const

/** The name of an entry of `RPC_ERRORS`. */
export type RpcErrorName = keyof typeof RPC_ERRORS

/** A JSON value, as error `data` and method results carry them. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue }

/** The `error` member of a JSON-RPC response. */
export interface RpcErrorObject {
  readonly code: number
  readonly message: string
  readonly data?: JsonValue
}

/**
 * A JSON-RPC error. Handlers throw it to answer with exactly this code, message and data; any
 * other thrown value becomes `-32603 Internal error` (and is logged, not sent).
 *
 * @example throw rpcError('InvalidTransaction', { data: 'Transaction is outdated' })
 */
export class RpcError extends Error {
  override readonly name = 'RpcError'
  /** The JSON-RPC error code. */
  readonly code: number
  /** Extra detail for the client (Substrate puts the rejection reason here). */
  readonly data: JsonValue | undefined

  constructor(code: number, message: string, data?: JsonValue, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.data = data
  }

  /** The `error` member of the response. */
  toJSON(): RpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data }
  }
}

/** Options of `rpcError`: a message suffix (`"<message>: <detail>"`), data, cause. */
export interface RpcErrorDetail {
  /** Appended to the table's message after `": "`, as Substrate appends its details. */
  readonly detail?: string
  /** The error's `data`. */
  readonly data?: JsonValue
  /** The underlying error, for logs; never sent. */
  readonly cause?: unknown
}

/**
 * An `RpcError` from the table.
 *
 * @example rpcError('BadFormat', { detail: 'Could not decode `Call`' })
 * // { code: 1001, message: 'Extrinsic has invalid format: Could not decode `Call`' }
 */
export const rpcError = (name: RpcErrorName, detail: RpcErrorDetail = {}): RpcError => {
  const entry = RPC_ERRORS[name]
  const message = detail.detail === undefined ? entry.message : `${entry.message}: ${detail.detail}`
  return new RpcError(
    entry.code,
    message,
    detail.data,
    detail.cause === undefined ? undefined : { cause: detail.cause },
  )
}

/**
 * The `error` member for a table entry, without building an `Error`: the server answers every bad
 * request with one, and a stack trace per malformed message is wasted work.
 *
 * @example rpcErrorObject('MethodNotFound') // { code: -32601, message: 'Method not found' }
 */
export const rpcErrorObject = (
  name: RpcErrorName,
  detail: Omit<RpcErrorDetail, 'cause'> = {},
): RpcErrorObject => {
  const entry = RPC_ERRORS[name]
  const message = detail.detail === undefined ? entry.message : `${entry.message}: ${detail.detail}`
  return detail.data === undefined
    ? { code: entry.code, message }
    : { code: entry.code, message, data: detail.data }
}

/**
 * Normalises anything thrown into an `RpcError`: an `RpcError` is kept as it is, anything else
 * becomes `-32603 Internal error` with the original as `cause` (logged by the server, never sent).
 *
 * @example toRpcError(new TypeError('x')).code // -32603
 */
export const toRpcError = (error: unknown): RpcError =>
  error instanceof RpcError ? error : rpcError('InternalError', { cause: error })

/** `-32602 Invalid params`, with what was wrong in `data` (as jsonrpsee reports it). */
export const invalidParams = (reason: string): RpcError =>
  rpcError('InvalidParams', { data: reason })

/**
 * Substrate's `InvalidTransaction` variants and the reason each gives in `data` (sp_runtime
 * `transaction_validity.rs`, `From<InvalidTransaction> for &'static str`).
 */
export const INVALID_TRANSACTION_REASONS = {
  Call: 'Transaction call is not expected',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  BadMandatory: 'A call was labelled as mandatory, but resulted in an Error.',
  MandatoryValidation: 'Transaction dispatch is mandatory; transactions must not be validated.',
  BadSigner: 'Invalid signing address',
} as const

/** An `InvalidTransaction` variant, as the pool reports it. */
export type InvalidTransactionReason =
  | { readonly type: keyof typeof INVALID_TRANSACTION_REASONS }
  | { readonly type: 'Custom'; readonly value: number }

/**
 * `1010 Invalid Transaction` with Substrate's reason in `data`.
 *
 * @example invalidTransaction({ type: 'Stale' }).toJSON()
 * // { code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' }
 */
export const invalidTransaction = (reason: InvalidTransactionReason): RpcError =>
  rpcError('InvalidTransaction', {
    data:
      reason.type === 'Custom'
        ? `Custom error: ${reason.value}`
        : INVALID_TRANSACTION_REASONS[reason.type],
  })

/** `UnknownTransaction` variants (sp_runtime); `data` is their Rust `Debug` form. */
export type UnknownTransactionReason =
  | { readonly type: 'CannotLookup' | 'NoUnsignedValidator' }
  | { readonly type: 'Custom'; readonly value: number }

/** `1011 Unknown Transaction Validity`, with the variant in `data` as Substrate formats it. */
export const unknownTransaction = (reason: UnknownTransactionReason): RpcError =>
  rpcError('UnknownTransactionValidity', {
    data: reason.type === 'Custom' ? `Custom(${reason.value})` : reason.type,
  })

/** `1013 Transaction Already Imported`, with the transaction hash in `data`. */
export const alreadyImported = (txHash: string): RpcError =>
  rpcError('AlreadyImported', { data: txHash })

/** `1014`: the pool holds a transaction with the same tags and at least this priority. */
export const tooLowPriority = (old: bigint | number, next: bigint | number): RpcError =>
  new RpcError(
    RPC_ERRORS.TooLowPriority.code,
    `Priority is too low: (${old} vs ${next})`,
    'The transaction has too low priority to replace another transaction already in the pool.',
  )

/** `1016 Immediately Dropped`: the pool is full; `limit` says which bound, when known. */
export const immediatelyDropped = (limit?: string): RpcError =>
  rpcError('ImmediatelyDropped', {
    data: `The transaction couldn't enter the pool because of the limit${limit === undefined ? '' : `: ${limit}`}`,
  })

/**
 * An unknown block, as Substrate's client reports it. The message contains `" not found"`, which
 * is how Subsquid recognises a missing block. State methods use 4003 (the default), chain methods
 * 3002.
 *
 * @example unknownBlock('0xab…').message // 'Client error: UnknownBlock: Header was not found …: 0xab…'
 */
export const unknownBlock = (hash: string, module: 'state' | 'chain' = 'state'): RpcError =>
  rpcError(module === 'state' ? 'StateClient' : 'ChainClient', {
    detail: `UnknownBlock: Header was not found in the database: ${hash}`,
  })

/** `4002`: `state_getKeysPaged` was asked for more keys than a page holds. */
export const invalidCount = (value: number, max: number): RpcError =>
  new RpcError(
    RPC_ERRORS.InvalidCount.code,
    `count exceeds maximum value. value: ${value}, max: ${max}`,
  )

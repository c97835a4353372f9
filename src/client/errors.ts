import { CodedFault, CritterFault } from '../primitives/index.ts'

/** Why the client could not talk to the node. */
export type ConnectionErrorCode =
  /** The socket dropped while the request or subscription was open. */
  | 'CONNECTION_LOST'
  /** `close()` was called, or the provider gave up reconnecting. */
  | 'CONNECTION_CLOSED'

/**
 * The connection to the node failed under a request or subscription. Pending requests reject with
 * it; open subscriptions get it through their `error` callback, so callers can resubscribe once
 * the provider reconnects.
 *
 * @example
 * client.subscribe(chain.subscribeFinalizedHeads(), {
 *   next: onHead,
 *   error: e => { if (e instanceof ConnectionError) void client.connected().then(resubscribe) },
 * })
 */
export class ConnectionError extends CodedFault<ConnectionErrorCode> {
  override readonly name = 'ConnectionError'
}

/** No response arrived within `requestTimeoutMs`. */
export class RequestTimeoutError extends CritterFault {
  override readonly name = 'RequestTimeoutError'
  readonly code = 'REQUEST_TIMEOUT'
  /** The JSON-RPC method that timed out. */
  readonly method: string

  constructor(method: string, timeoutMs: number) {
    super(`${method}: no response within ${timeoutMs} ms`)
    this.method = method
  }
}

/**
 * The node sent something that is not what the protocol or the method promises: invalid JSON, a
 * malformed envelope, or a result of the wrong shape. Validated at the edge, so nothing inside the
 * client trusts an unchecked value.
 */
export class ResponseFormatError extends CritterFault {
  override readonly name = 'ResponseFormatError'
  readonly code = 'BAD_RESPONSE'
}

/** The client was used in a way it does not support (e.g. a write through a read-only view). */
export class ClientUsageError extends CritterFault {
  override readonly name = 'ClientUsageError'
  readonly code = 'CLIENT_USAGE'
}

/** How a watched transaction ended without making it into a block. */
export type TransactionErrorCode =
  /** The pool found it invalid after admission (e.g. its era expired). */
  | 'TX_INVALID'
  /** The pool dropped it (e.g. evicted when full). */
  | 'TX_DROPPED'
  /** Another transaction with the same nonce took its place. */
  | 'TX_USURPED'
  /** It was in a block that was not finalized in time. */
  | 'TX_FINALITY_TIMEOUT'
  /** The node reported it in a block whose body does not hold it. */
  | 'TX_NOT_IN_BLOCK'

/** A submitted transaction ended without an outcome on chain. */
export class TransactionError extends CritterFault {
  override readonly name = 'TransactionError'
  readonly code: TransactionErrorCode

  constructor(code: TransactionErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/**
 * The node runs another runtime than the client was given (spec or transaction version differ), so
 * calls and storage would be encoded and decoded with the wrong schema.
 */
export class RuntimeMismatchError extends CritterFault {
  override readonly name = 'RuntimeMismatchError'
  readonly code = 'RUNTIME_MISMATCH'
}

/**
 * The chain behind a follower changed: a block's parent is not the block delivered before it (the
 * node was reset, or points at another chain). A follower cannot resume across it on its own.
 */
export class ChainContinuityError extends CritterFault {
  override readonly name = 'ChainContinuityError'
  readonly code = 'CHAIN_DISCONTINUITY'
}

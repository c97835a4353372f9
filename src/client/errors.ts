import { CritterFault } from '../primitives/index.ts'

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
export class ConnectionError extends CritterFault {
  override readonly name = 'ConnectionError'
  readonly code: ConnectionErrorCode

  constructor(code: ConnectionErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
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

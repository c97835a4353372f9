// Per-server limits. Defaults follow a Substrate node's where it has one (15 MiB messages, 1024
// subscriptions per connection); the rest bound memory per connection.
import { z } from 'zod'

const MiB = 1024 * 1024

/** The limits the server enforces, each answered with a clear error (see `RPC_ERRORS`). */
export interface RpcServerLimits {
  /** Largest request: WS message (closed with 1009) or HTTP body (413). Substrate: 15 MiB. */
  readonly maxMessageBytes: number
  /** Largest response; a bigger one is replaced by `-32008 Response is too big`. */
  readonly maxResponseBytes: number
  /** Most calls in one batch; more is `-32010`. Subsquid sends 100 by default. */
  readonly maxBatch: number
  /** Most live subscriptions per WebSocket; more is `-32006`. Substrate: 1024. */
  readonly maxSubscriptionsPerConnection: number
  /** Most open TCP connections (HTTP and WS); more are refused with HTTP 503. */
  readonly maxConnections: number
  /** Bytes queued to a WS client that does not read; past this the connection is dropped. */
  readonly maxBufferedBytes: number
  /** Messages being handled per WS connection; past this the server stops reading the socket. */
  readonly maxInFlightPerConnection: number
}

/** The defaults. */
export const DEFAULT_RPC_LIMITS: RpcServerLimits = Object.freeze({
  maxMessageBytes: 15 * MiB,
  maxResponseBytes: 15 * MiB,
  maxBatch: 256,
  maxSubscriptionsPerConnection: 1024,
  maxConnections: 1000,
  maxBufferedBytes: 32 * MiB,
  maxInFlightPerConnection: 1024,
})

const positiveInt = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

/** Validates partial limits and fills in the defaults. */
export const RpcServerLimitsSchema = z
  .strictObject({
    maxMessageBytes: positiveInt.max(1024 * MiB).optional(),
    maxResponseBytes: positiveInt.optional(),
    maxBatch: positiveInt.optional(),
    maxSubscriptionsPerConnection: positiveInt.optional(),
    maxConnections: positiveInt.optional(),
    maxBufferedBytes: positiveInt.optional(),
    maxInFlightPerConnection: positiveInt.optional(),
  })
  .transform((given): RpcServerLimits => {
    const out: Record<string, number> = { ...DEFAULT_RPC_LIMITS }
    for (const [key, value] of Object.entries(given)) if (value !== undefined) out[key] = value
    return Object.freeze(out as unknown as RpcServerLimits)
  })

// JSON-RPC over WebSocket: one message per frame, responses in completion order, subscriptions.
// Memory per connection is bounded three ways: `ws` refuses frames over `maxPayload` (close 1009)
// before buffering them, at most `maxInFlightPerConnection` messages are handled at once (reading
// pauses past that), and a client whose unread output passes `maxBufferedBytes` is dropped.
import type { WebSocket } from 'ws'
import type { Dispatcher } from './dispatch.ts'
import type { RpcServerLimits } from './limits.ts'
import type { RpcServerLogger } from './logger.ts'
import { createSubscriptionRegistry, type SubscriptionRegistry } from './subscriptions.ts'

/** What one WebSocket connection needs from the server. */
export interface WsConnectionOptions {
  readonly dispatcher: Dispatcher
  readonly limits: RpcServerLimits
  readonly logger: RpcServerLogger
  readonly connectionId: number
  readonly nextSubscriptionId: () => string
  /** Server-wide counters. */
  readonly onSubscriptionCount: (delta: number) => void
  readonly onInFlight: (delta: number) => void
}

/** A served WebSocket. */
export interface WsConnection {
  readonly subscriptions: SubscriptionRegistry
  /** Closes the socket (going away) and ends its subscriptions. */
  close(code: number, reason: string): void
}

const OPEN = 1

const textOf = (data: Buffer | ArrayBuffer | Buffer[]): string =>
  Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as ArrayBuffer).toString('utf8')

/** Serves JSON-RPC on an accepted WebSocket. */
export const serveWebSocket = (socket: WebSocket, options: WsConnectionOptions): WsConnection => {
  const { dispatcher, limits, logger, connectionId } = options
  let dropped = false

  /** Sends if the socket is open and the client keeps up; drops the client otherwise. */
  const write = (text: string): boolean => {
    if (dropped || socket.readyState !== OPEN) return false
    socket.send(text)
    if (socket.bufferedAmount > limits.maxBufferedBytes) {
      dropped = true
      logger.warn(
        `dropping WebSocket ${connectionId}: over ${limits.maxBufferedBytes} bytes unread by the client`,
      )
      socket.terminate()
      return false
    }
    return true
  }

  const subscriptions = createSubscriptionRegistry({
    limit: limits.maxSubscriptionsPerConnection,
    write,
    nextId: options.nextSubscriptionId,
    logger,
    onCount: options.onSubscriptionCount,
  })
  const connection = {
    ctx: { transport: 'ws' as const, connectionId },
    subscriptions,
  }

  // At most `maxInFlightPerConnection` messages are handled at once. Past that the socket is
  // paused; what `ws` had already read waits in `queued` (bounded by one socket read).
  let inFlight = 0
  const queued: string[] = []
  const resumeBelow = Math.max(1, Math.floor(limits.maxInFlightPerConnection / 2))

  const run = (text: string): void => {
    inFlight++
    options.onInFlight(1)
    dispatcher
      .handleText(text, connection)
      .then(
        reply => {
          if (reply === undefined) return
          if (write(reply.text)) reply.written()
          else reply.dropped()
        },
        (e: unknown) => logger.error(`WebSocket ${connectionId}: dispatch failed`, e),
      )
      .finally(() => {
        inFlight--
        options.onInFlight(-1)
        const next = queued.shift()
        if (next !== undefined) run(next)
        else if (socket.isPaused && inFlight < resumeBelow && socket.readyState === OPEN)
          socket.resume()
      })
  }

  socket.on('message', data => {
    const text = textOf(data)
    if (inFlight < limits.maxInFlightPerConnection) {
      run(text)
      return
    }
    queued.push(text)
    if (!socket.isPaused) socket.pause()
  })

  socket.on('error', (e: Error & { code?: string }) => {
    // `ws` has already closed the socket (1009 for an oversized message, 1007 for bad UTF-8).
    logger.warn(`WebSocket ${connectionId}: ${e.code ?? e.name}: ${e.message}`)
  })
  socket.on('close', () => {
    queued.length = 0
    subscriptions.closeAll()
  })

  return {
    subscriptions,
    close: (code, reason) => {
      subscriptions.closeAll()
      if (socket.readyState === OPEN) socket.close(code, reason)
      else socket.terminate()
    },
  }
}

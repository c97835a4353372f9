import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts'
import { ClientUsageError } from './errors.ts'
import type { ConnectionStatus, JsonRpcProvider } from './provider.ts'
import { type SocketEvents, type SocketFactory, type SocketLike, wsSocket } from './socket.ts'

/** How the WebSocket provider reconnects. */
export interface ReconnectOptions extends Partial<BackoffOptions> {
  /** Give up after this many reconnect attempts in a row have failed (default: never). */
  readonly maxAttempts?: number
}

/** Options of `createWsProvider`. */
export interface WsProviderOptions {
  /** Backoff for reconnecting after a drop, or `false` to close for good on the first drop. */
  readonly reconnect?: ReconnectOptions | false
  /** An attempt that has not opened within this time counts as failed (default 10 s). */
  readonly connectTimeoutMs?: number
  /** Ping interval; a ping unanswered by the next one drops the socket (default 30 s, 0 = off). */
  readonly heartbeatMs?: number
  /** Opens sockets; defaults to the `ws` package. Tests pass a fake. */
  readonly socket?: SocketFactory
  /** Jitter source in [0, 1); defaults to `Math.random`. */
  readonly random?: () => number
}

/**
 * A JSON-RPC provider over WebSocket that reconnects with exponential backoff and jitter, and
 * reports each change of connection state through the provider's `onStatus`. Messages sent while
 * an attempt is connecting wait for it; when an attempt fails or a socket drops, queued and
 * in-flight messages are lost, and the `disconnected` status says so (the client rejects what was
 * pending, so nothing is sent behind a caller's back after it was told it failed).
 *
 * @example
 * const client = createClient(createWsProvider('ws://127.0.0.1:9944', { reconnect: { maxDelayMs: 5_000 } }))
 */
export const createWsProvider = (url: string, options: WsProviderOptions = {}): JsonRpcProvider => {
  const reconnect = options.reconnect === false ? undefined : (options.reconnect ?? {})
  const backoff: BackoffOptions = {
    minDelayMs: reconnect?.minDelayMs ?? DEFAULT_BACKOFF.minDelayMs,
    maxDelayMs: reconnect?.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    factor: reconnect?.factor ?? DEFAULT_BACKOFF.factor,
  }
  const maxAttempts = reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000
  const heartbeatMs = options.heartbeatMs ?? 30_000
  const openSocket = options.socket ?? wsSocket
  const random = options.random ?? Math.random
  checkOptions(backoff, maxAttempts, connectTimeoutMs, heartbeatMs)
  if (!/^wss?:\/\/./.test(url))
    throw new ClientUsageError(`a WebSocket URL starts with ws:// or wss://, got ${url}`)

  return (onMessage, onStatus = () => {}) => {
    let socket: SocketLike | undefined
    let isOpen = false
    let closed = false
    let failures = 0
    let queue: string[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    let heartbeat: ReturnType<typeof setInterval> | undefined
    let awaitingPong = false

    const report = (status: ConnectionStatus) => {
      if (!closed || status.type === 'closed') onStatus(status)
    }
    const stopTimers = () => {
      clearTimeout(timer)
      clearInterval(heartbeat)
      timer = undefined
      heartbeat = undefined
    }

    const connect = () => {
      report({ type: 'connecting', attempt: failures })
      let current: SocketLike | undefined
      const isCurrent = () => current !== undefined && current === socket
      const events: SocketEvents = {
        onOpen: () => {
          if (!isCurrent()) return
          clearTimeout(timer)
          isOpen = true
          failures = 0
          report({ type: 'connected' })
          const pending = queue
          queue = []
          for (const message of pending) current?.send(message)
          if (heartbeatMs > 0 && current?.ping !== undefined) startHeartbeat(current)
        },
        onMessage: text => {
          if (!isCurrent()) return
          awaitingPong = false
          onMessage(text)
        },
        onPong: () => {
          awaitingPong = false
        },
        onClose: reason => {
          if (isCurrent()) dropped(reason)
        },
      }
      try {
        current = openSocket(url, events)
      } catch (error) {
        dropped(`could not open a socket: ${error instanceof Error ? error.message : error}`)
        return
      }
      socket = current
      timer = setTimeout(() => {
        if (isCurrent() && !isOpen) dropped(`not open after ${connectTimeoutMs} ms`)
      }, connectTimeoutMs)
    }

    const startHeartbeat = (current: SocketLike) => {
      awaitingPong = false
      heartbeat = setInterval(() => {
        if (current !== socket) return
        if (awaitingPong) {
          dropped(`no answer to a ping within ${heartbeatMs} ms`)
          return
        }
        awaitingPong = true
        current.ping?.()
      }, heartbeatMs)
    }

    const dropped = (reason: string) => {
      const old = socket
      socket = undefined
      isOpen = false
      queue = []
      stopTimers()
      old?.close()
      if (closed) return
      if (reconnect === undefined || failures >= maxAttempts) {
        closed = true
        report({ type: 'closed', reason })
        return
      }
      const retryInMs = backoffDelay(failures, backoff, random)
      failures += 1
      report({ type: 'disconnected', reason, retryInMs })
      timer = setTimeout(connect, retryInMs)
    }

    connect()
    return {
      send(message) {
        if (closed) return
        if (isOpen) socket?.send(message)
        else queue.push(message)
      },
      disconnect() {
        if (closed) return
        closed = true
        const old = socket
        socket = undefined
        isOpen = false
        queue = []
        stopTimers()
        old?.close()
        report({ type: 'closed', reason: 'disconnected by the client' })
      },
    }
  }
}

const checkOptions = (
  b: BackoffOptions,
  maxAttempts: number,
  connectTimeoutMs: number,
  heartbeatMs: number,
): void => {
  if (!(b.minDelayMs >= 0 && b.maxDelayMs >= b.minDelayMs && b.factor >= 1))
    throw new ClientUsageError(
      `reconnect needs 0 <= minDelayMs <= maxDelayMs and factor >= 1, got ${JSON.stringify(b)}`,
    )
  if (!(maxAttempts >= 0))
    throw new ClientUsageError(`reconnect.maxAttempts must be >= 0, got ${maxAttempts}`)
  if (!(connectTimeoutMs > 0))
    throw new ClientUsageError(`connectTimeoutMs must be > 0, got ${connectTimeoutMs}`)
  if (!(heartbeatMs >= 0))
    throw new ClientUsageError(`heartbeatMs must be >= 0, got ${heartbeatMs}`)
}

// The JSON-RPC server: HTTP POST and WebSocket on one port (Substrate's layout, default 9944),
// dispatching to the node's handlers through the method table of src/rpc.
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import { type RpcHandlers, rpcError } from '../../rpc/index.ts'
import { createDispatcher } from './dispatch.ts'
import { createHttpHandler } from './http-transport.ts'
import { type RpcServerLimits, RpcServerLimitsSchema } from './limits.ts'
import { type RpcServerLogger, stderrLogger } from './logger.ts'
import { RpcServerFault } from './server-fault.ts'
import { serveWebSocket, type WsConnection } from './ws-transport.ts'

/** Options of `createRpcServer`. */
export interface RpcServerOptions {
  /** The node's implementation of every method. */
  readonly handlers: RpcHandlers
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string
  /** Port; default 9944, and 0 picks a free one (read it from `server.port`). */
  readonly port?: number
  /** Overrides of `DEFAULT_RPC_LIMITS`. */
  readonly limits?: Partial<RpcServerLimits>
  /** Where handler bugs and dropped connections are reported; default stderr. */
  readonly logger?: RpcServerLogger
}

/** Counters for tests, benchmarks and health. */
export interface RpcServerStats {
  /** Open TCP connections (HTTP keep-alive and WebSocket). */
  readonly connections: number
  /** Open WebSockets. */
  readonly webSockets: number
  /** Live and pending subscriptions over all WebSockets. */
  readonly subscriptions: number
  /** WebSocket messages being handled. */
  readonly inFlight: number
}

/** A listening server. */
export interface RpcServer {
  /** The port it listens on. */
  readonly port: number
  /** The limits in force. */
  readonly limits: RpcServerLimits
  /** Current counters. */
  stats(): RpcServerStats
  /** Stops listening, closes every connection and ends every subscription. */
  close(): Promise<void>
}

/** How long `close()` lets WebSocket clients answer the close frame before cutting them off. */
const CLOSE_GRACE_MS = 250

const busyResponse = (): string => {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: null,
    error: rpcError('ServerBusy', { data: 'too many connections' }).toJSON(),
  })
  return [
    'HTTP/1.1 503 Service Unavailable',
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n')
}

/**
 * Starts a JSON-RPC 2.0 server (WebSocket and HTTP POST on one port, single calls and batches,
 * subscriptions over WebSocket) that answers with `handlers`.
 *
 * @example
 * const server = await createRpcServer({ handlers, port: 0 })
 * const ws = new WebSocket(`ws://127.0.0.1:${server.port}`)
 * // …
 * await server.close()
 */
export const createRpcServer = async (options: RpcServerOptions): Promise<RpcServer> => {
  const parsedLimits = RpcServerLimitsSchema.safeParse(options.limits ?? {})
  if (!parsedLimits.success)
    throw new RpcServerFault('INVALID_RPC_OPTIONS', `bad limits: ${parsedLimits.error.message}`)
  const limits = parsedLimits.data
  const host = options.host ?? '127.0.0.1'
  const port = options.port ?? 9944
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RpcServerFault('INVALID_RPC_OPTIONS', `bad port ${port}`)
  const logger = options.logger ?? stderrLogger
  const dispatcher = createDispatcher({ handlers: options.handlers, limits, logger })

  let connectionIds = 0
  let subscriptionIds = 0
  let subscriptionCount = 0
  let inFlight = 0
  const nextConnectionId = (): number => ++connectionIds
  const sockets = new Set<Socket>()
  const webSockets = new Set<WsConnection>()

  const server: Server = createServer(
    createHttpHandler({ dispatcher, limits, logger, nextConnectionId }),
  )
  server.keepAliveTimeout = 5_000
  server.headersTimeout = 30_000
  server.requestTimeout = 60_000

  server.on('connection', (socket: Socket) => {
    if (sockets.size >= limits.maxConnections) {
      logger.warn(`refusing a connection: ${limits.maxConnections} already open`)
      socket.end(busyResponse())
      socket.destroySoon()
      return
    }
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
  })

  server.on('upgrade', (req, socket, head) => {
    if (!sockets.has(socket as Socket)) return
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, ws => {
      const connection = serveWebSocket(ws, {
        dispatcher,
        limits,
        logger,
        connectionId: nextConnectionId(),
        nextSubscriptionId: () => `${++subscriptionIds}`,
        onSubscriptionCount: delta => {
          subscriptionCount += delta
        },
        onInFlight: delta => {
          inFlight += delta
        },
      })
      webSockets.add(connection)
      ws.on('close', () => webSockets.delete(connection))
    })
  })

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(e)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
  server.on('error', e => logger.error('RPC server error', e))

  let closing: Promise<void> | undefined
  return {
    port: (server.address() as AddressInfo).port,
    limits,
    stats: () => ({
      connections: sockets.size,
      webSockets: webSockets.size,
      subscriptions: subscriptionCount,
      inFlight,
    }),
    close: () => {
      closing ??= new Promise<void>(resolve => {
        server.close(() => resolve())
        wss.close()
        for (const connection of webSockets) connection.close(1001, 'server shutting down')
        webSockets.clear()
        server.closeAllConnections()
        // WebSocket clients get a moment to answer the close frame; then the sockets go.
        setTimeout(() => {
          for (const socket of sockets) socket.destroy()
        }, CLOSE_GRACE_MS).unref()
      })
      return closing
    },
  }
}

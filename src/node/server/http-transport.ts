// JSON-RPC over HTTP POST: one message per request, no subscriptions. The body is counted while it
// streams in and refused with 413 as soon as it passes the limit, so nothing unbounded is held.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { rpcError } from '../../rpc/index.ts'
import type { Dispatcher } from './dispatch.ts'
import type { RpcServerLimits } from './limits.ts'
import type { RpcServerLogger } from './logger.ts'

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
} as const

const JSON_TYPE = 'application/json; charset=utf-8'

/** What the HTTP side needs from the server. */
export interface HttpTransportOptions {
  readonly dispatcher: Dispatcher
  readonly limits: Pick<RpcServerLimits, 'maxMessageBytes'>
  readonly logger: RpcServerLogger
  readonly nextConnectionId: () => number
}

const errorBody = (name: 'RequestTooBig' | 'InvalidRequest', data: string): string =>
  JSON.stringify({ jsonrpc: '2.0', id: null, error: rpcError(name, { data }).toJSON() })

/** Creates the `request` listener of the server. */
export const createHttpHandler = (options: HttpTransportOptions) => {
  const { dispatcher, limits, logger } = options

  // After a 413 the rest of the body is read and thrown away (so the client, still sending, gets
  // the answer instead of a reset), but only up to this much; past it the socket is cut.
  const drainLimit = limits.maxMessageBytes * 2 + 1024 * 1024

  const tooBig = (res: ServerResponse): void => {
    res.writeHead(413, { ...CORS, 'content-type': JSON_TYPE })
    res.end(errorBody('RequestTooBig', `requests are limited to ${limits.maxMessageBytes} bytes`))
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS)
      res.end()
      return
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { ...CORS, allow: 'POST, OPTIONS', 'content-type': JSON_TYPE })
      res.end(errorBody('InvalidRequest', 'send JSON-RPC as an HTTP POST, or upgrade to WebSocket'))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let refused = false
    const refuse = (): void => {
      refused = true
      chunks.length = 0
      tooBig(res)
    }
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > drainLimit) {
      tooBig(res)
      res.on('finish', () => req.destroy())
      return
    }
    if (declared > limits.maxMessageBytes) refuse()
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (refused) {
        if (size > drainLimit) req.destroy()
        return
      }
      if (size > limits.maxMessageBytes) {
        refuse()
        return
      }
      chunks.push(chunk)
    })
    req.on('error', () => {
      // A client that went away mid-body: nothing to answer.
    })
    req.on('end', () => {
      if (refused) return
      const text = Buffer.concat(chunks, size).toString('utf8')
      const connection = {
        ctx: { transport: 'http' as const, connectionId: options.nextConnectionId() },
        subscriptions: undefined,
      }
      dispatcher.handleText(text, connection).then(
        reply => {
          if (res.destroyed) return
          if (reply === undefined) {
            res.writeHead(204, CORS)
            res.end()
            return
          }
          res.writeHead(200, {
            ...CORS,
            'content-type': JSON_TYPE,
            'content-length': Buffer.byteLength(reply.text),
          })
          res.end(reply.text)
        },
        (e: unknown) => {
          logger.error('HTTP dispatch failed', e)
          if (!res.headersSent) res.writeHead(500)
          res.end()
        },
      )
    })
  }
}

import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../../src/sync/delivery/index.ts'

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  readonly path: string
  readonly key: string
  readonly body: string
  readonly signed: boolean
  /** The status the receiver answered. */
  readonly status: number
}

/** Options of `startWebhookReceiver`. */
export interface WebhookReceiverOptions {
  readonly secret: string
  /** Answer 500 to this many requests first, then 200 (default 0). */
  readonly failFirst?: number
  /** Answer 500 to every request until `recover()` (default false). */
  readonly down?: boolean
  /** Wait this long before answering (default 0). */
  readonly delayMs?: number
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * A local webhook endpoint that checks each request's HMAC (401 when wrong) and records it: the
 * requests in order, and how many times each idempotency key was accepted (answered 2xx).
 *
 * @example
 * const receiver = await startWebhookReceiver({ secret, failFirst: 2 })
 * // ... deliver to receiver.url
 * expect([...receiver.accepted.values()]).toEqual([1, 1, 1])
 */
export const startWebhookReceiver = async (options: WebhookReceiverOptions) => {
  const requests: ReceivedRequest[] = []
  const accepted = new Map<string, number>()
  let failuresLeft = options.failFirst ?? 0
  let down = options.down ?? false
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const key = header(req.headers, WEBHOOK_HEADERS.idempotencyKey) ?? ''
      const signed = verifyWebhookSignature(
        options.secret,
        header(req.headers, WEBHOOK_HEADERS.timestamp),
        body,
        header(req.headers, WEBHOOK_HEADERS.signature),
      )
      let status = 200
      if (!signed) status = 401
      else if (down) status = 500
      else if (failuresLeft > 0) {
        failuresLeft--
        status = 500
      }
      requests.push({ path: req.url ?? '/', key, body, signed, status })
      if (status === 200) accepted.set(key, (accepted.get(key) ?? 0) + 1)
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'text/plain' })
        res.end(status === 200 ? 'ok' : status === 401 ? 'bad signature' : 'receiver is down')
      }, options.delayMs ?? 0)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    /** Starts answering 200 (after `down: true`). */
    recover() {
      down = false
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

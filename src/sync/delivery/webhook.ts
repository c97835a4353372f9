import { createHmac, timingSafeEqual } from 'node:crypto'
import { deliveryBody } from './delivery-body.ts'
import { reasonOf } from './failure-reason.ts'
import type { DeliveryTransport } from './transport.ts'

/** The headers a webhook request carries besides `content-type: application/json`. */
export const WEBHOOK_HEADERS = Object.freeze({
  /** `<pet>:<version>:<changeType>`: deduplicate by it, a change may come more than once. */
  idempotencyKey: 'x-critter-idempotency-key',
  /** Unix seconds when the request was signed. */
  timestamp: 'x-critter-timestamp',
  /** `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. */
  signature: 'x-critter-signature',
})

/** Options of `createWebhookTransport`. */
export interface WebhookTransportOptions {
  /** The receiver's `http://` or `https://` URL. */
  readonly url: string
  /** The HMAC-SHA256 key, shared with the receiver. */
  readonly secret: string
  /** How long an attempt may take, response body included. */
  readonly timeoutMs: number
  /** Unix ms, for the timestamp header (default `Date.now`). */
  readonly now?: () => number
}

/**
 * The `x-critter-signature` value of a body: `sha256=` and the hex HMAC-SHA256, under `secret`,
 * of `timestamp + "." + body`. The timestamp is signed so that a captured request cannot be
 * replayed later as a fresh one.
 *
 * @example signWebhook('s3cret', 1700000000, '{"idempotencyKey":"0:1:BasicInfo"}') // 'sha256=…'
 */
export const signWebhook = (secret: string, timestamp: number | string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`

/** Options of `verifyWebhookSignature`. */
export interface VerifyWebhookOptions {
  /** Refuse a timestamp further than this from `now` (default: not checked). */
  readonly toleranceSeconds?: number
  /** Unix ms (default `Date.now`). */
  readonly now?: () => number
}

/**
 * For receivers: whether `header` (`x-critter-signature`) signs `body` at `timestamp`
 * (`x-critter-timestamp`) under `secret`. Compares in constant time; pass the raw body bytes as
 * received, not re-serialised JSON. With `toleranceSeconds`, also refuses stale timestamps.
 *
 * @example
 * const ok = verifyWebhookSignature(secret, req.headers['x-critter-timestamp'], rawBody,
 *   req.headers['x-critter-signature'], { toleranceSeconds: 300 })
 */
export const verifyWebhookSignature = (
  secret: string,
  timestamp: string | number | undefined,
  body: string | Uint8Array,
  header: string | undefined,
  options: VerifyWebhookOptions = {},
): boolean => {
  if (timestamp === undefined || header === undefined) return false
  const ts = String(timestamp)
  if (!/^\d{1,12}$/.test(ts)) return false
  if (options.toleranceSeconds !== undefined) {
    const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000)
    if (Math.abs(nowSeconds - Number(ts)) > options.toleranceSeconds) return false
  }
  const mac = createHmac('sha256', secret).update(`${ts}.`).update(body).digest()
  const match = /^sha256=([0-9a-f]{64})$/.exec(header.trim().toLowerCase())
  if (match?.[1] === undefined) return false
  return timingSafeEqual(mac, Buffer.from(match[1], 'hex'))
}

const MAX_REASON_BODY = 200

/**
 * A transport that POSTs each delivery's JSON (`deliveryBody`) to a webhook, signed with
 * HMAC-SHA256 (`WEBHOOK_HEADERS`). A 2xx response is delivered; any other status (redirects are
 * not followed), a timeout or a network error is a failure whose reason names it.
 *
 * @example
 * const transport = createWebhookTransport({ url: 'https://example.com/critter', secret, timeoutMs: 10_000 })
 * const result = await transport.deliver(row) // { type: 'delivered' } or { type: 'failed', reason }
 */
export const createWebhookTransport = (options: WebhookTransportOptions): DeliveryTransport => {
  const { url, secret, timeoutMs } = options
  const now = options.now ?? Date.now
  let closed = false
  return {
    kind: 'webhook',
    async deliver(delivery, signal) {
      if (closed) return { type: 'failed', reason: 'transport closed' }
      const body = deliveryBody(delivery)
      const timestamp = Math.floor(now() / 1000)
      const timeout = AbortSignal.timeout(timeoutMs)
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [WEBHOOK_HEADERS.idempotencyKey]: delivery.idempotencyKey,
            [WEBHOOK_HEADERS.timestamp]: String(timestamp),
            [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
        })
        if (response.status >= 200 && response.status < 300) {
          await response.body?.cancel()
          return { type: 'delivered' }
        }
        const text = (await response.text()).trim().slice(0, MAX_REASON_BODY)
        const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
        return { type: 'failed', reason: text === '' ? status : `${status}: ${text}` }
      } catch (error) {
        if (timeout.aborted) return { type: 'failed', reason: `no response within ${timeoutMs} ms` }
        if (signal?.aborted === true) return { type: 'failed', reason: 'aborted' }
        return { type: 'failed', reason: `network error: ${reasonOf(error)}` }
      }
    },
    async close() {
      closed = true
    },
  }
}

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveryRow } from '../../../test/helpers/delivery-outbox.ts'
import { startWebhookReceiver } from '../../../test/helpers/webhook-receiver.ts'
import {
  createWebhookTransport,
  deliveryBody,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
} from './index.ts'

const SECRET = 'whsec-test'

const row = deliveryRow({
  id: 1,
  hookId: 4,
  petId: 7,
  version: 3,
  changeType: 'Ownership',
  blockNumber: 12,
  eventIndex: 5,
  priority: 9,
  payload: '{"pet_id":7,"version":3,"change_type":"Ownership","successful_hooks":1}',
})

describe('webhook signatures', () => {
  const body = deliveryBody(row)
  const header = signWebhook(SECRET, 1_700_000_000, body)

  it('verifies what it signs, in constant time, and nothing else', () => {
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(verifyWebhookSignature(SECRET, '1700000000', body, header)).toBe(true)
    expect(verifyWebhookSignature(SECRET, 1_700_000_000, Buffer.from(body), header)).toBe(true)
    expect(verifyWebhookSignature(SECRET, '1700000001', body, header)).toBe(false)
    expect(verifyWebhookSignature(SECRET, '1700000000', `${body} `, header)).toBe(false)
    expect(verifyWebhookSignature('other', '1700000000', body, header)).toBe(false)
    expect(verifyWebhookSignature(SECRET, '1700000000', body, header.replace('sha256=', ''))).toBe(
      false,
    )
    expect(verifyWebhookSignature(SECRET, '1700000000', body, 'sha256=00')).toBe(false)
    expect(verifyWebhookSignature(SECRET, undefined, body, header)).toBe(false)
    expect(verifyWebhookSignature(SECRET, '1700000000', body, undefined)).toBe(false)
    expect(verifyWebhookSignature(SECRET, 'x', body, header)).toBe(false)
  })

  it('refuses a stale timestamp when given a tolerance', () => {
    const at = (seconds: number) => () => seconds * 1000
    const options = (now: () => number) => ({ toleranceSeconds: 300, now })
    expect(
      verifyWebhookSignature(SECRET, '1700000000', body, header, options(at(1_700_000_299))),
    ).toBe(true)
    expect(
      verifyWebhookSignature(SECRET, '1700000000', body, header, options(at(1_700_000_301))),
    ).toBe(false)
  })

  it('sends the change as documented', () => {
    expect(JSON.parse(body)).toEqual({
      idempotencyKey: '7:3:Ownership',
      hookId: 4,
      petId: 7,
      version: 3,
      changeType: 'Ownership',
      blockNumber: 12,
      eventIndex: 5,
      event: { pet_id: 7, version: 3, change_type: 'Ownership', successful_hooks: 1 },
    })
  })
})

describe('webhook transport', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET, failFirst: 1 })
  })
  afterAll(() => receiver.close())

  it('POSTs a signed body; a 500 is a failure with the status and body, a 200 delivered', async () => {
    const transport = createWebhookTransport({
      url: `${receiver.url}/hook`,
      secret: SECRET,
      timeoutMs: 5000,
      now: () => 1_700_000_000_000,
    })
    expect(await transport.deliver(row)).toEqual({
      type: 'failed',
      reason: 'HTTP 500 Internal Server Error: receiver is down',
    })
    expect(await transport.deliver(row)).toEqual({ type: 'delivered' })
    expect(receiver.requests.map(r => [r.path, r.key, r.signed, r.status])).toEqual([
      ['/hook', '7:3:Ownership', true, 500],
      ['/hook', '7:3:Ownership', true, 200],
    ])
    expect(receiver.requests[1]?.body).toBe(deliveryBody(row))
    await transport.close()
    expect(await transport.deliver(row)).toEqual({ type: 'failed', reason: 'transport closed' })
  })

  it('a wrong secret is refused by the receiver', async () => {
    const transport = createWebhookTransport({
      url: receiver.url,
      secret: 'wrong',
      timeoutMs: 5000,
    })
    const result = await transport.deliver(row)
    expect(result).toEqual({ type: 'failed', reason: 'HTTP 401 Unauthorized: bad signature' })
  })

  it('times out, and reports refused connections and redirects as failures', async () => {
    const slow = await startWebhookReceiver({ secret: SECRET, delayMs: 2000 })
    try {
      const transport = createWebhookTransport({ url: slow.url, secret: SECRET, timeoutMs: 100 })
      expect(await transport.deliver(row)).toEqual({
        type: 'failed',
        reason: 'no response within 100 ms',
      })
    } finally {
      await slow.close()
    }

    // A port that was just free: nothing listens there.
    const probe = createServer()
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
    const freePort = (probe.address() as AddressInfo).port
    await new Promise(resolve => probe.close(resolve))
    const refused = createWebhookTransport({
      url: `http://127.0.0.1:${freePort}/`,
      secret: SECRET,
      timeoutMs: 2000,
    })
    const failure = await refused.deliver(row)
    expect(failure.type).toBe('failed')
    expect(failure.type === 'failed' && failure.reason).toMatch(/^network error: .*ECONNREFUSED/)

    const redirect = createServer((_req, res) => {
      res.writeHead(302, { location: receiver.url })
      res.end()
    })
    await new Promise<void>(resolve => redirect.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = redirect.address() as AddressInfo
      const transport = createWebhookTransport({
        url: `http://127.0.0.1:${port}/`,
        secret: SECRET,
        timeoutMs: 2000,
      })
      expect(await transport.deliver(row)).toEqual({ type: 'failed', reason: 'HTTP 302 Found' })
    } finally {
      redirect.close()
    }
  })

  it('stops when the worker aborts', async () => {
    const slow = await startWebhookReceiver({ secret: SECRET, delayMs: 2000 })
    try {
      const transport = createWebhookTransport({ url: slow.url, secret: SECRET, timeoutMs: 5000 })
      const stop = new AbortController()
      setTimeout(() => stop.abort(), 50)
      expect(await transport.deliver(row, stop.signal)).toEqual({
        type: 'failed',
        reason: 'aborted',
      })
    } finally {
      await slow.close()
    }
  })

  it('uses the documented header names', () => {
    expect(WEBHOOK_HEADERS).toEqual({
      idempotencyKey: 'x-critter-idempotency-key',
      timestamp: 'x-critter-timestamp',
      signature: 'x-critter-signature',
    })
  })
})

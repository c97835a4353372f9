// Hook delivery through NATS JetStream against a real server (nats://127.0.0.1:4222 with
// JetStream, here and in CI; CRITTER_TEST_NATS overrides): a change published twice, as after a
// crash between the publish and recording it, reaches a consumer once.
import { randomBytes } from 'node:crypto'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createDeliveryWorker,
  createJetStreamTransport,
  createNatsConnections,
  createTransports,
  parseHookConfig,
} from '../src/sync/delivery/index.ts'
import { deliveryRow, newDelivery, type Outbox, openOutbox } from './helpers/delivery-outbox.ts'

const NATS_URL = process.env['CRITTER_TEST_NATS'] ?? 'nats://127.0.0.1:4222'

/** Why JetStream cannot be used, or undefined when it can. */
const probeJetStream = async (): Promise<string | undefined> => {
  let nc: NatsConnection | undefined
  try {
    nc = await connect({ servers: NATS_URL, timeout: 2000, reconnect: false })
    await jetstreamManager(nc, { timeout: 2000 })
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    await nc?.close()
  }
}

const unreachable = await probeJetStream()
if (unreachable !== undefined)
  // biome-ignore lint/suspicious/noConsole: a skipped suite must say why in the test output
  console.warn(`NATS JetStream at ${NATS_URL} unusable (${unreachable}): JetStream suite skipped`)

const RETRY = { initialMs: 100, maxMs: 1000, maxAttempts: 3, timeoutMs: 5000 }

describe.skipIf(unreachable !== undefined)('hook delivery through NATS JetStream', () => {
  const run = randomBytes(4).toString('hex')
  const stream = `CRITTER_TEST_${run}`
  const subject = `critter.test.${run}.pets`
  let nc: NatsConnection
  let outbox: Outbox

  /** Every message in the stream, in order, as (msg id, hook header, body). */
  const streamMessages = async (name: string) => {
    const consumer = await jetstream(nc).consumers.get(name)
    const messages = await consumer.fetch({ max_messages: 100, expires: 1000 })
    const seen: { id: string | undefined; hook: string | undefined; body: unknown }[] = []
    for await (const m of messages) {
      seen.push({
        id: m.headers?.get('Nats-Msg-Id'),
        hook: m.headers?.get('Critter-Hook-Id'),
        body: m.json(),
      })
      if (m.info.pending === 0) break
    }
    return seen
  }

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL })
    outbox = await openOutbox()
  })

  afterAll(async () => {
    const jsm = await jetstreamManager(nc)
    for (const name of [stream, `${stream}_B`]) await jsm.streams.delete(name).catch(() => false)
    await nc.close()
    await outbox.close()
  })

  it('creates the stream, and a change published twice is seen once by a consumer', async () => {
    const changes = [
      newDelivery({ hookId: 0, petId: 1, version: 1 }),
      newDelivery({ hookId: 0, petId: 1, version: 2, changeType: 'Ownership' }),
      newDelivery({ hookId: 0, petId: 2, version: 1 }),
    ]
    await outbox.write({ deliveries: changes })
    const transport = createJetStreamTransport({
      servers: [NATS_URL],
      subject,
      stream,
      duplicateWindowMs: 10 * 60_000,
      timeoutMs: 5000,
    })
    try {
      // A previous run published every change, then died before recording any attempt.
      for (const row of await outbox.store.deliveries())
        expect(await transport.deliver(row)).toEqual({ type: 'delivered' })
      const info = await (await jetstreamManager(nc)).streams.info(stream)
      expect(info.config.subjects).toEqual([subject])
      expect(info.config.duplicate_window).toBe(10 * 60_000 * 1_000_000)

      // This run finds them all still due and publishes them again: JetStream drops the copies.
      const worker = createDeliveryWorker({
        store: outbox.store,
        transports: new Map([[0, transport]]),
        retry: RETRY,
      })
      expect(await worker.drain()).toEqual({ attempted: 3, delivered: 3, retried: 0, dead: 0 })
      const rows = await outbox.store.deliveries()
      expect(rows.map(r => r.status)).toEqual(['delivered', 'delivered', 'delivered'])

      const seen = await streamMessages(stream)
      expect(seen.map(m => m.id)).toEqual(changes.map(c => c.idempotencyKey))
      expect(seen.map(m => m.hook)).toEqual(['0', '0', '0'])
      expect(seen[1]?.body).toMatchObject({
        idempotencyKey: '1:2:Ownership',
        hookId: 0,
        petId: 1,
        version: 2,
        changeType: 'Ownership',
      })
      expect((await (await jetstreamManager(nc)).streams.info(stream)).state.messages).toBe(3)
    } finally {
      await transport.close()
    }
  })

  it('shares one connection per servers list across hooks, from the hook config', async () => {
    const config = await parseHookConfig({
      hooks: [
        { id: 1, endpoint: { type: 'nats', servers: [NATS_URL], subject, stream } },
        {
          id: 2,
          endpoint: {
            type: 'nats',
            servers: [NATS_URL],
            subject: `${subject}.b`,
            stream: `${stream}_B`,
          },
        },
      ],
    })
    const set = createTransports(config)
    try {
      const row = deliveryRow({ id: 99, hookId: 1, petId: 3, version: 1 })
      expect(await set.transports.get(1)?.deliver(row)).toEqual({ type: 'delivered' })
      expect(await set.transports.get(2)?.deliver({ ...row, hookId: 2 })).toEqual({
        type: 'delivered',
      })
      // The first hook's stream has the change once more (pet 3), the second's its own copy.
      expect((await streamMessages(`${stream}_B`)).map(m => m.id)).toEqual(['3:1:BasicInfo'])
    } finally {
      await set.close()
    }
    const connections = createNatsConnections()
    try {
      const a = await connections.get([NATS_URL, 'nats://127.0.0.1:4222'], 2000)
      const b = await connections.get(['nats://127.0.0.1:4222', NATS_URL], 2000)
      expect(a).toBe(b)
    } finally {
      await connections.close()
    }
  })

  it('reports a subject no stream takes and an unreachable server as failures', async () => {
    const row = deliveryRow({ id: 1, hookId: 0, petId: 1, version: 1 })
    const orphan = createJetStreamTransport({
      servers: [NATS_URL],
      subject: `critter.nostream.${run}`,
      timeoutMs: 2000,
    })
    try {
      expect(await orphan.deliver(row)).toEqual({
        type: 'failed',
        reason: `no JetStream stream takes subject critter.nostream.${run} (or JetStream is not enabled)`,
      })
    } finally {
      await orphan.close()
    }
    const down = createJetStreamTransport({
      servers: ['nats://127.0.0.1:1'],
      subject,
      timeoutMs: 1000,
    })
    try {
      const result = await down.deliver(row)
      expect(result.type).toBe('failed')
      expect(result.type === 'failed' && result.reason).toMatch(
        /^cannot reach JetStream at nats:\/\/127\.0\.0\.1:1: /,
      )
    } finally {
      await down.close()
    }
  })
})

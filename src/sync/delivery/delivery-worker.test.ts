import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newDelivery, type Outbox, openOutbox } from '../../../test/helpers/delivery-outbox.ts'
import { startWebhookReceiver } from '../../../test/helpers/webhook-receiver.ts'
import { blake2_256, encode, type LogFields, u32, utf8 } from '../../primitives/index.ts'
import {
  createCritterNfts,
  createInMemoryChain,
  createRuntime,
  critterCall,
  flagOf,
} from '../../runtime/index.ts'
import type { BlockEvents } from '../plan.ts'
import {
  createDeliveryWorker,
  createWebhookTransport,
  type DeliveryTransport,
  type RetryPolicy,
  retryDelay,
} from './index.ts'

const SECRET = 'worker-secret'
const RETRY: RetryPolicy = { initialMs: 500, maxMs: 4000, maxAttempts: 5, timeoutMs: 5000 }
const T0 = 1_700_000_000_000

/** A fake clock: tests move it instead of sleeping through backoffs. */
const clock = () => {
  let t = T0
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

/** A logger that keeps what it is told. */
const memoryLogger = () => {
  const lines: { level: string; message: string; fields: LogFields | undefined }[] = []
  const at = (level: string) => (message: string, fields?: LogFields) =>
    lines.push({ level, message, fields })
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } }
}

describe('retryDelay', () => {
  it('doubles from initialMs, caps at maxMs, and jitters between half and all of a step', () => {
    const top = () => 0.999_999
    expect([1, 2, 3, 4, 5, 6].map(n => retryDelay(n, RETRY, top))).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ])
    expect(retryDelay(3, RETRY, () => 0)).toBe(1000)
    for (let i = 0; i < 100; i++) {
      const d = retryDelay(2, RETRY)
      expect(d).toBeGreaterThanOrEqual(500)
      expect(d).toBeLessThanOrEqual(1000)
    }
  })
})

describe('delivery worker with a webhook receiver', () => {
  let outbox: Outbox
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
  const webhook = (now: () => number) =>
    createWebhookTransport({ url: receiver.url, secret: SECRET, timeoutMs: 5000, now })

  beforeEach(async () => {
    outbox = await openOutbox()
  })
  afterEach(async () => {
    await receiver?.close()
    await outbox.close()
  })

  it('retries a failing endpoint with backoff until every change is delivered exactly once', async () => {
    receiver = await startWebhookReceiver({ secret: SECRET, failFirst: 3 })
    const time = clock()
    const { lines, logger } = memoryLogger()
    const changes = [
      newDelivery({ hookId: 0, petId: 1, version: 1 }),
      newDelivery({ hookId: 0, petId: 2, version: 1 }),
      newDelivery({ hookId: 0, petId: 3, version: 1 }),
      newDelivery({ hookId: 0, petId: 1, version: 2, changeType: 'Ownership' }),
      newDelivery({ hookId: 0, petId: 4, version: 1 }),
    ]
    await outbox.write({ deliveries: changes })
    const worker = createDeliveryWorker({
      store: outbox.store,
      transports: new Map([[0, webhook(time.now)]]),
      retry: RETRY,
      logger,
      now: time.now,
      random: () => 0.999_999,
    })

    // Pets 1, 2 and 3 fail once; pet 4 goes through; pet 1's v2 waits behind its v1.
    expect(await worker.drain()).toEqual({ attempted: 4, delivered: 1, retried: 3, dead: 0 })
    const waiting = await outbox.store.deliveries({ status: 'pending' })
    expect(waiting.map(d => d.idempotencyKey)).toEqual([
      '1:1:BasicInfo',
      '2:1:BasicInfo',
      '3:1:BasicInfo',
      '1:2:Ownership',
    ])
    for (const d of waiting.slice(0, 3)) {
      expect(d.attempts).toBe(1)
      expect(d.nextAttemptAt).toBe(T0 + 500)
      expect(d.lastError).toBe('HTTP 500 Internal Server Error: receiver is down')
    }
    // Nothing is due before the backoff has passed.
    time.advance(499)
    expect(await worker.drain()).toEqual({ attempted: 0, delivered: 0, retried: 0, dead: 0 })
    time.advance(1)
    expect(await worker.drain()).toEqual({ attempted: 4, delivered: 4, retried: 0, dead: 0 })

    expect(receiver.requests.every(r => r.signed)).toBe(true)
    expect(receiver.requests).toHaveLength(8)
    expect(new Map(receiver.accepted)).toEqual(new Map(changes.map(c => [c.idempotencyKey, 1])))
    const rows = await outbox.store.deliveries()
    expect(rows.map(r => [r.idempotencyKey, r.status, r.attempts])).toEqual([
      ['1:1:BasicInfo', 'delivered', 2],
      ['2:1:BasicInfo', 'delivered', 2],
      ['3:1:BasicInfo', 'delivered', 2],
      ['1:2:Ownership', 'delivered', 1],
      ['4:1:BasicInfo', 'delivered', 1],
    ])
    expect(rows[0]?.deliveredAt).toBe(T0 + 500)
    // Each failure was logged with its hook, key, attempt and reason.
    expect(lines.filter(l => l.level === 'warn').map(l => l.fields)).toContainEqual({
      hookId: 0,
      key: '2:1:BasicInfo',
      attempt: 1,
      reason: 'HTTP 500 Internal Server Error: receiver is down',
      nextAttemptAt: T0 + 500,
    })
  })

  it('dead-letters after maxAttempts; retryDead puts it back and it then goes through', async () => {
    receiver = await startWebhookReceiver({ secret: SECRET, down: true })
    const time = clock()
    const { lines, logger } = memoryLogger()
    await outbox.write({ deliveries: [newDelivery({ hookId: 0, petId: 9, version: 1 })] })
    const worker = createDeliveryWorker({
      store: outbox.store,
      transports: new Map([[0, webhook(time.now)]]),
      retry: RETRY,
      logger,
      now: time.now,
      random: () => 0.999_999,
    })
    const gaps: number[] = []
    for (let attempt = 1; attempt <= RETRY.maxAttempts; attempt++) {
      const summary = await worker.drain()
      expect(summary.attempted).toBe(1)
      const [row] = await outbox.store.deliveries()
      if (attempt < RETRY.maxAttempts) {
        expect(row?.status).toBe('pending')
        gaps.push((row?.nextAttemptAt ?? 0) - time.now())
        time.advance((row?.nextAttemptAt ?? 0) - time.now())
      } else {
        expect(summary.dead).toBe(1)
        expect(row?.status).toBe('dead')
        expect(row?.attempts).toBe(RETRY.maxAttempts)
        expect(row?.lastError).toBe('HTTP 500 Internal Server Error: receiver is down')
      }
    }
    expect(gaps).toEqual([500, 1000, 2000, 4000])
    expect(lines.filter(l => l.level === 'error').map(l => l.message)).toEqual([
      'delivery dead-lettered',
    ])
    // Dead letters stay put.
    time.advance(3_600_000)
    expect((await worker.drain()).attempted).toBe(0)

    receiver.recover()
    expect(await outbox.store.retryDead(0)).toBe(1)
    expect(await worker.drain()).toEqual({ attempted: 1, delivered: 1, retried: 0, dead: 0 })
    const [row] = await outbox.store.deliveries()
    expect(row?.status).toBe('delivered')
    expect(receiver.accepted.get('9:1:BasicInfo')).toBe(1)
  })

  it('keeps one pet’s versions in order for a hook while an earlier one retries', async () => {
    receiver = await startWebhookReceiver({ secret: SECRET, failFirst: 1 })
    const time = clock()
    await outbox.write({
      deliveries: [
        newDelivery({ hookId: 0, petId: 1, version: 1 }),
        newDelivery({ hookId: 0, petId: 1, version: 2 }),
        newDelivery({ hookId: 0, petId: 2, version: 1 }),
        newDelivery({ hookId: 0, petId: 1, version: 3 }),
      ],
    })
    const worker = createDeliveryWorker({
      store: outbox.store,
      transports: new Map([[0, webhook(time.now)]]),
      retry: RETRY,
      now: time.now,
    })
    await worker.drain()
    // Pet 1's v1 failed: its v2 and v3 wait; pet 2 is not held up.
    expect([...receiver.accepted.keys()]).toEqual(['2:1:BasicInfo'])
    time.advance(RETRY.initialMs)
    await worker.drain()
    const pet1 = receiver.requests.filter(r => r.key.startsWith('1:')).map(r => [r.key, r.status])
    expect(pet1).toEqual([
      ['1:1:BasicInfo', 500],
      ['1:1:BasicInfo', 200],
      ['1:2:BasicInfo', 200],
      ['1:3:BasicInfo', 200],
    ])
  })

  it('gives one change to two hooks in priority order, as planned from chain events', async () => {
    receiver = await startWebhookReceiver({ secret: SECRET })
    const critter = createCritterNfts()
    const chain = createInMemoryChain(createRuntime({ pallets: [critter.pallet] }))
    const [low, high, owner] = [1, 2, 3].map(n => new Uint8Array(32).fill(n)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ]
    const ok = (who: Uint8Array, call: Parameters<typeof chain.apply>[1]) => {
      const result = chain.apply(who, call)
      expect(result.type === 'Ok' && result.value.type).toBe('Ok')
    }
    // Hook 0 (low priority) registers first, hook 1 (high) second: ids and priority disagree.
    ok(low, critterCall('register_sync_hook', { interests: flagOf('BasicInfo'), priority: 10 }))
    ok(high, critterCall('register_sync_hook', { interests: 0xff, priority: 200 }))
    ok(owner, critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8('Ember') }))
    ok(
      owner,
      critterCall('update_pet_metadata', {
        pet_id: 0,
        name: utf8('Cinder'),
        personality_traits: undefined,
        expected_version: 1,
      }),
    )
    const done = chain.seal()
    const blocks: BlockEvents[] = [
      { number: done.number, hash: blake2_256(encode(u32, done.number)), events: done.events },
    ]
    await outbox.replicate(
      blocks,
      new Map([
        [0, { ack: false }],
        [1, { ack: false }],
      ]),
    )
    const seen: string[] = []
    const recording = (hookId: number): DeliveryTransport => {
      const inner = createWebhookTransport({
        url: `${receiver.url}/hook/${hookId}`,
        secret: SECRET,
        timeoutMs: 5000,
      })
      return {
        kind: 'webhook',
        deliver: async (row, signal) => {
          seen.push(`${hookId}:${row.idempotencyKey}`)
          return inner.deliver(row, signal)
        },
        close: () => inner.close(),
      }
    }
    const worker = createDeliveryWorker({
      store: outbox.store,
      transports: new Map([
        [0, recording(0)],
        [1, recording(1)],
      ]),
      retry: RETRY,
    })
    await worker.drain()
    // The mint and the rename each notify both hooks: every change reaches hook 1 first.
    expect(seen).toEqual([
      '1:0:1:BasicInfo',
      '0:0:1:BasicInfo',
      '1:0:2:BasicInfo',
      '0:0:2:BasicInfo',
    ])
    expect(receiver.requests.map(r => r.path)).toEqual(['/hook/1', '/hook/0', '/hook/1', '/hook/0'])
    const body = JSON.parse(receiver.requests[2]?.body ?? '{}') as Record<string, unknown>
    expect(body).toMatchObject({
      idempotencyKey: '0:2:BasicInfo',
      hookId: 1,
      petId: 0,
      version: 2,
      changeType: 'BasicInfo',
      blockNumber: 1,
      event: { pet_id: 0, version: 2, change_type: 'BasicInfo' },
    })
  })

  it('dead-letters a delivery whose hook lost its endpoint, and survives a transport that throws', async () => {
    const { lines, logger } = memoryLogger()
    await outbox.write({
      deliveries: [
        newDelivery({ hookId: 5, petId: 1, version: 1 }),
        newDelivery({ hookId: 6, petId: 1, version: 1 }),
      ],
    })
    const throwing: DeliveryTransport = {
      kind: 'webhook',
      deliver: () => Promise.reject(new TypeError('boom')),
      close: () => Promise.resolve(),
    }
    const time = clock()
    const worker = createDeliveryWorker({
      store: outbox.store,
      transports: new Map([[6, throwing]]),
      retry: RETRY,
      logger,
      now: time.now,
    })
    expect(await worker.drain()).toEqual({ attempted: 2, delivered: 0, retried: 1, dead: 1 })
    const [gone, broken] = await outbox.store.deliveries()
    expect(gone?.status).toBe('dead')
    expect(gone?.lastError).toBe('hook 5 has no endpoint in the hook config')
    expect(broken?.status).toBe('pending')
    expect(broken?.lastError).toBe('boom')
    expect(lines.map(l => l.level)).toEqual(['error', 'warn'])
  })

  it('runs until aborted, delivering at once when woken and polling otherwise', async () => {
    receiver = await startWebhookReceiver({ secret: SECRET })
    const worker = createDeliveryWorker({
      store: outbox.store,
      transports: new Map([[0, webhook(Date.now)]]),
      retry: RETRY,
      pollMs: 60_000,
    })
    const stop = new AbortController()
    const running = worker.run(stop.signal)
    await new Promise(resolve => setTimeout(resolve, 20))
    await outbox.write({ deliveries: [newDelivery({ hookId: 0, petId: 1, version: 1 })] })
    const started = Date.now()
    worker.wake()
    while (receiver.accepted.size === 0 && Date.now() - started < 5000)
      await new Promise(resolve => setTimeout(resolve, 5))
    // Well before the 60 s poll: the wake did it.
    expect(receiver.accepted.get('1:1:BasicInfo')).toBe(1)
    stop.abort()
    await running
  })

  it('keeps running when the store fails, logging the fault', async () => {
    const { lines, logger } = memoryLogger()
    let calls = 0
    const worker = createDeliveryWorker({
      store: {
        dueDeliveries: () => {
          calls++
          return Promise.reject(new Error('database is locked'))
        },
        recordAttempt: () => Promise.resolve(),
      },
      transports: new Map(),
      retry: RETRY,
      logger,
      pollMs: 5,
    })
    const stop = new AbortController()
    const running = worker.run(stop.signal)
    while (calls < 3) await new Promise(resolve => setTimeout(resolve, 5))
    stop.abort()
    await running
    expect(lines[0]).toEqual({
      level: 'error',
      message: 'delivery pass failed; retrying',
      fields: { reason: 'database is locked', retryInMs: 5 },
    })
  })
})

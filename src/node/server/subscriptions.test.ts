import { describe, expect, it } from 'vitest'
import { RPC_METHODS, type SubscriptionDef } from '../../rpc/index.ts'
import { silentLogger } from './logger.ts'
import { createSubscriptionRegistry } from './subscriptions.ts'

const heads = RPC_METHODS.chain_subscribeNewHeads as SubscriptionDef
const storage = RPC_METHODS.state_subscribeStorage as SubscriptionDef

const setup = (limit = 4) => {
  const written: string[] = []
  let open = true
  let ids = 0
  const counts: number[] = []
  const registry = createSubscriptionRegistry({
    limit,
    write: text => {
      if (open) written.push(text)
      return open
    },
    nextId: () => `s${++ids}`,
    logger: silentLogger,
    onCount: d => counts.push(d),
  })
  return { registry, written, counts, close: () => (open = false) }
}

describe('subscription registry', () => {
  it('holds notifications until activated, then sends them in order', () => {
    const { registry, written } = setup()
    const sub = registry.open(heads)
    if (sub === undefined) throw new TypeError('no subscription')
    sub.sink.send({ n: 1 })
    sub.sink.send({ n: 2 })
    expect(written).toEqual([])
    sub.activate()
    sub.sink.send({ n: 3 })
    expect(written.map(t => JSON.parse(t))).toEqual(
      [1, 2, 3].map(n => ({
        jsonrpc: '2.0',
        method: 'chain_newHead',
        params: { subscription: 's1', result: { n } },
      })),
    )
  })

  it('runs the cleanup exactly once, whoever ends it', () => {
    const { registry } = setup()
    let runs = 0
    const a = registry.open(heads)
    a?.attach(() => {
      runs++
    })
    a?.activate()
    expect(registry.unsubscribe(heads, 's1')).toBe(true)
    expect(registry.unsubscribe(heads, 's1')).toBe(false)
    a?.sink.close()
    registry.closeAll()
    expect(runs).toBe(1)

    // ended before the cleanup arrived: it runs on attach
    const b = registry.open(heads)
    expect(b).toBeUndefined() // closeAll refuses new subscriptions
  })

  it('runs a cleanup attached after the subscription ended', () => {
    const { registry } = setup()
    let runs = 0
    const sub = registry.open(heads)
    sub?.sink.close()
    expect(sub?.sink.closed).toBe(true)
    sub?.attach(() => {
      runs++
    })
    expect(runs).toBe(1)
    expect(registry.size).toBe(0)
  })

  it('only unsubscribes ids of the same kind', () => {
    const { registry } = setup()
    registry.open(heads)
    expect(registry.unsubscribe(storage, 's1')).toBe(false)
    expect(registry.unsubscribe(heads, 's1')).toBe(true)
  })

  it('enforces the limit and counts', () => {
    const { registry, counts } = setup(2)
    expect(registry.open(heads)).toBeDefined()
    expect(registry.open(heads)).toBeDefined()
    expect(registry.open(heads)).toBeUndefined()
    expect(registry.size).toBe(2)
    registry.closeAll()
    expect(registry.size).toBe(0)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(0)
  })

  it('ends a subscription whose connection is gone and drops later sends', () => {
    const { registry, written, close } = setup()
    let runs = 0
    const sub = registry.open(heads)
    sub?.attach(() => {
      runs++
    })
    sub?.activate()
    close()
    sub?.sink.send(1)
    expect(sub?.sink.closed).toBe(true)
    sub?.sink.send(2)
    expect(written).toEqual([])
    expect(runs).toBe(1)
  })

  it('logs, and survives, a failing cleanup', async () => {
    const errors: string[] = []
    const registry = createSubscriptionRegistry({
      limit: 4,
      write: () => true,
      nextId: () => 'x',
      logger: { error: m => errors.push(m), warn: () => {} },
    })
    const sub = registry.open(heads)
    sub?.attach(() => {
      throw new TypeError('bad cleanup')
    })
    sub?.end()
    const other = createSubscriptionRegistry({
      limit: 4,
      write: () => true,
      nextId: () => 'y',
      logger: { error: m => errors.push(m), warn: () => {} },
    })
    const asyncSub = other.open(heads)
    asyncSub?.attach(() => Promise.reject(new TypeError('bad async cleanup')))
    asyncSub?.end()
    await new Promise(r => setImmediate(r))
    expect(errors).toHaveLength(2)
  })
})

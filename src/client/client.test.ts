import { afterEach, describe, expect, it, vi } from 'vitest'
import { bytesToHex, encode } from '../primitives/index.ts'
import { RpcError } from '../rpc/index.ts'
import { Header } from '../runtime/index.ts'
import { author } from './author.ts'
import { chain } from './chain.ts'
import { createClient } from './client.ts'
import { ConnectionError, RequestTimeoutError, ResponseFormatError } from './errors.ts'
import { subscriptionIterator } from './iterate.ts'
import type { ConnectionStatus, JsonRpcProvider } from './provider.ts'
import { state } from './state.ts'

interface Sent {
  jsonrpc: string
  id: number
  method: string
  params: unknown[]
}

/** A provider the test drives: it records what the client sends and injects what the node says. */
const fakeNode = () => {
  const sent: (Sent | Sent[])[] = []
  let onMessage: (message: string) => void = () => {}
  let onStatus: (status: ConnectionStatus) => void = () => {}
  let disconnected = false
  const provider: JsonRpcProvider = (message, status) => {
    onMessage = message
    onStatus = status ?? (() => {})
    return {
      send: m => sent.push(JSON.parse(m) as Sent | Sent[]),
      disconnect: () => {
        disconnected = true
      },
    }
  }
  return {
    provider,
    sent,
    last: () => sent.at(-1) as Sent,
    push: (message: unknown) =>
      onMessage(typeof message === 'string' ? message : JSON.stringify(message)),
    reply: (id: number, result: unknown) =>
      onMessage(JSON.stringify({ jsonrpc: '2.0', id, result })),
    status: (status: ConnectionStatus) => onStatus(status),
    get disconnected() {
      return disconnected
    },
  }
}

const HASH = `0x${'ab'.repeat(32)}`
const header = (number: number) => ({
  parentHash: `0x${'00'.repeat(32)}`,
  number: `0x${number.toString(16)}`,
  stateRoot: `0x${'11'.repeat(32)}`,
  extrinsicsRoot: `0x${'22'.repeat(32)}`,
  digest: { logs: [] },
})
const notify = (method: string, subscription: string | number, result: unknown) => ({
  jsonrpc: '2.0',
  method,
  params: { subscription, result },
})
const flush = () => new Promise(resolve => setImmediate(resolve))

afterEach(() => {
  vi.useRealTimers()
})

describe('requests', () => {
  it('matches a response to its request by id and decodes the result', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const first = client.request(chain.getBlockHash(1))
    const second = client.request(chain.getBlockHash(2))
    expect(node.sent).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'chain_getBlockHash', params: [1] },
      { jsonrpc: '2.0', id: 2, method: 'chain_getBlockHash', params: [2] },
    ])
    node.reply(2, null)
    node.reply(1, HASH)
    expect(bytesToHex((await first) ?? new Uint8Array())).toBe(HASH)
    expect(await second).toBeUndefined()
  })

  it('leaves out an absent `at` and sends a given one as hex', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    void client.request(state.getStorage('0x0102'))
    void client.request(state.getStorage(new Uint8Array([1, 2]), new Uint8Array(32).fill(0xab)))
    expect(node.sent.map(m => (m as Sent).params)).toEqual([['0x0102'], ['0x0102', HASH]])
  })

  it('decodes a header and computes its hash from the served JSON', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const pending = client.request(chain.getHeader())
    node.reply(1, header(5))
    const decoded = await pending
    expect(decoded?.number).toBe(5)
    const { hash, ...rest } = decoded ?? { hash: new Uint8Array() }
    const { blake2_256 } = await import('../primitives/index.ts')
    expect(hash).toEqual(blake2_256(encode(Header, rest as Header)))
  })

  it('rejects with the RpcError the node sent, code, message and data intact', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const pending = client.request(author.submitExtrinsic(new Uint8Array([4, 1])))
    node.push({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: 1010,
        message: 'Invalid Transaction',
        data: 'Transaction has a bad signature',
      },
    })
    const error = await pending.catch(e => e)
    expect(error).toBeInstanceOf(RpcError)
    expect(error).toMatchObject({
      code: 1010,
      message: 'Invalid Transaction',
      data: 'Transaction has a bad signature',
    })
  })

  it('rejects results of the wrong shape with ResponseFormatError', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const notHex = client.request(chain.getBlockHash(1))
    const notHeader = client.request(chain.getHeader())
    const badDigest = client.request(chain.getHeader())
    node.reply(1, 'zz')
    node.reply(2, { number: '0x1' })
    node.reply(3, { ...header(1), digest: { logs: ['0xff'] } })
    for (const p of [notHex, notHeader, badDigest])
      await expect(p).rejects.toBeInstanceOf(ResponseFormatError)
    await expect(notHex).rejects.toThrow(/chain_getBlockHash/)
  })

  it('rejects malformed envelopes and reports messages it cannot route', async () => {
    const node = fakeNode()
    const onProtocolError = vi.fn()
    const client = createClient(node.provider, { onProtocolError })
    const wrongVersion = client.request(chain.getBlockHash(1))
    const both = client.request(chain.getBlockHash(2))
    const neither = client.request(chain.getBlockHash(3))
    node.push({ jsonrpc: '1.0', id: 1, result: null })
    node.push({ jsonrpc: '2.0', id: 2, result: null, error: { code: 1, message: 'x' } })
    node.push({ jsonrpc: '2.0', id: 3 })
    for (const p of [wrongVersion, both, neither])
      await expect(p).rejects.toBeInstanceOf(ResponseFormatError)
    node.push('{not json')
    node.push('42')
    node.push({ jsonrpc: '2.0', method: 'chain_newHead', params: { result: 1 } })
    node.push({ jsonrpc: '2.0', id: 99, result: null }) // answers nothing we sent: ignored
    expect(onProtocolError).toHaveBeenCalledTimes(3)
    expect(onProtocolError.mock.calls.every(([e]) => e instanceof ResponseFormatError)).toBe(true)
  })

  it('rejects a request that gets no answer in time, and ignores the late answer', async () => {
    vi.useFakeTimers()
    const node = fakeNode()
    const client = createClient(node.provider, { requestTimeoutMs: 1_000 })
    const pending = client.request(chain.getFinalizedHead())
    const caught = pending.catch(e => e)
    vi.advanceTimersByTime(999)
    node.reply(2, HASH) // another id: no effect
    vi.advanceTimersByTime(1)
    const error = await caught
    expect(error).toBeInstanceOf(RequestTimeoutError)
    expect(error).toMatchObject({ code: 'REQUEST_TIMEOUT', method: 'chain_getFinalizedHead' })
    expect(() => node.reply(1, HASH)).not.toThrow()
  })
})

describe('batches', () => {
  it('sends one JSON array and answers each entry on its own, in request order', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const pending = client.batch([
      chain.getBlockHash(1),
      chain.getHeader(HASH),
      chain.getBlockHash(9),
    ])
    expect(node.sent).toHaveLength(1)
    const sent = node.sent[0] as Sent[]
    expect(sent.map(s => [s.id, s.method])).toEqual([
      [1, 'chain_getBlockHash'],
      [2, 'chain_getHeader'],
      [3, 'chain_getBlockHash'],
    ])
    node.push([
      { jsonrpc: '2.0', id: 3, error: { code: 4003, message: 'Client error: not found' } },
      { jsonrpc: '2.0', id: 1, result: HASH },
      { jsonrpc: '2.0', id: 2, result: header(7) },
    ])
    const [a, b, c] = await pending
    expect(a.type === 'Ok' && bytesToHex(a.value ?? new Uint8Array())).toBe(HASH)
    expect(b.type === 'Ok' && b.value?.number).toBe(7)
    expect(c.type).toBe('Err')
    expect(c.type === 'Err' && c.value).toBeInstanceOf(RpcError)
  })

  it('gives a malformed entry a ResponseFormatError without failing the others', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const pending = client.batch([chain.getBlockHash(1), chain.getBlockHash(2)])
    node.push([
      { jsonrpc: '2.0', id: 1, result: 'nope' },
      { jsonrpc: '2.0', id: 2, result: null },
    ])
    const [a, b] = await pending
    expect(a.type === 'Err' && a.value).toBeInstanceOf(ResponseFormatError)
    expect(b).toEqual({ type: 'Ok', value: undefined })
  })

  it('fails every entry with the error the node gave the whole batch', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const pending = client.batch([chain.getBlockHash(1), chain.getBlockHash(2)])
    node.push({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32010, message: 'The batch request was too large' },
    })
    const items = await pending
    expect(items.map(i => i.type === 'Err' && (i.value as RpcError).code)).toEqual([-32010, -32010])
  })

  it('resolves an empty batch without sending anything', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    expect(await client.batch([])).toEqual([])
    expect(node.sent).toEqual([])
  })
})

describe('subscriptions', () => {
  it('routes notifications by subscription id', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const news: number[] = []
    const finals: number[] = []
    const error = () => {}
    const a = client.subscribe(chain.subscribeNewHeads(), { next: h => news.push(h.number), error })
    const b = client.subscribe(chain.subscribeFinalizedHeads(), {
      next: h => finals.push(h.number),
      error,
    })
    expect(node.sent.map(m => (m as Sent).method)).toEqual([
      'chain_subscribeNewHeads',
      'chain_subscribeFinalizedHeads',
    ])
    node.reply(1, 'new-1')
    node.reply(2, 7)
    expect((await a).id).toBe('new-1')
    expect((await b).id).toBe(7)
    node.push(notify('chain_finalizedHead', 7, header(1)))
    node.push(notify('chain_newHead', 'new-1', header(2)))
    node.push(notify('chain_newHead', '7', header(3))) // "7" is not 7
    expect(news).toEqual([2])
    expect(finals).toEqual([1])
  })

  it('holds notifications that arrive before the subscribe response, and delivers them first', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const seen: number[] = []
    const sub = client.subscribe(chain.subscribeNewHeads(), {
      next: h => seen.push(h.number),
      error: () => {},
    })
    node.push(notify('chain_newHead', 'x', header(1)))
    node.push(notify('chain_newHead', 'x', header(2)))
    expect(seen).toEqual([])
    node.reply(1, 'x')
    node.push(notify('chain_newHead', 'x', header(3)))
    await sub
    expect(seen).toEqual([1, 2, 3])
  })

  it('drops held notifications nobody claims once no subscribe call is pending', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const seen: number[] = []
    const sub = client.subscribe(chain.subscribeNewHeads(), {
      next: h => seen.push(h.number),
      error: () => {},
    })
    node.push(notify('chain_newHead', 'other', header(1)))
    node.reply(1, 'x')
    await sub
    const late = client.subscribe(chain.subscribeNewHeads(), {
      next: h => seen.push(h.number),
      error: () => {},
    })
    node.reply(2, 'other')
    await late
    expect(seen).toEqual([])
  })

  it('unsubscribes with the subscription id and stops delivering at once', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const seen: number[] = []
    const pending = client.subscribe(chain.subscribeFinalizedHeads(), {
      next: h => seen.push(h.number),
      error: () => {},
    })
    node.reply(1, 's1')
    const sub = await pending
    const done = sub.unsubscribe()
    node.push(notify('chain_finalizedHead', 's1', header(1)))
    expect(node.last()).toMatchObject({
      id: 2,
      method: 'chain_unsubscribeFinalizedHeads',
      params: ['s1'],
    })
    node.reply(2, true)
    await done
    expect(seen).toEqual([])
  })

  it('ends a subscription whose notification is malformed, with ResponseFormatError', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const error = vi.fn()
    const next = vi.fn()
    const pending = client.subscribe(chain.subscribeNewHeads(), { next, error })
    node.reply(1, 's')
    await pending
    node.push(notify('chain_newHead', 's', { number: 'bogus' }))
    node.push(notify('chain_newHead', 's', header(1)))
    expect(next).not.toHaveBeenCalled()
    expect(error).toHaveBeenCalledOnce()
    expect(error.mock.calls[0]?.[0]).toBeInstanceOf(ResponseFormatError)
    expect(node.last()).toMatchObject({ method: 'chain_unsubscribeNewHeads', params: ['s'] })
  })

  it('rejects the subscribe call with the RpcError the node sent', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const pending = client.subscribe(author.submitAndWatchExtrinsic(new Uint8Array([1])), {
      next: () => {},
      error: () => {},
    })
    node.push({
      jsonrpc: '2.0',
      id: 1,
      error: { code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' },
    })
    await expect(pending).rejects.toMatchObject({ code: 1010, data: 'Transaction is outdated' })
  })

  it('iterates a subscription until a final value, then unsubscribes', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const watch = subscriptionIterator(
      client,
      author.submitAndWatchExtrinsic(new Uint8Array([1])),
      {
        until: s => s.type === 'finalized',
      },
    )
    node.reply(1, 'w')
    node.push(notify('author_extrinsicUpdate', 'w', 'ready'))
    node.push(notify('author_extrinsicUpdate', 'w', { inBlock: HASH }))
    node.push(notify('author_extrinsicUpdate', 'w', { finalized: HASH }))
    const seen: string[] = []
    for await (const status of watch) seen.push(status.type)
    expect(seen).toEqual(['ready', 'inBlock', 'finalized'])
    await flush()
    expect(node.last()).toMatchObject({ method: 'author_unwatchExtrinsic', params: ['w'] })
  })

  it('throws the subscribe error from the iterator', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const watch = subscriptionIterator(client, author.submitAndWatchExtrinsic(new Uint8Array([1])))
    node.push({
      jsonrpc: '2.0',
      id: 1,
      error: { code: 1013, message: 'Transaction Already Imported' },
    })
    await expect(watch.next()).rejects.toMatchObject({ code: 1013 })
  })
})

describe('connection state', () => {
  it('rejects pending requests and errors subscriptions when the connection drops', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const error = vi.fn()
    const sub = client.subscribe(chain.subscribeFinalizedHeads(), { next: () => {}, error })
    node.reply(1, 's')
    await sub
    const pending = client.request(chain.getFinalizedHead())
    const pendingSub = client.subscribe(chain.subscribeNewHeads(), { next: () => {}, error })
    node.status({ type: 'disconnected', reason: 'socket closed', retryInMs: 100 })
    const dropped = await pending.catch(e => e)
    expect(dropped).toBeInstanceOf(ConnectionError)
    expect(dropped).toMatchObject({ code: 'CONNECTION_LOST' })
    await expect(pendingSub).rejects.toMatchObject({ code: 'CONNECTION_LOST' })
    expect(error).toHaveBeenCalledOnce()
    expect(error.mock.calls[0]?.[0]).toMatchObject({ code: 'CONNECTION_LOST' })
    // Late answers on the new connection belong to nothing.
    node.reply(2, HASH)
    expect(client.status.type).toBe('disconnected')
  })

  it('waits for the next connection, then works again', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const statuses: string[] = []
    client.onStatus(s => statuses.push(s.type))
    node.status({ type: 'connecting', attempt: 0 })
    let ready = false
    const connected = client.connected().then(() => {
      ready = true
    })
    await flush()
    expect(ready).toBe(false)
    node.status({ type: 'connected' })
    await connected
    const pending = client.request(chain.getBlockHash(0))
    node.reply(1, HASH)
    expect(await pending).toBeInstanceOf(Uint8Array)
    expect(statuses).toEqual(['connecting', 'connected'])
  })

  it('treats a provider that never reports status as connected', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    await expect(client.connected()).resolves.toBeUndefined()
  })

  it('close() rejects everything pending, disconnects, and refuses new calls', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    const error = vi.fn()
    const pending = client.request(chain.getFinalizedHead())
    const sub = client.subscribe(chain.subscribeNewHeads(), { next: () => {}, error })
    client.close()
    await expect(pending).rejects.toMatchObject({
      name: 'ConnectionError',
      code: 'CONNECTION_CLOSED',
    })
    await expect(sub).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' })
    expect(node.disconnected).toBe(true)
    await expect(client.request(chain.getBlockHash(0))).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
    })
    await expect(client.connected()).rejects.toBeInstanceOf(ConnectionError)
    expect(node.sent).toHaveLength(2)
  })

  it('rejects new calls after the provider gives up', async () => {
    const node = fakeNode()
    const client = createClient(node.provider)
    node.status({ type: 'closed', reason: 'gave up after 3 attempts' })
    await expect(client.request(chain.getBlockHash(0))).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
    })
  })

  it('keeps routing when a handler throws', async () => {
    const node = fakeNode()
    const onHandlerError = vi.fn()
    const client = createClient(node.provider, { onHandlerError })
    const seen: number[] = []
    const sub = client.subscribe(chain.subscribeNewHeads(), {
      next: h => {
        seen.push(h.number)
        if (h.number === 1) throw new TypeError('handler bug')
      },
      error: () => {},
    })
    node.reply(1, 's')
    await sub
    node.push(notify('chain_newHead', 's', header(1)))
    node.push(notify('chain_newHead', 's', header(2)))
    expect(seen).toEqual([1, 2])
    expect(onHandlerError).toHaveBeenCalledWith(new TypeError('handler bug'))
  })
})

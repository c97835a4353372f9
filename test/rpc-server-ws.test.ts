// The JSON-RPC server over real WebSockets, with echo handlers: calls, batches, subscription order
// and teardown, and every per-connection limit.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import {
  createEchoHandlers,
  createRpcServer,
  ECHO_SLOW,
  type EchoHandlers,
  echoHash,
  type RpcServer,
  type RpcServerLimits,
  type RpcServerLogger,
} from '../src/node/server/index.ts'

type Message = {
  id?: unknown
  method?: string
  params?: unknown
  result?: unknown
  error?: unknown
}

interface Client {
  readonly ws: WebSocket
  readonly messages: Message[]
  send(message: unknown): void
  /** Resolves with the first message (from `from` on) that matches. */
  next(match: (m: Message) => boolean, from?: number): Promise<Message>
  call(method: string, params?: unknown): Promise<Message>
}

let nextId = 1
const servers: RpcServer[] = []
const clients: WebSocket[] = []

afterEach(async () => {
  for (const ws of clients.splice(0)) if (ws.readyState !== WebSocket.CONNECTING) ws.terminate()
  await Promise.all(servers.splice(0).map(s => s.close()))
})

const start = async (
  limits: Partial<RpcServerLimits> = {},
): Promise<{ server: RpcServer; echo: EchoHandlers; warnings: string[]; errors: string[] }> => {
  const echo = createEchoHandlers()
  const warnings: string[] = []
  const errors: string[] = []
  const logger: RpcServerLogger = { error: m => errors.push(m), warn: m => warnings.push(m) }
  const server = await createRpcServer({ handlers: echo.handlers, port: 0, limits, logger })
  servers.push(server)
  return { server, echo, warnings, errors }
}

const connect = async (server: RpcServer): Promise<Client> => {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`)
  clients.push(ws)
  const messages: Message[] = []
  const waiters = new Set<() => void>()
  ws.on('message', data => {
    messages.push(JSON.parse(data.toString()) as Message)
    for (const wake of [...waiters]) wake()
  })
  await once(ws, 'open')
  const next = (match: (m: Message) => boolean, from = 0): Promise<Message> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`no matching message; got ${JSON.stringify(messages).slice(0, 500)}`))
      }, 5000)
      const check = () => {
        const found = messages.slice(from).find(match)
        if (found === undefined) return
        clearTimeout(timer)
        waiters.delete(check)
        resolve(found)
      }
      waiters.add(check)
      check()
    })
  const send = (message: unknown) =>
    ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  return {
    ws,
    messages,
    send,
    next,
    call: (method, params) => {
      const id = nextId++
      send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) })
      return next(m => m.id === id)
    },
  }
}

const waitFor = async (condition: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500; i++) {
    if (condition()) return
    await new Promise(r => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const isNotification = (method: string, subscription: unknown) => (m: Message) =>
  m.method === method && (m.params as { subscription?: unknown }).subscription === subscription

describe('RPC server over WebSocket', () => {
  it('answers calls, with hex block numbers and null trailing params', async () => {
    const { server } = await start()
    const c = await connect(server)
    expect(await c.call('system_chain')).toEqual({
      jsonrpc: '2.0',
      id: expect.any(Number),
      result: 'Echo',
    })
    expect((await c.call('chain_getBlockHash', ['0x1f'])).result).toBe(echoHash(31))
    expect((await c.call('state_getStorageAt', ['0xAB', null])).result).toBe('0xab')
    expect((await c.call('nope')).error).toEqual({ code: -32601, message: 'Method not found' })
  })

  it('answers malformed JSON with -32700 and keeps the connection', async () => {
    const { server } = await start()
    const c = await connect(server)
    c.send('{"jsonrpc":"2.0","id":1,')
    expect(await c.next(m => m.id === null)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error' },
    })
    expect((await c.call('system_name')).result).toBe('critter-echo')
  })

  it('accepts binary frames', async () => {
    const { server } = await start()
    const c = await connect(server)
    c.ws.send(Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 'bin', method: 'system_chain' })), {
      binary: true,
    })
    expect((await c.next(m => m.id === 'bin')).result).toBe('Echo')
  })

  it('answers a mixed batch with one array', async () => {
    const { server } = await start()
    const c = await connect(server)
    c.send([
      { jsonrpc: '2.0', id: 'a', method: 'system_chain' },
      { jsonrpc: '2.0', method: 'system_chain' },
      { jsonrpc: '2.0', id: 'b', method: 'nope' },
      { jsonrpc: '2.0', id: 'c', method: 'state_getStorage', params: [1] },
      { jsonrpc: '2.0', id: 'd', method: 'chain_getBlockHash', params: ['0x2'] },
    ])
    await waitFor(() => c.messages.length > 0, 'the batch reply')
    const reply = c.messages[0] as unknown as Message[]
    expect(Array.isArray(reply)).toBe(true)
    expect(reply.map(r => r.id).sort()).toEqual(['a', 'b', 'c', 'd'])
  })

  it('sends notifications only after the subscribe response, then follows the source', async () => {
    const { server, echo } = await start()
    const c = await connect(server)
    const id = nextId++
    c.send({ jsonrpc: '2.0', id, method: 'chain_subscribeNewHead' })
    const response = await c.next(m => m.id === id)
    const subscription = response.result
    expect(typeof subscription).toBe('string')
    const first = await c.next(isNotification('chain_newHead', subscription))
    expect(c.messages.indexOf(response)).toBeLessThan(c.messages.indexOf(first))
    expect((first.params as { result: { number: string } }).result.number).toBe('0x1')
    const before = c.messages.length
    echo.emitHead(7)
    const seventh = await c.next(isNotification('chain_newHead', subscription), before)
    expect((seventh.params as { result: { number: string } }).result.number).toBe('0x7')
  })

  it('holds notifications of subscriptions opened in a batch until the batch reply', async () => {
    const { server } = await start()
    const c = await connect(server)
    c.send([
      { jsonrpc: '2.0', id: 1, method: 'chain_subscribeNewHeads' },
      { jsonrpc: '2.0', id: 2, method: 'state_subscribeRuntimeVersion' },
      { jsonrpc: '2.0', id: 3, method: 'state_subscribeStorage', params: [['0xaa']] },
    ])
    await waitFor(() => c.messages.length >= 4, 'batch reply and notifications')
    expect(Array.isArray(c.messages[0])).toBe(true)
    const methods = c.messages.slice(1).map(m => m.method)
    expect(methods.sort()).toEqual(['chain_newHead', 'state_runtimeVersion', 'state_storage'])
  })

  it('watches an extrinsic: ready, inBlock, finalized, in that order', async () => {
    const { server } = await start()
    const c = await connect(server)
    const response = await c.call('author_submitAndWatchExtrinsic', ['0x0400'])
    const sub = response.result
    await waitFor(
      () => c.messages.filter(isNotification('author_extrinsicUpdate', sub)).length === 3,
      'updates',
    )
    const updates = c.messages
      .filter(isNotification('author_extrinsicUpdate', sub))
      .map(m => (m.params as { result: unknown }).result)
    expect(updates).toEqual(['ready', { inBlock: echoHash(2) }, { finalized: echoHash(2) }])
    expect(c.messages.indexOf(response)).toBeLessThan(
      c.messages.findIndex(isNotification('author_extrinsicUpdate', sub)),
    )
    // the node closed it from its side: unwatching now finds nothing
    await waitFor(() => server.stats().subscriptions === 0, 'the watch to end')
    expect((await c.call('author_unwatchExtrinsic', [sub])).result).toBe(false)
    expect((await c.call('author_submitAndWatchExtrinsic', ['0xff'])).error).toEqual({
      code: 1010,
      message: 'Invalid Transaction',
      data: 'Transaction is outdated',
    })
  })

  it('unsubscribes, after which nothing more arrives', async () => {
    const { server, echo } = await start()
    const c = await connect(server)
    const sub = (await c.call('chain_subscribeFinalisedHeads')).result
    await c.next(isNotification('chain_finalizedHead', sub))
    expect(echo.liveSubscriptions).toBe(1)
    expect((await c.call('chain_unsubscribeFinalisedHeads', [sub])).result).toBe(true)
    expect((await c.call('chain_unsubscribeFinalizedHeads', [sub])).result).toBe(false)
    expect(echo.liveSubscriptions).toBe(0)
    const before = c.messages.length
    echo.emitHead(9)
    expect((await c.call('system_chain')).result).toBe('Echo')
    expect(c.messages.slice(before).filter(m => m.method !== undefined)).toEqual([])
  })

  it('tears down every subscription when the socket closes', async () => {
    const { server, echo } = await start()
    const c = await connect(server)
    for (const method of [
      'chain_subscribeNewHeads',
      'chain_subscribeAllHeads',
      'chain_subscribeFinalizedHeads',
      'state_subscribeRuntimeVersion',
      'state_subscribeStorage',
    ])
      await c.call(method)
    expect(echo.liveSubscriptions).toBe(5)
    expect(server.stats().subscriptions).toBe(5)
    c.ws.close()
    await waitFor(() => echo.liveSubscriptions === 0, 'teardown')
    expect(server.stats()).toMatchObject({ subscriptions: 0, webSockets: 0 })
    echo.emitHead(3) // no listeners, nothing to write
  })

  it('limits subscriptions per connection with -32006, each connection on its own', async () => {
    const { server } = await start({ maxSubscriptionsPerConnection: 3 })
    const a = await connect(server)
    for (let i = 0; i < 3; i++)
      expect(typeof (await a.call('chain_subscribeNewHeads')).result).toBe('string')
    expect((await a.call('chain_subscribeNewHeads')).error).toEqual({
      code: -32006,
      message: 'Too many subscriptions on the connection',
      data: 'at most 3 subscriptions per connection',
    })
    const b = await connect(server)
    expect(typeof (await b.call('chain_subscribeNewHeads')).result).toBe('string')
    // a freed slot can be used again
    const first = a.messages.find(m => typeof m.result === 'string')?.result
    expect((await a.call('chain_unsubscribeNewHeads', [first])).result).toBe(true)
    expect(typeof (await a.call('chain_subscribeNewHeads')).result).toBe('string')
  })

  it('limits batch size with -32010', async () => {
    const { server } = await start({ maxBatch: 4 })
    const c = await connect(server)
    const call = (id: number) => ({ jsonrpc: '2.0', id, method: 'system_chain' })
    c.send([call(1), call(2), call(3), call(4), call(5)])
    expect(await c.next(m => m.id === null)).toMatchObject({ error: { code: -32010 } })
    c.send([call(1), call(2), call(3), call(4)])
    await waitFor(() => c.messages.some(Array.isArray), 'the batch of four')
  })

  it('closes with 1009 on an oversized message and stays up for others', async () => {
    const { server, warnings } = await start({ maxMessageBytes: 1024 })
    const c = await connect(server)
    const closed = once(c.ws, 'close')
    c.send({ jsonrpc: '2.0', id: 1, method: 'state_call', params: ['x', `0x${'00'.repeat(1024)}`] })
    const [code] = (await closed) as [number]
    expect(code).toBe(1009)
    expect(warnings.some(w => w.includes('Max payload size exceeded'))).toBe(true)
    const d = await connect(server)
    expect((await d.call('system_chain')).result).toBe('Echo')
  })

  it('closes with 1007 on invalid UTF-8', async () => {
    const { server } = await start()
    const c = await connect(server)
    const closed = once(c.ws, 'close')
    c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })
    const [code] = (await closed) as [number]
    expect(code).toBe(1007)
  })

  it('drops a client that stops reading instead of buffering without bound', async () => {
    const { server, echo, warnings } = await start({ maxBufferedBytes: 256 * 1024 })
    const c = await connect(server)
    await c.call('chain_subscribeNewHeads')
    ;(c.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    for (let i = 0; i < 20_000 && server.stats().webSockets > 0; i++) {
      echo.emitHead(i)
      if (i % 500 === 0) await new Promise(r => setImmediate(r))
    }
    await waitFor(() => server.stats().webSockets === 0, 'the slow client to be dropped')
    expect(warnings.some(w => w.includes('unread by the client'))).toBe(true)
    expect(echo.liveSubscriptions).toBe(0)
  })

  it('stops reading while too many messages are in flight, and answers them all', async () => {
    const { server } = await start({ maxInFlightPerConnection: 4 })
    const c = await connect(server)
    let peak = 0
    const sampler = setInterval(() => {
      peak = Math.max(peak, server.stats().inFlight)
    }, 1)
    const replies = await Promise.all(
      Array.from({ length: 40 }, () => c.call('state_call', [ECHO_SLOW, '0x05'])),
    )
    clearInterval(sampler)
    expect(replies.every(r => r.result === '0x05')).toBe(true)
    expect(peak).toBeLessThanOrEqual(4)
    expect(server.stats().inFlight).toBe(0)
  })

  it('refuses connections past maxConnections with HTTP 503', async () => {
    const { server } = await start({ maxConnections: 2 })
    await connect(server)
    await connect(server)
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`)
    clients.push(ws)
    const [, res] = (await once(ws, 'unexpected-response')) as [unknown, { statusCode: number }]
    expect(res.statusCode).toBe(503)
  })

  it('logs handler bugs and keeps serving', async () => {
    const { server, errors } = await start()
    const c = await connect(server)
    expect((await c.call('state_call', ['Echo_throwTypeError', '0x'])).error).toEqual({
      code: -32603,
      message: 'Internal error',
    })
    expect(errors).toEqual(['state_call failed'])
    expect((await c.call('system_chain')).result).toBe('Echo')
  })

  it('closes every connection on close()', async () => {
    const { server, echo } = await start()
    const c = await connect(server)
    await c.call('chain_subscribeNewHeads')
    const closed = once(c.ws, 'close')
    await server.close()
    const [code] = (await closed) as [number]
    expect(code).toBe(1001)
    expect(echo.liveSubscriptions).toBe(0)
  })
})

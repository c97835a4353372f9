import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocketServer } from 'ws'
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts'
import { chain } from './chain.ts'
import { createClient } from './client.ts'
import type { ConnectionStatus } from './provider.ts'
import type { SocketEvents, SocketFactory } from './socket.ts'
import { createWsProvider } from './ws-provider.ts'

/** Sockets the test opens, fails and feeds by hand. */
const fakeSockets = () => {
  const sockets: {
    url: string
    events: SocketEvents
    sent: string[]
    pings: number
    closed: boolean
  }[] = []
  const factory: SocketFactory = (url, events) => {
    const socket = { url, events, sent: [] as string[], pings: 0, closed: false }
    sockets.push(socket)
    return {
      send: text => socket.sent.push(text),
      close: () => {
        if (socket.closed) return
        socket.closed = true
        events.onClose('closed by the client')
      },
      ping: () => {
        socket.pings += 1
      },
    }
  }
  const last = () => {
    const socket = sockets.at(-1)
    if (socket === undefined) throw new TypeError('no socket opened')
    return socket
  }
  return { factory, sockets, last }
}

const HALF = () => 0.5

afterEach(() => {
  vi.useRealTimers()
})

describe('createWsProvider with fake sockets', () => {
  it('queues messages until the socket opens, then sends them in order', () => {
    vi.useFakeTimers()
    const fake = fakeSockets()
    const statuses: ConnectionStatus[] = []
    const received: string[] = []
    const connection = createWsProvider('ws://node', { socket: fake.factory })(
      m => received.push(m),
      s => statuses.push(s),
    )
    connection.send('a')
    connection.send('b')
    expect(fake.last().sent).toEqual([])
    fake.last().events.onOpen()
    connection.send('c')
    expect(fake.last().sent).toEqual(['a', 'b', 'c'])
    fake.last().events.onMessage('hello')
    expect(received).toEqual(['hello'])
    expect(statuses).toEqual([{ type: 'connecting', attempt: 0 }, { type: 'connected' }])
  })

  it('reconnects with exponential backoff and jitter, capped, and resets after a success', () => {
    vi.useFakeTimers()
    const fake = fakeSockets()
    const statuses: ConnectionStatus[] = []
    const reconnect = { minDelayMs: 100, maxDelayMs: 1_000, factor: 2 }
    createWsProvider('ws://node', { socket: fake.factory, reconnect, random: HALF })(
      () => {},
      s => statuses.push(s),
    )
    fake.last().events.onOpen()
    const delays: number[] = []
    for (let attempt = 0; attempt < 6; attempt++) {
      fake.last().events.onClose('node gone')
      const status = statuses.at(-1)
      expect(status?.type).toBe('disconnected')
      const delay = status?.type === 'disconnected' ? (status.retryInMs ?? -1) : -1
      delays.push(delay)
      const opened = fake.sockets.length
      vi.advanceTimersByTime(delay - 1)
      expect(fake.sockets).toHaveLength(opened)
      vi.advanceTimersByTime(1)
      expect(fake.sockets).toHaveLength(opened + 1)
    }
    // step = min(1000, 100 * 2^n); delay = step/2 + step/2 * 0.5
    expect(delays).toEqual([75, 150, 300, 600, 750, 750])
    fake.last().events.onOpen()
    fake.last().events.onClose('again')
    const after = statuses.at(-1)
    expect(after?.type === 'disconnected' && after.retryInMs).toBe(75)
  })

  it('spreads reconnects by jitter within half a step and a full step', () => {
    const step = DEFAULT_BACKOFF.minDelayMs * DEFAULT_BACKOFF.factor ** 3
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(step / 2)
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999_999)).toBe(step)
    expect(backoffDelay(40, DEFAULT_BACKOFF, () => 0)).toBe(DEFAULT_BACKOFF.maxDelayMs / 2)
  })

  it('drops what was queued when an attempt fails, so nothing is sent behind a rejection', () => {
    vi.useFakeTimers()
    const fake = fakeSockets()
    const connection = createWsProvider('ws://node', { socket: fake.factory, random: HALF })(
      () => {},
    )
    connection.send('lost')
    fake.last().events.onClose('refused')
    vi.runOnlyPendingTimers()
    connection.send('kept')
    fake.last().events.onOpen()
    expect(fake.last().sent).toEqual(['kept'])
  })

  it('gives up after maxAttempts failed reconnects in a row', () => {
    vi.useFakeTimers()
    const fake = fakeSockets()
    const statuses: string[] = []
    createWsProvider('ws://node', {
      socket: fake.factory,
      reconnect: { maxAttempts: 2, minDelayMs: 10 },
    })(
      () => {},
      s => statuses.push(s.type),
    )
    fake.last().events.onOpen()
    fake.last().events.onClose('down')
    vi.runOnlyPendingTimers()
    fake.last().events.onClose('refused')
    vi.runOnlyPendingTimers()
    fake.last().events.onClose('refused')
    expect(statuses).toEqual([
      'connecting',
      'connected',
      'disconnected',
      'connecting',
      'disconnected',
      'connecting',
      'closed',
    ])
    vi.runAllTimers()
    expect(fake.sockets).toHaveLength(3)
  })

  it('closes for good on the first drop when reconnect is false', () => {
    const fake = fakeSockets()
    const statuses: ConnectionStatus[] = []
    createWsProvider('ws://node', { socket: fake.factory, reconnect: false })(
      () => {},
      s => statuses.push(s),
    )
    fake.last().events.onOpen()
    fake.last().events.onClose('closed with code 1006')
    expect(statuses.at(-1)).toEqual({ type: 'closed', reason: 'closed with code 1006' })
  })

  it('counts an attempt that does not open in time as failed', () => {
    vi.useFakeTimers()
    const fake = fakeSockets()
    const statuses: ConnectionStatus[] = []
    createWsProvider('ws://node', { socket: fake.factory, connectTimeoutMs: 500, random: HALF })(
      () => {},
      s => statuses.push(s),
    )
    vi.advanceTimersByTime(500)
    expect(fake.sockets[0]?.closed).toBe(true)
    expect(statuses.at(-1)).toMatchObject({
      type: 'disconnected',
      reason: 'not open after 500 ms',
    })
  })

  it('drops a socket that does not answer a ping before the next one', () => {
    vi.useFakeTimers()
    const fake = fakeSockets()
    const statuses: ConnectionStatus[] = []
    createWsProvider('ws://node', { socket: fake.factory, heartbeatMs: 1_000 })(
      () => {},
      s => statuses.push(s),
    )
    const socket = fake.last()
    socket.events.onOpen()
    vi.advanceTimersByTime(1_000)
    expect(socket.pings).toBe(1)
    socket.events.onPong()
    vi.advanceTimersByTime(1_000)
    expect(socket.pings).toBe(2)
    socket.events.onMessage('traffic counts as an answer')
    vi.advanceTimersByTime(1_000)
    expect(socket.pings).toBe(3)
    vi.advanceTimersByTime(1_000)
    expect(socket.closed).toBe(true)
    expect(statuses.at(-1)).toMatchObject({ type: 'disconnected' })
  })

  it('disconnect() closes the socket, stops reconnecting, and reports closed once', () => {
    vi.useFakeTimers()
    const fake = fakeSockets()
    const statuses: string[] = []
    const connection = createWsProvider('ws://node', { socket: fake.factory })(
      () => {},
      s => statuses.push(s.type),
    )
    fake.last().events.onOpen()
    connection.disconnect()
    connection.disconnect()
    connection.send('ignored')
    vi.runAllTimers()
    expect(fake.sockets).toHaveLength(1)
    expect(fake.last().sent).toEqual([])
    expect(statuses).toEqual(['connecting', 'connected', 'closed'])
  })

  it('ignores events from a socket it has replaced', () => {
    vi.useFakeTimers()
    const fake = fakeSockets()
    const received: string[] = []
    createWsProvider('ws://node', { socket: fake.factory, random: HALF })(m => received.push(m))
    const old = fake.last()
    old.events.onOpen()
    old.events.onClose('dropped')
    vi.runOnlyPendingTimers()
    old.events.onMessage('stale')
    old.events.onClose('stale close')
    fake.last().events.onOpen()
    fake.last().events.onMessage('fresh')
    expect(received).toEqual(['fresh'])
    expect(fake.sockets).toHaveLength(2)
  })

  it('refuses bad options at once', () => {
    expect(() => createWsProvider('http://node')).toThrow(/ws:\/\//)
    expect(() =>
      createWsProvider('ws://n', { reconnect: { minDelayMs: 10, maxDelayMs: 5 } }),
    ).toThrow(/minDelayMs/)
    expect(() => createWsProvider('ws://n', { reconnect: { factor: 0.5 } })).toThrow(/factor/)
    expect(() => createWsProvider('ws://n', { connectTimeoutMs: 0 })).toThrow(/connectTimeoutMs/)
  })
})

describe('createWsProvider over real sockets', () => {
  /** A tiny JSON-RPC server: answers `chain_getBlockHash` with a fixed hash. */
  const startServer = (port = 0) =>
    new Promise<WebSocketServer>(resolve => {
      const server: WebSocketServer = new WebSocketServer({ port, host: '127.0.0.1' }, () =>
        resolve(server),
      )
      server.on('connection', socket =>
        socket.on('message', data => {
          const request = JSON.parse(String(data)) as { id: number }
          socket.send(
            JSON.stringify({ jsonrpc: '2.0', id: request.id, result: `0x${'cd'.repeat(32)}` }),
          )
        }),
      )
    })
  const stop = (server: WebSocketServer) =>
    new Promise<void>(resolve => {
      for (const client of server.clients) client.terminate()
      server.close(() => resolve())
    })

  it('talks JSON-RPC, survives the server going away, and reconnects on the same port', async () => {
    let server = await startServer()
    const { port } = server.address() as AddressInfo
    const client = createClient(
      createWsProvider(`ws://127.0.0.1:${port}`, {
        reconnect: { minDelayMs: 20, maxDelayMs: 50 },
      }),
    )
    const statuses: string[] = []
    client.onStatus(s => statuses.push(s.type))
    await client.connected()
    expect(await client.request(chain.getBlockHash(0))).toHaveLength(32)

    const hanging = client.request(chain.getFinalizedHead())
    await stop(server)
    // Our server answered before it stopped, or the drop rejected the request: never silence.
    const outcome = await hanging.then(
      () => 'answered',
      e => (e as { code: string }).code,
    )
    expect(['answered', 'CONNECTION_LOST']).toContain(outcome)
    await vi.waitFor(() => expect(statuses).toContain('disconnected'))

    server = await startServer(port)
    await client.connected()
    expect(await client.request(chain.getBlockHash(1))).toHaveLength(32)
    client.close()
    await stop(server)
    expect(statuses.at(-1)).toBe('closed')
  })

  it('reports a refused connection as disconnected and keeps trying', async () => {
    const server = await startServer()
    const { port } = server.address() as AddressInfo
    await stop(server)
    const statuses: ConnectionStatus[] = []
    const connection = createWsProvider(`ws://127.0.0.1:${port}`, {
      reconnect: { minDelayMs: 10, maxDelayMs: 10 },
    })(
      () => {},
      s => statuses.push(s),
    )
    await vi.waitFor(() =>
      expect(statuses.filter(s => s.type === 'connecting').length).toBeGreaterThanOrEqual(3),
    )
    connection.disconnect()
    expect(statuses.at(-1)?.type).toBe('closed')
    expect(statuses.some(s => s.type === 'connected')).toBe(false)
  })
})

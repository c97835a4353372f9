// The JSON-RPC server over HTTP POST on the WebSocket port: calls, batches, notifications,
// refusals, and the body limit enforced while the body streams in.
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createEchoHandlers,
  createRpcServer,
  echoHash,
  type RpcServer,
  type RpcServerLimits,
  silentLogger,
} from '../src/node/server/index.ts'

const servers: RpcServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()))
})

const start = async (limits: Partial<RpcServerLimits> = {}) => {
  const echo = createEchoHandlers()
  const server = await createRpcServer({
    handlers: echo.handlers,
    port: 0,
    limits,
    logger: silentLogger,
  })
  servers.push(server)
  const url = `http://127.0.0.1:${server.port}/`
  const post = async (body: unknown) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    return {
      status: res.status,
      headers: res.headers,
      body: text === '' ? undefined : JSON.parse(text),
    }
  }
  return { server, echo, url, post }
}

describe('RPC server over HTTP', () => {
  it('answers a single call', async () => {
    const { post } = await start()
    const res = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'chain_getBlockHash',
      params: ['0x1f'],
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.body).toEqual({ jsonrpc: '2.0', id: 1, result: echoHash(31) })
  })

  it('answers batches, as Subsquid sends them', async () => {
    const { post } = await start()
    const key = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7'
    const batch = Array.from({ length: 100 }, (_, i) => ({
      jsonrpc: '2.0',
      id: i,
      method: 'state_getStorageAt',
      params: [key, echoHash(i)],
    }))
    const res = await post(batch)
    expect(res.status).toBe(200)
    expect(res.body).toHaveLength(100)
    expect((res.body as { id: number; result: string }[]).every(r => r.result === key)).toBe(true)
  })

  it('answers notifications with 204 and no body', async () => {
    const { post, echo } = await start()
    const res = await post({ jsonrpc: '2.0', method: 'system_chain' })
    expect(res.status).toBe(204)
    expect(res.body).toBeUndefined()
    expect(echo.calls.get('system_chain')).toBe(1)
  })

  it('answers malformed JSON and bad requests with JSON-RPC errors', async () => {
    const { post } = await start()
    expect((await post('{"jsonrpc":')).body).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error' },
    })
    expect((await post([])).body).toMatchObject({ error: { code: -32600 } })
    expect((await post({ jsonrpc: '2.0', id: 2, method: 'nope' })).body).toEqual({
      jsonrpc: '2.0',
      id: 2,
      error: { code: -32601, message: 'Method not found' },
    })
    expect(
      (await post({ jsonrpc: '2.0', id: 3, method: 'state_getStorage', params: [12] })).body,
    ).toMatchObject({ id: 3, error: { code: -32602, message: 'Invalid params' } })
  })

  it('refuses subscriptions with a clear error', async () => {
    const { post } = await start()
    expect((await post({ jsonrpc: '2.0', id: 1, method: 'chain_subscribeNewHeads' })).body).toEqual(
      {
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32050, message: 'Subscriptions are only available over WebSocket' },
      },
    )
  })

  it('answers GET with 405 and OPTIONS with CORS headers', async () => {
    const { url } = await start()
    const get = await fetch(url)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toContain('POST')
    const options = await fetch(url, { method: 'OPTIONS' })
    expect(options.status).toBe(204)
    expect(options.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('refuses a declared oversized body with 413', async () => {
    const { post } = await start({ maxMessageBytes: 1000 })
    const res = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'state_call',
      params: ['x', `0x${'00'.repeat(1000)}`],
    })
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ error: { code: -32007, message: 'Request is too big' } })
    const ok = await post({ jsonrpc: '2.0', id: 1, method: 'system_chain' })
    expect(ok.body).toMatchObject({ result: 'Echo' })
  })

  it('refuses a streamed oversized body with 413 before reading it all', async () => {
    const { server } = await start({ maxMessageBytes: 64 * 1024 })
    const { status, sent } = await new Promise<{ status: number; sent: number }>(resolve => {
      let sent = 0
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      })
      req.on('response', res => {
        res.resume()
        resolve({ status: res.statusCode ?? 0, sent })
        req.destroy()
      })
      req.on('error', () => {})
      const chunk = Buffer.alloc(16 * 1024, 0x20)
      const pump = (): void => {
        // up to 64 MiB, unless the server answers first
        while (sent < 64 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length
          if (!req.write(chunk)) {
            req.once('drain', pump)
            return
          }
        }
      }
      pump()
    })
    expect(status).toBe(413)
    expect(sent).toBeLessThan(64 * 1024 * 1024)
  })

  it('refuses connections past maxConnections with 503', async () => {
    const { server } = await start({ maxConnections: 1 })
    const hold = await new Promise<import('node:net').Socket>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST' })
      req.on('socket', s => s.on('connect', () => resolve(s)))
      req.on('error', reject)
      req.write('{')
    })
    const res = await fetch(`http://127.0.0.1:${server.port}/`, {
      method: 'POST',
      body: '{"jsonrpc":"2.0","id":1,"method":"system_chain"}',
    })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ error: { code: -32009 } })
    hold.destroy()
  })
})

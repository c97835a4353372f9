import { describe, expect, it } from 'vitest'
import { rpcMethodNames } from '../../rpc/index.ts'
import { assertCompleteHandlers, createDispatcher, type DispatchConnection } from './dispatch.ts'
import {
  createEchoHandlers,
  ECHO_THROW_INTERNAL,
  ECHO_THROW_RPC,
  ECHO_UNKNOWN_HASH,
  echoHash,
} from './echo-handlers.ts'
import { DEFAULT_RPC_LIMITS } from './limits.ts'
import { RpcServerFault } from './server-fault.ts'
import { createSubscriptionRegistry } from './subscriptions.ts'

const setup = (limits = DEFAULT_RPC_LIMITS) => {
  const echo = createEchoHandlers()
  const errors: unknown[] = []
  const dispatcher = createDispatcher({
    handlers: echo.handlers,
    limits,
    logger: { error: (_m, cause) => errors.push(cause), warn: () => {} },
  })
  const written: string[] = []
  let ids = 0
  const ws: DispatchConnection = {
    ctx: { transport: 'ws', connectionId: 1 },
    subscriptions: createSubscriptionRegistry({
      limit: 2,
      write: t => {
        written.push(t)
        return true
      },
      nextId: () => `${++ids}`,
      logger: { error: () => {}, warn: () => {} },
    }),
  }
  const http: DispatchConnection = {
    ctx: { transport: 'http', connectionId: 2 },
    subscriptions: undefined,
  }
  const send = async (message: unknown, connection = ws) => {
    const text = typeof message === 'string' ? message : JSON.stringify(message)
    const reply = await dispatcher.handleText(text, connection)
    if (reply === undefined) return undefined
    reply.written()
    return JSON.parse(reply.text) as unknown
  }
  const req = (method: string, params?: unknown, id: unknown = 1) => ({
    jsonrpc: '2.0',
    id,
    method,
    ...(params === undefined ? {} : { params }),
  })
  return { echo, dispatcher, errors, written, ws, http, send, req }
}

const errorOf = (code: number, message?: string) =>
  expect.objectContaining({
    error: expect.objectContaining(message === undefined ? { code } : { code, message }),
  })

describe('dispatch', () => {
  it('answers a call with its id', async () => {
    const { send, req } = setup()
    expect(await send(req('system_chain', [], 'abc'))).toEqual({
      jsonrpc: '2.0',
      id: 'abc',
      result: 'Echo',
    })
    expect(await send(req('system_chain', undefined, null))).toEqual({
      jsonrpc: '2.0',
      id: null,
      result: 'Echo',
    })
  })

  it('answers rpc_methods itself', async () => {
    const { send, req } = setup()
    expect(await send(req('rpc_methods'))).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: { version: 1, methods: [...rpcMethodNames()] },
    })
  })

  it('answers malformed JSON with -32700 and id null', async () => {
    const { send } = setup()
    for (const bad of ['{', '', 'nul', '{"a":1,}', '\u0000'])
      expect(await send(bad)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: 'Parse error' },
      })
  })

  it('answers invalid requests with -32600', async () => {
    const { send } = setup()
    for (const bad of [
      1,
      '"x"',
      null,
      true,
      { id: 1, method: 'system_chain' },
      { jsonrpc: '1.0', id: 1, method: 'system_chain' },
      { jsonrpc: '2.0', id: 1 },
      { jsonrpc: '2.0', id: 1, method: 5 },
      { jsonrpc: '2.0', id: 1, method: 'system_chain', params: 'x' },
      { jsonrpc: '2.0', id: { a: 1 }, method: 'system_chain' },
      { jsonrpc: '2.0', id: [1], method: 'system_chain' },
      { jsonrpc: '2.0', id: true, method: 'system_chain' },
    ])
      expect(await send(bad)).toEqual(errorOf(-32600, 'Invalid request'))
    // the id is echoed when it could be read
    expect(await send({ jsonrpc: '1.0', id: 7, method: 'x' })).toMatchObject({ id: 7 })
    expect(await send({ jsonrpc: '2.0', id: { a: 1 }, method: 'x' })).toMatchObject({ id: null })
  })

  it('answers unknown methods with exactly "Method not found"', async () => {
    const { send, req } = setup()
    for (const name of [
      'nope',
      'chain_getblockhash',
      '__proto__',
      'constructor',
      'chainHead_v1_follow',
    ])
      expect(await send(req(name))).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32601, message: 'Method not found' },
      })
  })

  it('answers bad params with -32602 and says what was wrong', async () => {
    const { send, req } = setup()
    const cases: [string, unknown][] = [
      ['chain_getBlockHash', ['31']],
      ['chain_getBlockHash', [-1]],
      ['chain_getBlockHash', ['0x100000000']],
      ['chain_getHeader', ['0x1234']],
      ['state_getStorage', []],
      ['state_getStorage', [5]],
      ['state_getStorage', ['0x0']],
      ['state_getStorage', ['0xzz']],
      ['state_getStorage', ['0x00', '0x00']],
      ['state_getStorage', ['0x00', null, null]],
      ['author_submitExtrinsic', [{}]],
      ['system_chain', [1]],
      ['system_chain', { a: 1 }],
      ['dev_setSealMode', ['often']],
      ['state_queryStorageAt', ['0x00']],
    ]
    for (const [method, params] of cases) {
      const res = (await send(req(method, params))) as { error: { data: string } }
      expect(res, `${method} ${JSON.stringify(params)}`).toEqual(errorOf(-32602, 'Invalid params'))
      expect(typeof res.error.data).toBe('string')
    }
    const res = (await send(req('state_getStorage', ['0x00', 5]))) as { error: { data: string } }
    expect(res.error.data).toMatch(/^params\[1\]: at: /)
  })

  it('accepts absent or null trailing params and hex block numbers', async () => {
    const { send, req } = setup()
    expect(await send(req('state_getStorage', ['0xAB']))).toMatchObject({ result: '0xab' })
    expect(await send(req('state_getStorage', ['0xab', null]))).toMatchObject({ result: '0xab' })
    expect(await send(req('chain_getBlockHash', ['0x1f']))).toMatchObject({ result: echoHash(31) })
    expect(await send(req('chain_getBlockHash', [31]))).toMatchObject({ result: echoHash(31) })
    expect(await send(req('chain_getBlockHash', [null]))).toMatchObject({ result: echoHash(1) })
    expect(await send(req('chain_getBlockHash'))).toMatchObject({ result: echoHash(1) })
  })

  it('passes RpcErrors through and hides everything else behind -32603', async () => {
    const { send, req, errors } = setup()
    expect(await send(req('state_call', [ECHO_THROW_RPC, '0x']))).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: 1234, message: 'echo error', data: { echoed: true } },
    })
    expect(await send(req('state_call', [ECHO_THROW_INTERNAL, '0x']))).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32603, message: 'Internal error' },
    })
    expect(errors).toHaveLength(1)
    expect(await send(req('state_getStorage', ['0x00', ECHO_UNKNOWN_HASH]))).toEqual(errorOf(4003))
    expect(await send(req('author_submitExtrinsic', ['0xff00']))).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: 1010,
        message: 'Invalid Transaction',
        data: 'Transaction has a bad signature',
      },
    })
  })

  it('refuses state_getKeysPaged pages over 1000 with 4002', async () => {
    const { send, req } = setup()
    expect(await send(req('state_getKeysPaged', ['0x', 1001]))).toEqual(errorOf(4002))
  })

  it('sends nothing for notifications, even failing ones', async () => {
    const { send, echo } = setup()
    expect(await send({ jsonrpc: '2.0', method: 'system_chain' })).toBeUndefined()
    expect(await send({ jsonrpc: '2.0', method: 'nope' })).toBeUndefined()
    expect(await send({ jsonrpc: '2.0', method: 'state_getStorage', params: [1] })).toBeUndefined()
    expect(await send({ jsonrpc: '2.0', method: 'chain_subscribeNewHeads' })).toBeUndefined()
    expect(echo.calls.get('system_chain')).toBe(1)
    expect(echo.calls.get('chain_subscribeNewHeads')).toBeUndefined()
  })

  it('answers batches with an array of the responses, notifications left out', async () => {
    const { send, req } = setup()
    const res = (await send([
      req('system_chain', [], 1),
      { jsonrpc: '2.0', method: 'system_chain' },
      req('nope', [], 2),
      req('chain_getBlockHash', ['0x2'], 3),
      5,
      req('state_getStorage', [1], 4),
    ])) as { id: unknown }[]
    expect(res).toHaveLength(5)
    const byId = new Map(res.map(r => [r.id, r]))
    expect(byId.get(1)).toMatchObject({ result: 'Echo' })
    expect(byId.get(2)).toEqual(errorOf(-32601))
    expect(byId.get(3)).toMatchObject({ result: echoHash(2) })
    expect(byId.get(4)).toEqual(errorOf(-32602))
    expect(byId.get(null)).toEqual(errorOf(-32600))
  })

  it('answers empty, all-notification and oversized batches as the spec says', async () => {
    const { send, req } = setup({ ...DEFAULT_RPC_LIMITS, maxBatch: 3 })
    expect(await send([])).toEqual(errorOf(-32600))
    expect(await send([{ jsonrpc: '2.0', method: 'system_chain' }])).toBeUndefined()
    expect(
      await send([req('system_chain'), req('system_chain'), req('system_chain')]),
    ).toHaveLength(3)
    expect(
      await send([req('system_chain'), req('system_chain'), req('system_chain'), req('x')]),
    ).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32010,
        message: 'The batch request was too large',
        data: 'at most 3 calls per batch',
      },
    })
    expect(await send([[req('system_chain')]])).toEqual([errorOf(-32600)])
  })

  it('replaces oversized responses with -32008', async () => {
    const { send, req } = setup({ ...DEFAULT_RPC_LIMITS, maxResponseBytes: 200 })
    expect(await send(req('state_call', ['x', `0x${'00'.repeat(50)}`]))).toMatchObject({
      result: expect.any(String),
    })
    expect(await send(req('state_call', ['x', `0x${'00'.repeat(200)}`]))).toEqual(errorOf(-32008))
    expect(
      await send([
        req('state_call', ['x', `0x${'00'.repeat(50)}`], 1),
        req('state_call', ['x', `0x${'00'.repeat(50)}`], 2),
      ]),
    ).toEqual(errorOf(-32011))
  })

  it('dispatches aliases to the canonical handler', async () => {
    const { send, req, echo } = setup()
    await send(req('chain_getHead'))
    await send(req('chain_getBlockHash'))
    await send(req('state_getStorageAt', ['0x00']))
    await send(req('chain_getRuntimeVersion'))
    await send(req('chain_getFinalisedHead'))
    expect(echo.calls.get('chain_getBlockHash')).toBe(2)
    expect(echo.calls.get('state_getStorage')).toBe(1)
    expect(echo.calls.get('state_getRuntimeVersion')).toBe(1)
    expect(echo.calls.get('chain_getFinalizedHead')).toBe(1)
  })

  it('subscribes and unsubscribes over WebSocket, never over HTTP', async () => {
    const { send, req, http, written, echo } = setup()
    expect(await send(req('chain_subscribeNewHeads'), http)).toEqual(errorOf(-32050))
    expect(await send(req('chain_unsubscribeNewHeads', ['1']), http)).toEqual(errorOf(-32050))
    const sub = (await send(req('chain_subscribeNewHead'))) as { result: string }
    expect(typeof sub.result).toBe('string')
    expect(written).toHaveLength(1)
    expect(echo.liveSubscriptions).toBe(1)
    expect(await send(req('state_unsubscribeStorage', [sub.result]))).toMatchObject({
      result: false,
    })
    expect(await send(req('unsubscribe_newHead', [sub.result]))).toMatchObject({ result: true })
    expect(await send(req('chain_unsubscribeNewHeads', [sub.result]))).toMatchObject({
      result: false,
    })
    expect(await send(req('chain_unsubscribeNewHeads', [Number(sub.result)]))).toMatchObject({
      result: false,
    })
    expect(await send(req('chain_unsubscribeNewHeads', [{}]))).toEqual(errorOf(-32602))
    expect(await send(req('chain_unsubscribeNewHeads', []))).toEqual(errorOf(-32602))
    expect(echo.liveSubscriptions).toBe(0)
  })

  it('refuses subscriptions over the per-connection limit with -32006', async () => {
    const { send, req } = setup()
    await send(req('chain_subscribeNewHeads'))
    await send(req('chain_subscribeAllHeads'))
    expect(await send(req('chain_subscribeFinalizedHeads'))).toEqual(
      errorOf(-32006, 'Too many subscriptions on the connection'),
    )
  })

  it('gives the handler the caller context', async () => {
    const { send, req, echo, http } = setup()
    await send(req('system_chain'), http)
    expect(echo.lastContext).toEqual({ transport: 'http', connectionId: 2 })
  })
})

describe('assertCompleteHandlers', () => {
  it('names the missing handlers', () => {
    const { handlers } = createEchoHandlers()
    const { state_call: _, ...partial } = handlers
    expect(() => assertCompleteHandlers(partial as typeof handlers)).toThrow(RpcServerFault)
    expect(() => assertCompleteHandlers(partial as typeof handlers)).toThrow(/state_call/)
  })
})

// The client against the node's real JSON-RPC server (with echo handlers): the envelope, batches,
// error codes, subscriptions whose first notification precedes the subscribe response, limits,
// and the server going away and coming back on the same port.
import { afterEach, describe, expect, it } from 'vitest'
import {
  author,
  type Client,
  chain,
  createClient,
  createWsProvider,
  dev,
  isFinalStatus,
  ResponseFormatError,
  state,
  subscriptionIterator,
  system,
  unwrap,
} from '../src/client/index.ts'
import {
  createEchoHandlers,
  createRpcServer,
  ECHO_THROW_RPC,
  ECHO_UNKNOWN_HASH,
  echoHash,
  type RpcServer,
  type RpcServerLimits,
} from '../src/node/server/index.ts'
import { bytesToHex } from '../src/primitives/index.ts'
import { RpcError } from '../src/rpc/index.ts'

const servers: RpcServer[] = []
const clients: Client[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await Promise.all(servers.splice(0).map(s => s.close()))
})

const start = async (limits: Partial<RpcServerLimits> = {}, port = 0) => {
  const echo = createEchoHandlers()
  const server = await createRpcServer({ handlers: echo.handlers, port, limits })
  servers.push(server)
  return { server, echo }
}

const connect = (server: RpcServer) => {
  const client = createClient(
    createWsProvider(`ws://127.0.0.1:${server.port}`, {
      reconnect: { minDelayMs: 20, maxDelayMs: 100 },
    }),
    { requestTimeoutMs: 5_000 },
  )
  clients.push(client)
  return client
}

describe('client against the node’s RPC server', () => {
  it('calls methods and decodes their results', async () => {
    const { server } = await start()
    const client = connect(server)
    expect(await client.request(system.name())).toBe('critter-echo')
    expect(bytesToHex((await client.request(chain.getBlockHash(7))) ?? new Uint8Array())).toBe(
      echoHash(7),
    )
    expect(await client.request(chain.getBlockHash(2_000_000))).toBeUndefined()
    expect(await client.request(state.call('Any_method', new Uint8Array([1, 2])))).toEqual(
      new Uint8Array([1, 2]),
    )
    expect(bytesToHex(await client.request(dev.newBlock(3)))).toBe(echoHash(3))
    expect(await client.request(state.getRuntimeVersion())).toMatchObject({ specName: 'echo' })
  })

  it('rejects with the server’s error codes, messages and data', async () => {
    const { server } = await start()
    const client = connect(server)
    const thrown = await client
      .request(state.call(ECHO_THROW_RPC, new Uint8Array()))
      .catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(RpcError)
    expect(thrown).toMatchObject({ code: 1234, message: 'echo error', data: { echoed: true } })
    await expect(
      client.request(author.submitExtrinsic(new Uint8Array([0xff]))),
    ).rejects.toMatchObject({
      code: 1010,
      message: 'Invalid Transaction',
      data: 'Transaction has a bad signature',
    })
    const unknown = await client
      .request(state.getStorage('0x01', ECHO_UNKNOWN_HASH))
      .catch((e: unknown) => e)
    expect((unknown as RpcError).message).toContain(' not found')
  })

  it('sends batches as one array and answers each entry', async () => {
    const { server, echo } = await start()
    const client = connect(server)
    const answers = await client.batch([
      chain.getBlockHash(1),
      state.call(ECHO_THROW_RPC, new Uint8Array()),
      chain.getBlockHash(3),
    ])
    expect(answers.map(a => a.type)).toEqual(['Ok', 'Err', 'Ok'])
    expect(bytesToHex(unwrap(answers[2]) ?? new Uint8Array())).toBe(echoHash(3))
    expect(echo.calls.get('chain_getBlockHash')).toBe(2)
  })

  it('answers every entry of a batch over the server’s limit with its error', async () => {
    const { server } = await start({ maxBatch: 2 })
    const client = connect(server)
    const answers = await client.batch([
      chain.getBlockHash(1),
      chain.getBlockHash(2),
      chain.getBlockHash(3),
    ])
    expect(answers.map(a => a.type === 'Err' && (a.value as RpcError).code)).toEqual([
      -32010, -32010, -32010,
    ])
  })

  it('receives the notification a subscription sends before its id, then live ones', async () => {
    const { server, echo } = await start()
    const client = connect(server)
    const numbers: number[] = []
    const errors: unknown[] = []
    const sub = await client.subscribe(chain.subscribeNewHeads(), {
      next: h => numbers.push(h.number),
      error: e => errors.push(e),
    })
    await expect.poll(() => numbers).toEqual([1])
    echo.emitHead(5)
    await expect.poll(() => numbers).toEqual([1, 5])
    await sub.unsubscribe()
    await expect.poll(() => echo.liveSubscriptions).toBe(0)
    echo.emitHead(6)
    expect(numbers).toEqual([1, 5])
    expect(errors).toEqual([])
  })

  it('watches a transaction through its statuses', async () => {
    const { server } = await start()
    const client = connect(server)
    const statuses: string[] = []
    const watch = author.submitAndWatchExtrinsic(new Uint8Array([4, 1, 2]))
    for await (const status of subscriptionIterator(client, watch, { until: isFinalStatus }))
      statuses.push(status.type)
    expect(statuses).toEqual(['ready', 'inBlock', 'finalized'])
    const refused = subscriptionIterator(
      client,
      author.submitAndWatchExtrinsic(new Uint8Array([0xff])),
    )
    await expect(refused.next()).rejects.toMatchObject({
      code: 1010,
      data: 'Transaction is outdated',
    })
  })

  it('rejects a result that breaks the method’s schema', async () => {
    const { server } = await start()
    const client = connect(server)
    // The echo server returns its params for this key, which is no header: the edge must notice.
    const bogus = {
      method: 'state_getStorage',
      params: ['0x0102'],
      decode: chain.getHeader().decode,
    }
    await expect(client.request(bogus)).rejects.toBeInstanceOf(ResponseFormatError)
  })

  it('errors subscriptions when the server goes away, and reconnects when it returns', async () => {
    const first = await start()
    const port = first.server.port
    const client = connect(first.server)
    const errors: { code?: string }[] = []
    await client.subscribe(chain.subscribeFinalizedHeads(), {
      next: () => {},
      error: e => errors.push(e as { code?: string }),
    })
    const statuses: string[] = []
    client.onStatus(s => statuses.push(s.type))
    await first.server.close()
    servers.splice(servers.indexOf(first.server), 1)
    await expect.poll(() => errors.map(e => e.code)).toEqual(['CONNECTION_LOST'])
    await expect
      .poll(() => client.request(system.name()).catch((e: { code: string }) => e.code))
      .toBe('CONNECTION_LOST')

    await start({}, port)
    await client.connected()
    expect(await client.request(system.name())).toBe('critter-echo')
    expect(statuses).toContain('disconnected')
    expect(statuses.at(-1)).toBe('connected')
  })
})

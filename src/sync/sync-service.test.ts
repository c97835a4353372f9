import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createClient, createCritterClient, createWsProvider } from '../client/index.ts'
import { createCritterNfts, createRuntime } from '../runtime/index.ts'
import { SyncFault } from './errors.ts'
import { openSqliteStore } from './store/index.ts'
import { createSync } from './sync-service.ts'

/** A port nothing listens on. */
const freePort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

describe('createSync', () => {
  it('refuses a batch size the node would refuse', async () => {
    const critter = createCritterNfts()
    const runtime = createRuntime({ pallets: [critter.pallet] })
    const client = createClient(createWsProvider('ws://127.0.0.1:1', { reconnect: false }))
    const api = createCritterClient({ client, runtime })
    const store = await openSqliteStore({ path: ':memory:' })
    for (const batchBlocks of [0, 257, 1.5])
      expect(() => createSync({ api, critter, store, batchBlocks })).toThrow(SyncFault)
    client.close()
    await store.close()
  })

  it('stops when aborted while the node is down and the start-up waits for it', async () => {
    const critter = createCritterNfts()
    const runtime = createRuntime({ pallets: [critter.pallet] })
    const client = createClient(createWsProvider(`ws://127.0.0.1:${await freePort()}`))
    const api = createCritterClient({ client, runtime })
    const store = await openSqliteStore({ path: ':memory:' })
    const controller = new AbortController()
    const running = createSync({ api, critter, store }).run(controller.signal)
    setTimeout(() => controller.abort(), 200)
    await running
    expect(await store.checkpoint()).toBeUndefined()
    client.close()
    await store.close()
  })
})

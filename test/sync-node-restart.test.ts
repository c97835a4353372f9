// Issue 4, item 8: the node restarts and the WebSocket drops under a running sync, per store.
//   (a) the node is closed and reopened on the same base path and port, several times, while the
//       sync follows it under load: the sync reconnects with backoff and resumes;
//   (b) a TCP proxy between the sync and the node destroys the connection at random moments;
//   (c) the node comes back on a fresh chain (another genesis, or the same genesis with other
//       blocks): the sync stops (`ChainContinuityError` while following, `SyncFault`
//       CHAIN_MISMATCH when started, `critter sync` exits 1) and writes nothing of the new chain;
//       the old chain, reopened, still matches the replica.
// After (a) and (b), the replica verifies clean with no change lost and none applied twice.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  ChainContinuityError,
  type Client,
  type CritterClient,
  chain,
  createClient,
  createCritterClient,
  createWsProvider,
  type JsonRpcProvider,
} from '../src/client/index.ts'
import { type CritterNode, createNode, createNodeRuntime } from '../src/node/index.ts'
import { bytesToHex, devKeypair, utf8 } from '../src/primitives/index.ts'
import { critterCall } from '../src/runtime/index.ts'
import { SyncFault } from '../src/sync/errors.ts'
import { createRandom } from './helpers/fuzz-random.ts'
import { checkReplica, finalizedHead, waitFor } from './helpers/sync-fault-check.ts'
import { disposeCli, prepareCli, startCli } from './helpers/sync-fault-child.ts'
import { startDropProxy } from './helpers/sync-fault-proxy.ts'
import { runSync } from './helpers/sync-fault-runner.ts'
import { createReplicaLocation, storeKinds } from './helpers/sync-fault-stores.ts'
import { startWorkload } from './helpers/sync-fault-workload.ts'

const { runtime, critter } = createNodeRuntime({ dev: true })
const NODE_RESTARTS = 4
const SOCKET_DROPS = 8

/** A dev node on a fixed base path that can be closed and reopened on the same port. */
const openNode = (basePath: string, port: number, other?: { MaxOwnedPets: number }) =>
  createNode({
    dev: true,
    basePath,
    rpcPort: port,
    seal: { type: 'instant' },
    ...(other === undefined ? {} : { critter: other }),
  })

/** A client for the workload (and the test's reads) that rides out node restarts. */
const connect = (url: string): { client: Client; api: CritterClient } => {
  const client = createClient(
    createWsProvider(url, { reconnect: { minDelayMs: 50, maxDelayMs: 500 } }),
    { requestTimeoutMs: 30_000 },
  )
  return { client, api: createCritterClient({ client, runtime }) }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** The genesis hash, once the client has reconnected to whatever node listens now. */
const genesisOf = async (api: CritterClient): Promise<string> => {
  let hash: Uint8Array | undefined
  await waitFor('the client to reconnect', async () => {
    hash = await api.client.request(chain.getBlockHash(0)).catch(() => undefined)
    return hash !== undefined
  })
  return bytesToHex(hash ?? new Uint8Array())
}

describe.each(storeKinds('sync-node-restart.test.ts'))(
  'sync across node restarts and dropped sockets ($kind)',
  ({ kind, skip }) => {
    const cleanup: (() => Promise<void>)[] = []
    const dir = async () => {
      const path = await mkdtemp(join(tmpdir(), 'critter-sync-restart-'))
      cleanup.push(() => rm(path, { recursive: true, force: true }))
      return path
    }
    const replicaStore = async (label: string) => {
      const replica = await createReplicaLocation(kind, label)
      const store = await replica.open()
      cleanup.push(async () => {
        await store.close()
        await replica.remove()
      })
      return { replica, store }
    }

    beforeAll(async () => {
      if (!skip) await prepareCli()
    })
    // Each test's sync, load, clients, replicas and nodes, stopped in reverse order even when it
    // failed half-way.
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined)
    })
    afterAll(disposeCli)

    it.skipIf(skip)(
      `resumes after the node restarts ${NODE_RESTARTS} times mid-sync`,
      { timeout: 120_000 },
      async () => {
        const random = createRandom(kind === 'sqlite' ? 0xa1 : 0xa2)
        const basePath = await dir()
        let node: CritterNode = await openNode(basePath, 0)
        cleanup.push(() => node.close())
        const port = node.rpcPort
        const { store } = await replicaStore('sync_restart')
        const { client, api } = connect(node.url)
        cleanup.push(async () => client.close())
        const load = startWorkload({ api, critter, random: createRandom(random.int(2 ** 31)) })
        cleanup.push(async () => void (await load.stop()))
        const sync = runSync({ store, node: node.url, batchBlocks: 8 })
        cleanup.push(() => sync.stop(true))
        const at = async () => {
          sync.alive()
          return (await store.checkpoint())?.number ?? -1
        }
        for (let restart = 0; restart < NODE_RESTARTS; restart++) {
          // Some restarts while the sync is catching up, some while it follows the head.
          await waitFor('the sync to commit', async () => (await at()) > 0)
          await sleep(200 + random.int(1500))
          await node.close()
          await sleep(random.int(800))
          node = await openNode(basePath, port)
        }
        await sleep(500)
        const stats = await load.stop()
        const head = await finalizedHead(api)
        await waitFor('the sync to reach the head', async () => (await at()) >= head.number, 60_000)
        const drops = sync.logs.filter(l => l.message.startsWith('connection lost'))
        await sync.stop()
        expect(drops.length, 'reconnects the sync logged').toBeGreaterThanOrEqual(1)
        const summary = await checkReplica({ api, critter, store })
        expect(summary.block).toBe(head.number)
        expect(stats.calls['mint_pet_nft']).toBeGreaterThan(0)
        expect(sync.totals.duplicates, 'blocks delivered twice').toBe(0)
      },
    )

    it.skipIf(skip)(
      `resumes after its WebSocket is destroyed ${SOCKET_DROPS} times`,
      { timeout: 120_000 },
      async () => {
        const random = createRandom(kind === 'sqlite' ? 0xb1 : 0xb2)
        const node = await openNode(await dir(), 0)
        cleanup.push(() => node.close())
        const proxy = await startDropProxy(node.rpcPort)
        cleanup.push(() => proxy.close())
        const { store } = await replicaStore('sync_drop')
        // The workload talks to the node directly: the chain grows while the sync is cut off.
        const { client, api } = connect(node.url)
        cleanup.push(async () => client.close())
        const load = startWorkload({ api, critter, random: createRandom(random.int(2 ** 31)) })
        cleanup.push(async () => void (await load.stop()))
        const sync = runSync({ store, node: proxy.url, batchBlocks: 8 })
        cleanup.push(() => sync.stop(true))
        const at = async () => {
          sync.alive()
          return (await store.checkpoint())?.number ?? -1
        }
        let dropped = 0
        for (let drop = 0; drop < SOCKET_DROPS; drop++) {
          await waitFor('the sync to commit', async () => (await at()) > 0)
          await sleep(100 + random.int(900))
          dropped += proxy.dropAll(random.chance(0.5))
        }
        const stats = await load.stop()
        const head = await finalizedHead(api)
        await waitFor('the sync to reach the head', async () => (await at()) >= head.number, 60_000)
        await sync.stop()
        expect(dropped, 'connections destroyed').toBeGreaterThanOrEqual(SOCKET_DROPS)
        expect(proxy.connections(), 'connections the sync opened').toBeGreaterThan(SOCKET_DROPS)
        const summary = await checkReplica({ api, critter, store })
        expect(summary.block).toBe(head.number)
        expect(stats.calls['feed_pet']).toBeGreaterThan(0)
        expect(sync.totals.duplicates, 'blocks delivered twice').toBe(0)
      },
    )

    it.skipIf(skip)(
      'resumes when the socket drops while a batch’s events are being fetched',
      { timeout: 60_000 },
      async () => {
        // Deterministic: the connection is destroyed right after the sync sends the JSON-RPC
        // batch that reads the events of its second batch of blocks, so that request is in
        // flight when the socket dies.
        const node = await openNode(await dir(), 0)
        cleanup.push(() => node.close())
        const { client, api } = connect(node.url)
        cleanup.push(async () => client.close())
        for (let i = 0; i < 6; i++)
          await api.submit(
            critterCall('mint_pet_nft', { species: utf8('owl'), name: utf8(`owl-${i}`) }),
            devKeypair('Alice'),
          )
        const proxy = await startDropProxy(node.rpcPort)
        cleanup.push(() => proxy.close())
        const inner = createWsProvider(proxy.url, {
          reconnect: { minDelayMs: 50, maxDelayMs: 500 },
        })
        let eventReads = 0
        const provider: JsonRpcProvider = (onMessage, onStatus) => {
          const connection = inner(onMessage, onStatus)
          return {
            send(message) {
              connection.send(message)
              if (message.includes('"state_getStorage"') && ++eventReads === 2)
                setImmediate(() => proxy.dropAll())
            },
            disconnect: () => connection.disconnect(),
          }
        }
        const { store } = await replicaStore('sync_inflight')
        const sync = runSync({ store, node: provider, batchBlocks: 1 })
        cleanup.push(() => sync.stop(true))
        const head = await finalizedHead(api)
        await waitFor(
          'the sync to reach the head',
          async () => {
            sync.alive()
            return ((await store.checkpoint())?.number ?? -1) >= head.number
          },
          30_000,
        )
        await sync.stop()
        expect(eventReads).toBeGreaterThan(2)
        await checkReplica({ api, critter, store })
      },
    )

    for (const fresh of ['another genesis', 'the same genesis'] as const) {
      it.skipIf(skip)(
        `stops when the node comes back on a fresh chain with ${fresh}`,
        { timeout: 120_000 },
        async () => {
          const alice = devKeypair('Alice')
          const mint = (name: string) =>
            critterCall('mint_pet_nft', { species: utf8('phoenix'), name: utf8(name) })
          const oldPath = await dir()
          let node = await openNode(oldPath, 0)
          const port = node.rpcPort
          cleanup.push(() => node.close())
          const { store, replica } = await replicaStore('sync_fresh')
          const { client, api } = connect(node.url)
          cleanup.push(async () => client.close())
          for (let i = 0; i < 6; i++) await api.submit(mint(`old-${i}`), alice)
          const oldGenesis = await genesisOf(api)
          const sync = runSync({ store, node: node.url, batchBlocks: 4 })
          cleanup.push(() => sync.stop(true))
          const oldHead = await finalizedHead(api)
          await waitFor(
            'the sync to reach the head',
            async () => {
              sync.alive()
              return ((await store.checkpoint())?.number ?? -1) >= oldHead.number
            },
            30_000,
          )
          const before = await store.checkpoint()

          // The same port, a fresh base path: another chain behind the same URL.
          await node.close()
          node = await openNode(
            await dir(),
            port,
            fresh === 'another genesis' ? { MaxOwnedPets: 1000 } : undefined,
          )
          const same = fresh === 'the same genesis'
          expect((await genesisOf(api)) === oldGenesis).toBe(same)
          // Grow the fresh chain past the replica's checkpoint, so the follower sees its blocks.
          // (A client signs against the genesis it first saw: a fresh one for another genesis.)
          const fresher = same ? { client: undefined, api } : connect(node.url)
          for (let i = 0; i <= oldHead.number + 2; i++)
            await fresher.api.submit(mint(`new-${i}`), devKeypair('Bob'))
          fresher.client?.close()

          await expect(sync.done).rejects.toBeInstanceOf(ChainContinuityError)
          await sync.stop(true)
          // Nothing of the fresh chain was written.
          const after = await store.checkpoint()
          expect(after?.number).toBe(before?.number)
          expect(bytesToHex(after?.hash ?? new Uint8Array())).toBe(
            bytesToHex(before?.hash ?? new Uint8Array()),
          )

          // Started against the fresh chain, the service refuses the replica at once...
          const again = runSync({ store, node: node.url })
          const refused = await again.done.catch((error: unknown) => error)
          await again.stop(true)
          expect(refused).toBeInstanceOf(SyncFault)
          expect((refused as SyncFault).code).toBe('CHAIN_MISMATCH')
          // ...and so does `critter sync`, with exit code 1.
          const cli = await startCli(['sync', '--node', node.url, '--db', replica.location])
          expect(await cli.exited).toBe(1)
          expect(cli.tail()).toMatch(/CHAIN_MISMATCH|another chain/)
          expect((await store.checkpoint())?.number).toBe(before?.number)

          // The old chain, reopened, still matches the replica exactly.
          await node.close()
          node = await openNode(oldPath, port)
          expect(await genesisOf(api)).toBe(oldGenesis)
          const summary = await checkReplica({ api, critter, store })
          expect(summary.block).toBe(oldHead.number)
        },
      )
    }
  },
)

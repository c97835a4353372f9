// The whole hook path against a dev node: registered hooks on chain, the sync service with a
// hooks file, a webhook endpoint that fails and then recovers, deliveries in priority order with
// their idempotency keys, and acknowledgements that clear the pets' sync flags on chain.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CritterClient,
  createClient,
  createCritterClient,
  createWsProvider,
} from '../src/client/index.ts'
import { createNodeRuntime } from '../src/node/index.ts'
import { devKeypair, utf8 } from '../src/primitives/index.ts'
import { critterCall, flagOf } from '../src/runtime/index.ts'
import {
  createSyncWithHooks,
  loadHookConfig,
  openSqliteStore,
  type SyncStore,
  verifyReplica,
} from '../src/sync/index.ts'
import { startTestNode, type TestNode } from './acceptance/helpers/node.ts'
import { startWebhookReceiver } from './helpers/webhook-receiver.ts'

const { runtime, critter } = createNodeRuntime({ dev: true })
const alice = devKeypair('Alice')
const bob = devKeypair('Bob')

/** Polls `check` until it holds (or the test's timeout ends it). */
const eventually = async (check: () => Promise<boolean>, what: string): Promise<void> => {
  for (let i = 0; i < 600; i++) {
    if (await check()) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`never happened: ${what}`)
}

describe('sync service with hooks, end to end', () => {
  let node: TestNode
  let api: CritterClient
  let store: SyncStore
  let dir: string
  const controller = new AbortController()
  let running: Promise<void>
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
  let lowPriority: Awaited<ReturnType<typeof startWebhookReceiver>>

  beforeAll(async () => {
    node = await startTestNode()
    api = createCritterClient({ client: createClient(createWsProvider(node.url)), runtime })
    dir = await mkdtemp(join(tmpdir(), 'critter-hooks-e2e-'))
    receiver = await startWebhookReceiver({ secret: 'alice-secret', failFirst: 3 })
    lowPriority = await startWebhookReceiver({ secret: 'bob-secret' })
    // Hook 0: Alice's, every aspect, priority 200, acknowledged on chain.
    // Hook 1: Bob's, ownership and basic info only, priority 10, no acknowledgement.
    await api.submit(critterCall('register_sync_hook', { interests: 0xff, priority: 200 }), alice)
    await api.submit(
      critterCall('register_sync_hook', {
        interests: flagOf('Ownership') | flagOf('BasicInfo'),
        priority: 10,
      }),
      bob,
    )
    const config = join(dir, 'hooks.json')
    await writeFile(
      config,
      JSON.stringify({
        hooks: [
          {
            id: 0,
            endpoint: { type: 'webhook', url: receiver.url, secret: 'alice-secret' },
            ack: { signer: '//Alice' },
          },
          { id: 1, endpoint: { type: 'webhook', url: lowPriority.url, secret: 'bob-secret' } },
        ],
        retry: { initialMs: 20, maxMs: 200, maxAttempts: 20, timeoutMs: 5000 },
      }),
    )
    store = await openSqliteStore({ path: join(dir, 'replica.db') })
    running = createSyncWithHooks({
      api,
      critter,
      store,
      hooks: await loadHookConfig(config),
    }).run(controller.signal)
  })

  afterAll(async () => {
    controller.abort()
    await running
    await store?.close()
    await api?.client.close()
    await receiver?.close()
    await lowPriority?.close()
    await node?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('delivers every change once per interested hook, retries the failing endpoint, and acknowledgements clear the flags', async () => {
    await api.submit(
      critterCall('batch_mint_pet_nfts', {
        pets: [
          [utf8('dragon'), utf8('Ember')],
          [utf8('cat'), utf8('Tom')],
        ],
      }),
      alice,
    )
    await api.submit(critterCall('feed_pet', { pet_id: 0, food_item_id: 1 }), alice)
    await api.submit(
      critterCall('transfer_pet_nft', { recipient: bob.publicKey, pet_id: 1 }),
      alice,
    )

    // Alice's hook hears every aspect of every change; Bob's only BasicInfo and Ownership.
    const aliceKeys = [
      '0:1:BasicInfo',
      '1:1:BasicInfo',
      '0:2:Interactions',
      '0:2:LevelAndXp',
      '1:2:Ownership',
    ]
    await eventually(async () => receiver.accepted.size === aliceKeys.length, 'all deliveries')
    await eventually(async () => lowPriority.accepted.size === 3, 'low-priority deliveries')
    expect([...receiver.accepted.keys()].sort()).toEqual([...aliceKeys].sort())
    expect([...receiver.accepted.values()]).toEqual(aliceKeys.map(() => 1))
    expect([...lowPriority.accepted.keys()].sort()).toEqual(
      ['0:1:BasicInfo', '1:1:BasicInfo', '1:2:Ownership'].sort(),
    )
    // The failing endpoint was retried: three refusals, then each change accepted once.
    expect(receiver.requests.filter(r => r.status === 500)).toHaveLength(3)
    expect((await store.deliveries({ status: 'dead' })).length).toBe(0)

    // Hook 0 acknowledges: pets' flags clear on chain (Alice owns pet 0; pet 1 is Bob's now,
    // and a hook's owner may acknowledge any pet its interests cover).
    await eventually(async () => {
      const flags = await api.query(io =>
        [0, 1].map(id => critter.storage.PetNfts.get(io, id)?.sync_flags),
      )
      return flags.every(f => f === 0)
    }, 'flags cleared on chain')
    await eventually(
      async () => (await store.deliveries({ hookId: 0 })).every(d => d.ackStatus !== 'pending'),
      'acknowledgements settled',
    )
    const statuses = (await store.deliveries({ hookId: 0 })).map(d => d.ackStatus)
    expect(statuses.every(s => s === 'acked' || s === 'superseded')).toBe(true)
    expect((await store.deliveries({ hookId: 1 })).every(d => d.ackStatus === 'none')).toBe(true)

    // The replica follows the acknowledgements too, and matches the chain.
    await eventually(async () => {
      const report = await verifyReplica({ api, critter, store })
      return report.differences.length === 0
    }, 'replica matches the chain')
  })
})

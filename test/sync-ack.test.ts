// The acknowledger against a real dev node: a delivered change is acknowledged on chain with
// acknowledge_sync, signed by the hook's key, and the pet's sync_flags clear; an acknowledgement
// the chain has moved past is superseded by the newer change's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Client,
  type CritterClient,
  createClient,
  createCritterClient,
  createWsProvider,
  type SubmitResult,
} from '../src/client/index.ts'
import { createNodeRuntime } from '../src/node/index.ts'
import { devKeypair, utf8 } from '../src/primitives/index.ts'
import { type CritterEvent, critterCall, flagOf, type RuntimeCall } from '../src/runtime/index.ts'
import { createAcknowledger } from '../src/sync/delivery/index.ts'
import type { HookRow, ReplicaPet } from '../src/sync/types.ts'
import { startTestNode, type TestNode } from './acceptance/helpers/node.ts'
import { newDelivery, type Outbox, openOutbox } from './helpers/delivery-outbox.ts'

const { runtime, critter } = createNodeRuntime({ dev: true })
const alice = devKeypair('Alice')
const bob = devKeypair('Bob')

const eventsOf = (result: SubmitResult): CritterEvent[] =>
  result.events.filter(r => r.event.type === 'CritterNfts').map(r => r.event.value as CritterEvent)

describe('acknowledger against a dev node', () => {
  let node: TestNode
  let client: Client
  let api: CritterClient
  let outbox: Outbox
  let hook: HookRow

  const submitOk = async (call: RuntimeCall, signer = alice): Promise<SubmitResult> => {
    const result = await api.submit(call, signer)
    expect(result.result).toEqual({ type: 'Ok' })
    return result
  }
  const chainPet = async (id: number) => {
    const pet = await api.query(io => critter.storage.PetNfts.get(io, id))
    if (pet === undefined) throw new Error(`no pet ${id} on chain`)
    return pet
  }
  /** The chain's pet as a replica row. */
  const replicaPet = async (id: number): Promise<ReplicaPet> => ({
    pet: await chainPet(id),
    owner: alice.publicKey,
    locked: false,
    updatedAtBlock: 1,
  })
  const mint = async (name: string): Promise<number> => {
    const minted = eventsOf(
      await submitOk(critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8(name) })),
    ).find(e => e.type === 'PetNftMinted')
    if (minted?.type !== 'PetNftMinted') throw new Error('no PetNftMinted')
    return minted.value.pet_id
  }
  /** Writes the pet as the replica would have it and one delivered BasicInfo change of it. */
  const deliveredChange = async (pet: ReplicaPet) => {
    await outbox.write({
      pets: [pet],
      hooks: [hook],
      deliveries: [
        newDelivery({
          hookId: hook.id,
          petId: pet.pet.id,
          version: pet.pet.state_version,
          ack: true,
        }),
      ],
    })
    for (const row of await outbox.store.deliveries({ status: 'pending' }))
      await outbox.store.recordAttempt(row.id, { type: 'delivered', at: Date.now() })
  }
  const ackStatuses = async (petId: number) =>
    (await outbox.store.deliveries({ petId })).map(r => [r.version, r.ackStatus])

  beforeAll(async () => {
    node = await startTestNode({ seal: { type: 'instant' } })
    client = createClient(createWsProvider(node.url), { requestTimeoutMs: 20_000 })
    api = createCritterClient({ client, runtime })
    outbox = await openOutbox()
    const registered = eventsOf(
      await submitOk(critterCall('register_sync_hook', { interests: 0xff, priority: 10 })),
    ).find(e => e.type === 'HookRegistered')
    if (registered?.type !== 'HookRegistered') throw new Error('no HookRegistered')
    hook = {
      id: registered.value.hook_id,
      account: registered.value.account_id,
      interests: registered.value.interests,
      priority: registered.value.priority,
      enabled: true,
      lastExecution: 0,
      executionCount: 0,
    }
  })

  afterAll(async () => {
    client?.close()
    await outbox?.close()
    await node?.close()
  })

  it('acknowledges a delivered change: the pet’s sync_flags clear and the row is acked', async () => {
    const id = await mint('Ember')
    const pet = await replicaPet(id)
    expect(pet.pet.sync_flags).toBe(flagOf('BasicInfo'))
    await deliveredChange(pet)

    const acks = createAcknowledger({
      store: outbox.store,
      client: api,
      signers: new Map([[hook.id, alice]]),
    })
    expect(await acks.checkSigners()).toEqual([])
    expect(await acks.drain()).toMatchObject({ submitted: 1, acked: 1, failed: 0, waiting: 0 })
    expect((await chainPet(id)).sync_flags).toBe(0)
    expect(await ackStatuses(id)).toEqual([[1, 'acked']])
  })

  it('an acknowledgement the chain has moved past waits, and the newer change’s supersedes it', async () => {
    const id = await mint('Cinder')
    await deliveredChange(await replicaPet(id))
    // The chain moves on before the replica sees it.
    await submitOk(
      critterCall('update_pet_metadata', {
        pet_id: id,
        name: utf8('Ash'),
        personality_traits: undefined,
        expected_version: 1,
      }),
    )
    const acks = createAcknowledger({
      store: outbox.store,
      client: api,
      signers: new Map([[hook.id, alice]]),
    })
    expect(await acks.drain()).toMatchObject({ submitted: 0, waiting: 1 })
    expect(await ackStatuses(id)).toEqual([[1, 'pending']])
    expect((await chainPet(id)).sync_flags).toBe(flagOf('BasicInfo'))

    // The replica catches up (v2) and v2 is delivered: one call at v2 covers both.
    const moved = await replicaPet(id)
    expect(moved.pet.state_version).toBe(2)
    await deliveredChange(moved)
    expect(await acks.drain()).toMatchObject({ submitted: 1, acked: 1, superseded: 1 })
    expect(await ackStatuses(id)).toEqual([
      [1, 'superseded'],
      [2, 'acked'],
    ])
    expect((await chainPet(id)).sync_flags).toBe(0)
  })

  it('acknowledges many pets at once from one signer (the client spaces the nonces)', async () => {
    const ids = await Promise.all(['A', 'B', 'C', 'D', 'E'].map(mint))
    for (const id of ids) await deliveredChange(await replicaPet(id))
    const acks = createAcknowledger({
      store: outbox.store,
      client: api,
      signers: new Map([[hook.id, alice]]),
      concurrency: 5,
    })
    expect(await acks.drain()).toMatchObject({ submitted: 5, acked: 5, failed: 0, waiting: 0 })
    for (const id of ids) expect((await chainPet(id)).sync_flags).toBe(0)
  })

  it('warns about a signer that is not the hook’s account and does not submit for it', async () => {
    const id = await mint('Soot')
    await deliveredChange(await replicaPet(id))
    const warnings: string[] = []
    const acks = createAcknowledger({
      store: outbox.store,
      client: api,
      signers: new Map([[hook.id, bob]]),
      logger: { info() {}, warn: message => warnings.push(message), error() {} },
    })
    const problems = await acks.checkSigners()
    expect(problems.map(p => p.hookId)).toEqual([hook.id])
    expect(warnings).toEqual(['ack signer does not match its hook'])
    expect(await acks.drain()).toMatchObject({ submitted: 0, failed: 1 })
    expect((await chainPet(id)).sync_flags).toBe(flagOf('BasicInfo'))
  })
})

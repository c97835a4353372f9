import { beforeEach, describe, expect, it } from 'vitest'
import { newDelivery, type Outbox, openOutbox } from '../../../test/helpers/delivery-outbox.ts'
import { type CallOutcome, ConnectionError, type SubmitResult } from '../../client/index.ts'
import { devKeypair, type Keypair, utf8 } from '../../primitives/index.ts'
import { flagOf, type RuntimeCall, type StateChangeType } from '../../runtime/index.ts'
import type { HookRow, NewDelivery, ReplicaPet } from '../types.ts'
import { createAcknowledger, STALE_ACK } from './index.ts'

const alice = devKeypair('Alice')
const bob = devKeypair('Bob')
const HOOK = 3
const PET = 7

const hookRow = (fields: Partial<HookRow> = {}): HookRow => ({
  id: HOOK,
  account: alice.publicKey,
  interests: 0xff,
  priority: 10,
  enabled: true,
  lastExecution: 0,
  executionCount: 0,
  ...fields,
})

const replicaPet = (version: number, flags = flagOf('BasicInfo')): ReplicaPet => ({
  pet: {
    id: PET,
    dna_hash: new Uint8Array(32).fill(1),
    initial_species: utf8('dragon'),
    current_pet_name: utf8('Rex'),
    base_strength: 10,
    base_agility: 10,
    base_intelligence: 10,
    base_vitality: 10,
    primary_elemental_affinity: 'Fire',
    level: 1,
    experience_points: 0,
    mood_indicator: 100,
    last_fed_block: 0,
    last_played_block: 0,
    personality_traits: [],
    last_state_update_block: 0,
    state_version: version,
    sync_flags: flags,
  },
  owner: alice.publicKey,
  locked: false,
  updatedAtBlock: 1,
})

const change = (version: number, changeType: StateChangeType = 'BasicInfo'): NewDelivery =>
  newDelivery({ hookId: HOOK, petId: PET, version, changeType, ack: true })

const ERR = (name: string): CallOutcome => ({
  type: 'Err',
  name,
  value: { type: 'Other' } as unknown as Extract<CallOutcome, { type: 'Err' }>['value'],
})

/** A client whose `submit` records each acknowledge_sync and answers from `answers`. */
const fakeClient = () => {
  const calls: { value: unknown; signer: Keypair }[] = []
  const answers: (CallOutcome | Error)[] = []
  return {
    calls,
    answers,
    client: {
      submit: async (call: RuntimeCall, signer: Keypair): Promise<SubmitResult> => {
        calls.push({ value: (call.value as { value: unknown }).value, signer })
        const answer = answers.shift() ?? { type: 'Ok' }
        if (answer instanceof Error) throw answer
        return {
          txHash: new Uint8Array(32),
          blockHash: new Uint8Array(32),
          blockNumber: 1,
          index: 0,
          events: [],
          result: answer,
        }
      },
    },
  }
}

describe('acknowledger', () => {
  let outbox: Outbox
  let fake: ReturnType<typeof fakeClient>

  /** Writes the pet and the changes, then records each as delivered or dead. */
  const replicate = async (
    pet: ReplicaPet,
    changes: readonly NewDelivery[],
    outcome: (c: NewDelivery) => 'delivered' | 'dead' | 'pending' = () => 'delivered',
    hook: HookRow = hookRow(),
  ) => {
    await outbox.write({ pets: [pet], hooks: [hook], deliveries: changes })
    const rows = await outbox.store.deliveries({ status: 'pending' })
    for (const row of rows) {
      const wanted = outcome(row)
      if (wanted === 'delivered')
        await outbox.store.recordAttempt(row.id, { type: 'delivered', at: 1 })
      if (wanted === 'dead') await outbox.store.recordAttempt(row.id, { type: 'dead', error: 'x' })
    }
  }
  const statuses = async () =>
    (await outbox.store.deliveries()).map(r => [r.version, r.changeType, r.ackStatus])
  const acknowledger = (signers: ReadonlyMap<number, Keypair> = new Map([[HOOK, alice]])) =>
    createAcknowledger({ store: outbox.store, client: fake.client, signers })

  beforeEach(async () => {
    outbox = await openOutbox()
    fake = fakeClient()
  })

  it('acknowledges a delivered change at its version with its flag', async () => {
    await replicate(replicaPet(1), [change(1)])
    const acks = acknowledger()
    expect(await acks.checkSigners()).toEqual([])
    expect(await acks.drain()).toMatchObject({ submitted: 1, acked: 1, waiting: 0 })
    expect(fake.calls).toEqual([
      { value: { pet_id: PET, flags: flagOf('BasicInfo'), version: 1 }, signer: alice },
    ])
    expect(await statuses()).toEqual([[1, 'BasicInfo', 'acked']])
    expect(await acks.drain()).toMatchObject({ submitted: 0 })
  })

  it('covers older changes with the newest one: one call, older rows superseded', async () => {
    await replicate(replicaPet(3), [change(1), change(2, 'Ownership'), change(3)])
    expect(await acknowledger().drain()).toMatchObject({ submitted: 1, acked: 2, superseded: 1 })
    expect(fake.calls[0]?.value).toEqual({
      pet_id: PET,
      flags: flagOf('BasicInfo') | flagOf('Ownership'),
      version: 3,
    })
    expect(await statuses()).toEqual([
      [1, 'BasicInfo', 'superseded'],
      [2, 'Ownership', 'acked'],
      [3, 'BasicInfo', 'acked'],
    ])
  })

  it('waits while a newer change is on its way, then lets it carry the older flags', async () => {
    await replicate(replicaPet(2), [change(1), change(2, 'Ownership')], c =>
      c.version === 1 ? 'delivered' : 'pending',
    )
    const acks = acknowledger()
    expect(await acks.drain()).toMatchObject({ submitted: 0, waiting: 1 })
    expect(fake.calls).toEqual([])
    const [, second] = await outbox.store.deliveries()
    await outbox.store.recordAttempt(second?.id ?? -1, { type: 'delivered', at: 2 })
    expect(await acks.drain()).toMatchObject({ submitted: 1, acked: 2 })
    expect(fake.calls[0]?.value).toEqual({
      pet_id: PET,
      flags: flagOf('BasicInfo') | flagOf('Ownership'),
      version: 2,
    })
  })

  it('acknowledges at the replica’s version when the changes since were of no interest to the hook', async () => {
    await replicate(replicaPet(4), [change(1)])
    expect(await acknowledger().drain()).toMatchObject({ submitted: 1, acked: 1 })
    expect(fake.calls[0]?.value).toEqual({ pet_id: PET, flags: flagOf('BasicInfo'), version: 4 })
  })

  it('never clears the flag of a change the hook did not get', async () => {
    // v2 (BasicInfo) was dead-lettered: v1's BasicInfo must not be acknowledged past it.
    await replicate(replicaPet(2), [change(1), change(2)], c =>
      c.version === 1 ? 'delivered' : 'dead',
    )
    expect(await acknowledger().drain()).toMatchObject({ submitted: 0, superseded: 1 })
    expect(fake.calls).toEqual([])
    const [first] = await outbox.store.deliveries()
    expect(first?.ackStatus).toBe('superseded')
    expect(first?.lastError).toContain('was not delivered')
  })

  it('acknowledges the other aspects when a change of one aspect was dead-lettered', async () => {
    await replicate(replicaPet(2), [change(1), change(1, 'Mood'), change(2, 'Mood')], c =>
      c.version === 2 ? 'dead' : 'delivered',
    )
    expect(await acknowledger().drain()).toMatchObject({ submitted: 1, acked: 1, superseded: 1 })
    expect(fake.calls[0]?.value).toEqual({ pet_id: PET, flags: flagOf('BasicInfo'), version: 2 })
  })

  it('on StaleSyncAcknowledgement waits for the replica, then acknowledges the newer version', async () => {
    await replicate(replicaPet(1), [change(1)])
    fake.answers.push(ERR(STALE_ACK))
    const acks = acknowledger()
    expect(await acks.drain()).toMatchObject({ submitted: 0, waiting: 1 })
    // The replica has not moved: no second call.
    expect(await acks.drain()).toMatchObject({ submitted: 0, waiting: 1 })
    expect(fake.calls).toHaveLength(1)
    // The replica catches up with v2, delivered too.
    await replicate(replicaPet(2), [change(2)])
    expect(await acks.drain()).toMatchObject({ submitted: 1, acked: 1, superseded: 1 })
    expect(fake.calls[1]?.value).toEqual({ pet_id: PET, flags: flagOf('BasicInfo'), version: 2 })
    expect(await statuses()).toEqual([
      [1, 'BasicInfo', 'superseded'],
      [2, 'BasicInfo', 'acked'],
    ])
  })

  it('retries after a dropped connection, and marks other dispatch errors failed', async () => {
    await replicate(replicaPet(1), [change(1)])
    fake.answers.push(new ConnectionError('CONNECTION_LOST', 'socket closed'))
    const acks = acknowledger()
    expect(await acks.drain()).toMatchObject({ submitted: 0, waiting: 1 })
    fake.answers.push(ERR('CritterNfts.NoSyncPermission'))
    expect(await acks.drain()).toMatchObject({ failed: 1 })
    expect(fake.calls).toHaveLength(2)
    const [row] = await outbox.store.deliveries()
    expect(row?.ackStatus).toBe('failed')
    expect(row?.lastError).toBe('CritterNfts.NoSyncPermission')
  })

  it('finds a signer that is not the hook’s account before submitting', async () => {
    await replicate(replicaPet(1), [change(1)])
    const acks = acknowledger(new Map([[HOOK, bob]]))
    const problems = await acks.checkSigners()
    expect(problems).toHaveLength(1)
    expect(problems[0]?.reason).toContain('NoSyncPermission')
    expect(await acks.drain()).toMatchObject({ failed: 1 })
    expect(fake.calls).toEqual([])
  })

  it('drops rows of a hook that no longer acknowledges, and fails flags outside its interests', async () => {
    await replicate(replicaPet(1), [change(1)])
    expect(await acknowledger(new Map()).drain()).toMatchObject({ dropped: 1 })
    expect(await statuses()).toEqual([[1, 'BasicInfo', 'none']])

    await replicate(replicaPet(2), [change(2)], undefined, hookRow({ interests: flagOf('Mood') }))
    expect(await acknowledger().drain()).toMatchObject({ failed: 1 })
    expect((await outbox.store.deliveries()).at(-1)?.lastError).toContain('no longer interested')
    expect(fake.calls).toEqual([])
  })
})

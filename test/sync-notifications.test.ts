// Issue 4, item 8: duplicate and out-of-order notifications, per store.
//   (a) Through a provider that meddles with finalized-head notifications (each one may be
//       dropped, delivered twice, held back so later ones overtake it, or followed by a stale
//       replay of an old one) the sync follows a chain under load; the replica verifies clean,
//       every block went into exactly one batch and no history row was applied twice.
//   (b) planBatch fed directly, through a real store, with a replica that is ahead of its
//       checkpoint (every event a duplicate: skipped and counted, nothing changed) and one that
//       is behind it (version gaps: repaired from chain state at that block, one row in
//       `store.repairs()` each), and the service itself on a replica that is behind (a logged
//       repair metric, never silent).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type Client,
  type CritterClient,
  chain,
  createClient,
  createCritterClient,
  createWsProvider,
  fetchHeaders,
  type JsonRpcProvider,
} from '../src/client/index.ts'
import { createNodeRuntime } from '../src/node/index.ts'
import { bytesToHex, devKeypair, utf8 } from '../src/primitives/index.ts'
import { type CritterEvent, critterCall } from '../src/runtime/index.ts'
import { hooksAt, petPagesAt, petsAt } from '../src/sync/chain-state.ts'
import {
  type BlockEvents,
  type PlanCounts,
  petIdsOf,
  planBatch,
  repairKey,
  VERSION_BUMPS,
} from '../src/sync/plan.ts'
import type { SyncStore } from '../src/sync/store/index.ts'
import type { Checkpoint, RepairRow, ReplicaPet } from '../src/sync/types.ts'
import { verifyReplica } from '../src/sync/verify.ts'
import { startTestNode, type TestNode } from './acceptance/helpers/node.ts'
import { createRandom, type Random } from './helpers/fuzz-random.ts'
import { checkReplica, finalizedHead, waitFor } from './helpers/sync-fault-check.ts'
import { runSync } from './helpers/sync-fault-runner.ts'
import {
  createReplicaLocation,
  type ReplicaLocation,
  storeKinds,
} from './helpers/sync-fault-stores.ts'
import { startWorkload } from './helpers/sync-fault-workload.ts'

const { runtime, critter } = createNodeRuntime({ dev: true })
const source = (api: CritterClient) => ({ api, critter })

/** What the meddling provider did to finalized-head notifications. */
interface Meddling {
  passed: number
  dropped: number
  doubled: number
  delayed: number
  replayed: number
  /** Stops meddling: every notification from now on passes untouched. */
  enabled: boolean
}

/**
 * A provider over `inner` that meddles with `chain_finalizedHead` notifications: each may be
 * dropped, delivered twice, held back 0-150 ms (so later ones overtake it), or followed by a
 * replay of one 3-40 notifications old.
 */
const meddlingProvider = (
  inner: JsonRpcProvider,
  random: Random,
): { provider: JsonRpcProvider; meddling: Meddling } => {
  const meddling: Meddling = {
    passed: 0,
    dropped: 0,
    doubled: 0,
    delayed: 0,
    replayed: 0,
    enabled: true,
  }
  const provider: JsonRpcProvider = (onMessage, onStatus) => {
    const seen: string[] = []
    return inner(message => {
      let method: unknown
      try {
        method = (JSON.parse(message) as { method?: unknown }).method
      } catch {
        method = undefined
      }
      if (method !== 'chain_finalizedHead' || !meddling.enabled) {
        onMessage(message)
        return
      }
      seen.push(message)
      const roll = random.next()
      if (roll < 0.15) {
        meddling.dropped++
      } else if (roll < 0.3) {
        meddling.doubled++
        onMessage(message)
        setTimeout(() => onMessage(message), random.int(50))
      } else if (roll < 0.5) {
        meddling.delayed++
        setTimeout(() => onMessage(message), random.int(150))
      } else {
        meddling.passed++
        onMessage(message)
      }
      if (random.chance(0.1) && seen.length > 3) {
        meddling.replayed++
        const old = seen[Math.max(0, seen.length - 1 - random.range(3, 40))] as string
        setTimeout(() => onMessage(old), random.int(100))
      }
    }, onStatus)
  }
  return { provider, meddling }
}

/** Every block 1..`to` with its events, as the follower hands them to the planner. */
const blocksOf = async (api: CritterClient, to: number): Promise<BlockEvents[]> => {
  const out: BlockEvents[] = []
  for (let from = 1; from <= to; from += 100) {
    const headers = await fetchHeaders(api.client, from, Math.min(to, from + 99))
    const events = await api.eventsOf(headers.map(h => h.hash))
    headers.forEach((h, i) => {
      out.push({ number: h.number, hash: h.hash, events: events[i] ?? [] })
    })
  }
  return out
}

/** The replica seeded with the chain's state at block 0, as the service seeds it. */
const seed = async (api: CritterClient, store: SyncStore): Promise<Checkpoint> => {
  const hash = await api.client.request(chain.getBlockHash(0))
  if (hash === undefined) throw new Error('no genesis')
  const pets: ReplicaPet[] = []
  for await (const page of petPagesAt(source(api), { hash, number: 0 })) pets.push(...page.values())
  const checkpoint = { number: 0, hash }
  await store.applyBatch({
    parent: undefined,
    checkpoint,
    pets,
    changes: [],
    hooks: await hooksAt(source(api), hash),
    removedHooks: [],
    deliveries: [],
    repairs: [],
  })
  return checkpoint
}

/**
 * Plans and writes `blocks` on top of `parent` in batches of `size`, reading the chain state of
 * every gap planBatch reports (as the service does); returns the new checkpoint, the summed
 * counts and how many planning rounds found gaps.
 */
const applyBlocks = async (
  api: CritterClient,
  store: SyncStore,
  parent: Checkpoint,
  blocks: readonly BlockEvents[],
  size: number,
): Promise<{ checkpoint: Checkpoint; counts: PlanCounts; gapRounds: number }> => {
  let checkpoint = parent
  const counts = { events: 0, applied: 0, duplicates: 0 }
  let gapRounds = 0
  for (let i = 0; i < blocks.length; i += size) {
    const chunk = blocks.slice(i, i + size)
    const pets = await store.loadPets(petIdsOf(chunk))
    const hooks = new Map((await store.hooks()).map(h => [h.id, h]))
    const repairs = new Map<string, ReplicaPet>()
    for (;;) {
      const result = planBatch({ parent: checkpoint, blocks: chunk, pets, hooks, repairs })
      if (result.type === 'ready') {
        await store.applyBatch(result.write)
        checkpoint = result.write.checkpoint
        counts.events += result.counts.events
        counts.applied += result.counts.applied
        counts.duplicates += result.counts.duplicates
        break
      }
      gapRounds++
      for (const gap of result.gaps) {
        const read = await petsAt(source(api), [gap.petId], {
          hash: gap.blockHash,
          number: gap.blockNumber,
        })
        const pet = read.get(gap.petId)
        if (pet === undefined) throw new Error(`pet ${gap.petId} missing at ${gap.blockNumber}`)
        repairs.set(repairKey(gap.blockNumber, gap.petId), pet)
      }
    }
  }
  return { checkpoint, counts, gapRounds }
}

/** Rewrites pets' rows without moving the checkpoint: a replica out of step with it. */
const overwritePets = (store: SyncStore, at: Checkpoint, pets: readonly ReplicaPet[]) =>
  store.applyBatch({
    parent: at,
    checkpoint: at,
    pets,
    changes: [],
    hooks: [],
    removedHooks: [],
    deliveries: [],
    repairs: [],
  })

interface PetEvent {
  readonly block: number
  readonly type: CritterEvent['type']
  readonly petId: number
  readonly version: number
}

const petEventsOf = (blocks: readonly BlockEvents[]): PetEvent[] =>
  blocks.flatMap(block =>
    block.events.flatMap(record => {
      if (record.event.type !== 'CritterNfts') return []
      const event = record.event.value as CritterEvent
      const value = event.value as { pet_id?: number; version?: number }
      return value.pet_id === undefined || value.version === undefined
        ? []
        : [{ block: block.number, type: event.type, petId: value.pet_id, version: value.version }]
    }),
  )

describe.each(storeKinds('sync-notifications.test.ts'))(
  'sync with meddled notifications and out-of-step replicas ($kind)',
  ({ kind, skip }) => {
    const replicas: { replica: ReplicaLocation; store: SyncStore }[] = []
    const fresh = async (label: string) => {
      const replica = await createReplicaLocation(kind, label)
      const store = await replica.open()
      replicas.push({ replica, store })
      return store
    }
    // Services a test started, stopped after it even when it failed half-way.
    const running: (() => Promise<unknown>)[] = []
    afterEach(async () => {
      for (const stop of running.splice(0)) await stop().catch(() => undefined)
    })
    // One chain with history for the planner cases, built once.
    let history: { node: TestNode; client: Client; api: CritterClient; blocks: BlockEvents[] }

    beforeAll(async () => {
      if (skip) return
      const node = await startTestNode({ critter: { NeglectThresholdBlocks: 30 } })
      const client = createClient(createWsProvider(node.url), { requestTimeoutMs: 60_000 })
      const api = createCritterClient({ client, runtime })
      const load = startWorkload({ api, critter, random: createRandom(kind === 'sqlite' ? 1 : 2) })
      await waitFor('a chain of 150 blocks', async () => (await finalizedHead(api)).number >= 150)
      await load.stop()
      const head = await finalizedHead(api)
      history = { node, client, api, blocks: await blocksOf(api, head.number) }
    }, 120_000)

    afterAll(async () => {
      for (const { replica, store } of replicas) {
        await store.close().catch(() => undefined)
        await replica.remove().catch(() => undefined)
      }
      history?.client.close()
      await history?.node.close()
    })

    it.skipIf(skip)(
      'follows through dropped, doubled, reordered and replayed finalized heads',
      { timeout: 120_000 },
      async () => {
        const random = createRandom(kind === 'sqlite' ? 0xc1 : 0xc2)
        const node = await startTestNode({ critter: { NeglectThresholdBlocks: 30 } })
        const client = createClient(createWsProvider(node.url), { requestTimeoutMs: 60_000 })
        try {
          const api = createCritterClient({ client, runtime })
          const store = await fresh('sync_notify')
          const { provider, meddling } = meddlingProvider(
            createWsProvider(node.url, { reconnect: { minDelayMs: 50, maxDelayMs: 500 } }),
            createRandom(random.int(2 ** 31)),
          )
          const load = startWorkload({ api, critter, random: createRandom(random.int(2 ** 31)) })
          const sync = runSync({ store, node: provider, batchBlocks: 8 })
          running.push(
            () => load.stop(),
            () => sync.stop(true),
          )
          await waitFor(
            '200 meddled notifications',
            () => {
              sync.alive()
              return meddling.passed + meddling.dropped + meddling.doubled + meddling.delayed >= 200
            },
            90_000,
          )
          await load.stop()
          // The last head must be told: a node never skips its final notification.
          meddling.enabled = false
          await api.submit(
            critterCall('mint_pet_nft', { species: utf8('owl'), name: utf8('last') }),
            devKeypair('Alice'),
          )
          const head = await finalizedHead(api)
          await waitFor('the sync to reach the head', async () => {
            sync.alive()
            return ((await store.checkpoint())?.number ?? -1) >= head.number
          })
          await sync.stop()
          expect(meddling.dropped).toBeGreaterThan(0)
          expect(meddling.doubled).toBeGreaterThan(0)
          expect(meddling.delayed).toBeGreaterThan(0)
          expect(meddling.replayed).toBeGreaterThan(0)
          // Every block 1..head went into exactly one batch (seeded at 0), none twice.
          expect(sync.totals.blocks).toBe(head.number)
          expect(sync.totals.duplicates).toBe(0)
          const summary = await checkReplica({ api, critter, store })
          expect(summary.block).toBe(head.number)
        } finally {
          for (const stop of running.splice(0)) await stop().catch(() => undefined)
          client.close()
          await node.close()
        }
      },
    )

    it.skipIf(skip)(
      'skips and counts every event of a replica ahead of its checkpoint',
      { timeout: 60_000 },
      async () => {
        const { api, blocks } = history
        const head = blocks.length
        const k = Math.floor(head / 2)
        const store = await fresh('sync_ahead')
        const genesis = await seed(api, store)
        const atK = (await applyBlocks(api, store, genesis, blocks.slice(0, k), 10)).checkpoint
        // Every pet's row jumps to its state at the head, the checkpoint stays at k.
        const last = blocks.at(-1) as BlockEvents
        const ahead = await petsAt(
          source(api),
          (await api.entries(critter.storage.PetNfts, { at: last.hash })).map(([id]) => id),
          { hash: last.hash, number: last.number },
        )
        await overwritePets(store, atK, [...ahead.values()])

        const rest = blocks.slice(k)
        const { checkpoint, counts, gapRounds } = await applyBlocks(api, store, atK, rest, 25)
        expect(checkpoint.number).toBe(head)
        expect(gapRounds).toBe(0)
        // Every bump is a duplicate; so is every other event, but an acknowledgement of the
        // version the pet ends at (it applies again, clearing flags already clear).
        const events = petEventsOf(rest).filter(e => e.type !== 'HookExecutionFailed')
        const reapplied = events.filter(
          e => e.type === 'SyncAcknowledged' && e.version === ahead.get(e.petId)?.pet.state_version,
        ).length
        expect(events.filter(e => VERSION_BUMPS.has(e.type)).length).toBeGreaterThan(0)
        expect(counts.applied).toBe(reapplied)
        expect(counts.duplicates).toBe(events.length - reapplied)
        expect(await store.repairs()).toEqual([])
        const summary = await checkReplica({ api, critter, store })
        expect(summary.block).toBe(head)
      },
    )

    it.skipIf(skip)(
      'repairs every gap of a replica behind its checkpoint, one repair row each',
      { timeout: 60_000 },
      async () => {
        const { api, blocks } = history
        const head = blocks.length
        const k = Math.floor(head / 2)
        const j = Math.floor(k / 2)
        const store = await fresh('sync_behind')
        const genesis = await seed(api, store)
        const atK = (await applyBlocks(api, store, genesis, blocks.slice(0, k), 10)).checkpoint
        // Pets changed between j and k and again after k lose the changes between j and k.
        const rest = blocks.slice(k)
        const after = petEventsOf(rest)
        const bj = blocks[j - 1] as BlockEvents
        const atJ = await petsAt(source(api), [...new Set(after.map(e => e.petId))], {
          hash: bj.hash,
          number: bj.number,
        })
        const nowK = await store.loadPets([...atJ.keys()])
        const damaged = [...atJ.values()].filter(
          p => p.pet.state_version < (nowK.get(p.pet.id)?.pet.state_version ?? 0),
        )
        expect(damaged.length).toBeGreaterThan(0)
        await overwritePets(store, atK, damaged)
        expect((await verifyReplica({ api, critter, store })).differences.length).toBeGreaterThan(0)

        const { checkpoint, gapRounds } = await applyBlocks(api, store, atK, rest, 25)
        expect(checkpoint.number).toBe(head)
        expect(gapRounds).toBeGreaterThan(0)
        // One repair per damaged pet, at its first event after k, to its state at that block.
        const expected: RepairRow[] = []
        for (const pet of damaged) {
          const first = after.find(e => e.petId === pet.pet.id) as PetEvent
          const block = blocks[first.block - 1] as BlockEvents
          const there = await petsAt(source(api), [pet.pet.id], {
            hash: block.hash,
            number: block.number,
          })
          expected.push({
            blockNumber: first.block,
            petId: pet.pet.id,
            expected: pet.pet.state_version + 1,
            found: first.version,
            repairedTo: there.get(pet.pet.id)?.pet.state_version ?? -1,
          })
        }
        const order = (a: RepairRow, b: RepairRow) =>
          a.blockNumber - b.blockNumber || a.petId - b.petId
        expect([...(await store.repairs({ limit: 10_000 }))].sort(order)).toEqual(
          expected.sort(order),
        )
        const summary = await checkReplica({ api, critter, store })
        expect(summary.block).toBe(head)
        expect(summary.repairs).toBe(damaged.length)
      },
    )

    it.skipIf(skip)(
      'the service repairs a replica behind its checkpoint and logs the metric',
      { timeout: 60_000 },
      async () => {
        const { api, blocks, node } = history
        const head = blocks.length
        const k = Math.floor(head / 3)
        const store = await fresh('sync_behind_service')
        const genesis = await seed(api, store)
        const atK = (await applyBlocks(api, store, genesis, blocks.slice(0, k), 10)).checkpoint
        // Every pet minted by k with events after k goes back to its first version.
        const after = new Set(petEventsOf(blocks.slice(k)).map(e => e.petId))
        const rows = await store.loadPets([...after])
        const damaged = [...rows.values()]
          .filter(p => p.pet.state_version > 1)
          .map(p => ({ ...p, pet: { ...p.pet, state_version: 1 } }))
        expect(damaged.length).toBeGreaterThan(0)
        await overwritePets(store, atK, damaged)

        const sync = runSync({ store, node: node.url, batchBlocks: 16 })
        running.push(() => sync.stop(true))
        await waitFor('the sync to reach the head', async () => {
          sync.alive()
          return ((await store.checkpoint())?.number ?? -1) >= head
        })
        await sync.stop()
        const repaired = sync.logs.filter(l => l.message === 'gap repaired')
        expect(repaired).toHaveLength(damaged.length)
        expect(repaired.every(l => l.fields['metric'] === 'sync_gap_repairs_total')).toBe(true)
        expect(sync.totals.repairs).toBe(damaged.length)
        expect((await store.repairs({ limit: 10_000 })).map(r => r.petId).sort()).toEqual(
          damaged.map(p => p.pet.id).sort(),
        )
        await checkReplica({ api, critter, store })
        expect(bytesToHex((await store.checkpoint())?.hash ?? new Uint8Array())).toBe(
          bytesToHex((blocks.at(-1) as BlockEvents).hash),
        )
      },
    )
  },
)

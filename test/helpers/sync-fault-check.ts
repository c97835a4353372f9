// The bar every sync fault test ends on: `verifyReplica` reports no difference, and no change was
// lost or applied twice. The replica's history holds exactly one row per CritterNfts pet event on
// chain (same block, event index, pet, version and change type; none missing, none extra, none
// twice), its checkpoint is the node's block at that number, and every pet's state_version is the
// chain's `PetStateVersions`.
import { expect } from 'vitest'
import { type BlockHeader, type CritterClient, chain, unwrap } from '../../src/client/index.ts'
import { bytesToHex } from '../../src/primitives/index.ts'
import type { CritterEvent, CritterNfts } from '../../src/runtime/index.ts'
import type { SyncStore } from '../../src/sync/store/index.ts'
import { verifyReplica } from '../../src/sync/verify.ts'

/** One pet event, as the history must hold it. */
export interface ChainPetEvent {
  readonly petId: number
  readonly version: number
  readonly changeType: string
}

/** The finalized head the node reports. */
export const finalizedHead = async (api: CritterClient): Promise<BlockHeader> => {
  const hash = await api.client.request(chain.getFinalizedHead())
  const header = await api.client.request(chain.getHeader(hash))
  if (header === undefined) throw new Error('the node has no finalized header')
  return header
}

/** Polls `read` until it returns true; throws with `what` after `timeoutMs` (a safety net). */
export const waitFor = async (
  what: string,
  read: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  everyMs = 25,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await read()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
}

/** Waits until the replica's checkpoint is the node's finalized head (the load stopped). */
export const waitForHead = async (
  api: CritterClient,
  store: SyncStore,
  timeoutMs = 90_000,
): Promise<BlockHeader> => {
  const head = await finalizedHead(api)
  await waitFor(
    `the replica to reach block ${head.number}`,
    async () => ((await store.checkpoint())?.number ?? -1) >= head.number,
    timeoutMs,
  )
  return head
}

/** Every CritterNfts pet event of blocks 1..`upTo`, keyed `block:eventIndex`. */
export const chainPetEvents = async (
  api: CritterClient,
  upTo: number,
): Promise<Map<string, ChainPetEvent>> => {
  const out = new Map<string, ChainPetEvent>()
  for (let from = 1; from <= upTo; from += 100) {
    const numbers = Array.from({ length: Math.min(100, upTo - from + 1) }, (_, i) => from + i)
    const hashes = (await api.client.batch(numbers.map(n => chain.getBlockHash(n))))
      .map(unwrap)
      .map((hash, i) => {
        if (hash === undefined) throw new Error(`the node has no block ${numbers[i]}`)
        return hash
      })
    const events = await api.eventsOf(hashes)
    events.forEach((records, i) => {
      records.forEach((record, index) => {
        if (record.event.type !== 'CritterNfts') return
        const event = record.event.value as CritterEvent
        const value = event.value as { pet_id?: number; version?: number }
        if (value.pet_id === undefined || value.version === undefined) return
        out.set(`${numbers[i]}:${index}`, {
          petId: value.pet_id,
          version: value.version,
          changeType: event.type,
        })
      })
    })
  }
  return out
}

/** The replica's whole history, keyed `block:eventIndex`; a key seen twice is reported. */
const replicaHistory = async (
  store: SyncStore,
  petIds: Iterable<number>,
): Promise<{ rows: Map<string, ChainPetEvent>; twice: string[] }> => {
  const rows = new Map<string, ChainPetEvent>()
  const twice: string[] = []
  for (const petId of petIds) {
    let after: { blockNumber: number; eventIndex: number } | undefined
    for (;;) {
      const page = await store.petHistory(petId, {
        ...(after === undefined ? {} : { after }),
        limit: 1000,
      })
      for (const row of page) {
        const key = `${row.blockNumber}:${row.eventIndex}`
        if (rows.has(key)) twice.push(key)
        rows.set(key, { petId: row.petId, version: row.version, changeType: row.changeType })
      }
      const last = page.at(-1)
      if (last === undefined || page.length < 1000) break
      after = { blockNumber: last.blockNumber, eventIndex: last.eventIndex }
    }
  }
  return { rows, twice }
}

/** Every pet id in the replica. */
const replicaPetIds = async (store: SyncStore): Promise<number[]> => {
  const ids: number[] = []
  for (let after: number | undefined; ; ) {
    const page = await store.pets({ ...(after === undefined ? {} : { after }), limit: 1000 })
    ids.push(...page.map(p => p.pet.id))
    const last = page.at(-1)
    if (last === undefined || page.length < 1000) return ids
    after = last.pet.id
  }
}

/** What `checkReplica` found, for the test's log. */
export interface ReplicaSummary {
  readonly block: number
  readonly pets: number
  readonly hooks: number
  readonly changes: number
  readonly repairs: number
}

/**
 * Asserts the replica is exactly the chain at its checkpoint: no `verifyReplica` difference, one
 * history row per pet event on chain up to the checkpoint (compared row by row), the checkpoint
 * hash the node's, every pet's `state_version` equal to `PetStateVersions`.
 */
export const checkReplica = async (options: {
  readonly api: CritterClient
  readonly critter: CritterNfts
  readonly store: SyncStore
}): Promise<ReplicaSummary> => {
  const { api, critter, store } = options
  const report = await verifyReplica({ api, critter, store })
  expect(report.differences.slice(0, 20), 'verifyReplica differences').toEqual([])
  expect(report.differences).toHaveLength(0)

  const checkpoint = report.block
  const nodeHash = await api.client.request(chain.getBlockHash(checkpoint.number))
  expect(nodeHash === undefined ? undefined : bytesToHex(nodeHash), 'checkpoint hash').toBe(
    bytesToHex(checkpoint.hash),
  )

  const onChain = await chainPetEvents(api, checkpoint.number)
  const petIds = new Set([...onChain.values()].map(e => e.petId))
  for (const id of await replicaPetIds(store)) petIds.add(id)
  const { rows, twice } = await replicaHistory(store, petIds)
  expect(twice, 'history rows stored twice').toEqual([])
  const missing = [...onChain.keys()].filter(k => !rows.has(k))
  const extra = [...rows.keys()].filter(k => !onChain.has(k))
  expect(missing.slice(0, 20), 'pet events missing from the history').toEqual([])
  expect(extra.slice(0, 20), 'history rows with no event on chain').toEqual([])
  const wrong = [...onChain].filter(([k, e]) => JSON.stringify(rows.get(k)) !== JSON.stringify(e))
  expect(wrong.slice(0, 10), 'history rows that differ from their event').toEqual([])
  const stats = await store.stats()
  expect(stats.changes, 'history rows vs pet events on chain').toBe(onChain.size)

  const versions = await api.entries(critter.storage.PetStateVersions, { at: checkpoint.hash })
  const replica = await store.loadPets(versions.map(([id]) => id))
  const mismatched = versions.filter(([id, v]) => replica.get(id)?.pet.state_version !== v)
  expect(mismatched.slice(0, 10), 'state_version vs PetStateVersions').toEqual([])
  expect(stats.pets, 'replica pets vs PetStateVersions entries').toBe(versions.length)

  return {
    block: checkpoint.number,
    pets: stats.pets,
    hooks: stats.hooks,
    changes: stats.changes,
    repairs: stats.repairs,
  }
}

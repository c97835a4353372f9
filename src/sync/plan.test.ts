import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { blake2_256, encode, initCrypto, u32, utf8 } from '../primitives/index.ts'
import {
  createCritterNfts,
  createInMemoryChain,
  createRuntime,
  critterCall,
  type RuntimeCall,
} from '../runtime/index.ts'
import { type BlockEvents, type PlanInput, petIdsOf, planBatch, repairKey } from './plan.ts'
import type { BatchWrite, Checkpoint, HookRow, ReplicaPet } from './types.ts'

beforeAll(initCrypto)

const ACCOUNTS = [1, 2, 3].map(n => new Uint8Array(32).fill(n))

/** A chain plus what a replica built from its blocks by `planBatch` holds. */
const setup = () => {
  const critter = createCritterNfts()
  const chain = createInMemoryChain(createRuntime({ pallets: [critter.pallet] }))
  const blocks: BlockEvents[] = []
  const seal = () => {
    const done = chain.seal()
    blocks.push({
      number: done.number,
      hash: blake2_256(encode(u32, done.number)),
      events: done.events,
    })
  }
  /** The chain's pets and hooks now, as replica rows. */
  const chainState = () =>
    chain.read(io => {
      const s = critter.storage
      const pets = new Map<number, Omit<ReplicaPet, 'updatedAtBlock'>>()
      for (const [id, pet] of s.PetNfts.entries(io)) {
        pets.set(id, {
          pet,
          owner: s.PetNftOwner.get(io, id) as Uint8Array,
          locked: s.LockedNfts.contains(io, id),
        })
      }
      const hooks = new Map<number, HookRow>()
      for (const [id, h] of s.SyncHookRegistry.entries(io)) {
        hooks.set(id, {
          id,
          account: h.account_id,
          interests: h.interests,
          priority: h.priority,
          enabled: h.enabled,
          lastExecution: h.last_execution,
          executionCount: h.execution_count,
        })
      }
      return { pets, hooks }
    })
  return { critter, chain, blocks, seal, chainState }
}

/** Replays blocks into an in-memory replica in the given batch sizes, as the service would. */
const replicate = (blocks: readonly BlockEvents[], cuts: readonly number[], base?: Replica) => {
  const replica = base ?? new Replica()
  let i = 0
  let cut = 0
  while (i < blocks.length) {
    const size = Math.max(1, cuts[cut++ % Math.max(cuts.length, 1)] ?? 1)
    const batch = blocks.slice(i, i + size)
    const result = planBatch(replica.input(batch))
    if (result.type !== 'ready') throw new Error(`unexpected gaps ${JSON.stringify(result.gaps)}`)
    replica.apply(result.write, result.hooks)
    i += size
  }
  return replica
}

/** The smallest store: what `applyBatch` does, in maps. */
class Replica {
  checkpoint: Checkpoint | undefined = { number: 0, hash: blake2_256(encode(u32, 0)) }
  pets = new Map<number, ReplicaPet>()
  hooks = new Map<number, HookRow>()
  writes: BatchWrite[] = []
  input(blocks: readonly BlockEvents[], extra: Partial<PlanInput> = {}): PlanInput {
    const pets = new Map<number, ReplicaPet>()
    for (const id of petIdsOf(blocks)) {
      const row = this.pets.get(id)
      if (row !== undefined) pets.set(id, row)
    }
    return { parent: this.checkpoint, blocks, pets, hooks: this.hooks, ...extra }
  }
  apply(write: BatchWrite, hooks: Map<number, HookRow>) {
    expect(write.parent).toEqual(this.checkpoint)
    for (const pet of write.pets) this.pets.set(pet.pet.id, pet)
    this.hooks = hooks
    this.checkpoint = write.checkpoint
    this.writes.push(write)
  }
}

const expectSame = (
  replica: Replica,
  state: ReturnType<ReturnType<typeof setup>['chainState']>,
) => {
  expect(replica.pets.size).toBe(state.pets.size)
  for (const [id, row] of state.pets) {
    const mine = replica.pets.get(id)
    expect(mine?.pet, `pet ${id}`).toEqual(row.pet)
    expect(mine?.owner).toEqual(row.owner)
    expect(mine?.locked).toBe(row.locked)
  }
  expect(new Map([...replica.hooks].sort(([a], [b]) => a - b))).toEqual(state.hooks)
}

const op = fc.oneof(
  fc.record({ type: fc.constant('mint' as const), who: fc.nat(2) }),
  fc.record({
    type: fc.constant('batch' as const),
    who: fc.nat(2),
    n: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    type: fc.constant('rename' as const),
    who: fc.nat(2),
    pet: fc.nat(30),
    stale: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('transfer' as const),
    who: fc.nat(2),
    to: fc.nat(2),
    pet: fc.nat(30),
  }),
  fc.record({
    type: fc.constant('feed' as const),
    who: fc.nat(2),
    pet: fc.nat(30),
    play: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('hook' as const),
    who: fc.nat(2),
    interests: fc.integer({ min: 1, max: 255 }),
    priority: fc.nat(255),
  }),
  fc.record({
    type: fc.constant('toggle' as const),
    who: fc.nat(2),
    hook: fc.nat(4),
    on: fc.boolean(),
  }),
  fc.record({ type: fc.constant('unhook' as const), who: fc.nat(2), hook: fc.nat(4) }),
  fc.record({
    type: fc.constant('ack' as const),
    who: fc.nat(2),
    pet: fc.nat(30),
    flags: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ type: fc.constant('seal' as const) }),
)
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never

const callOf = (o: Op, version: (pet: number) => number): RuntimeCall | undefined => {
  switch (o.type) {
    case 'mint':
      return critterCall('mint_pet_nft', { species: utf8('cat'), name: utf8('Tom') })
    case 'batch':
      return critterCall('batch_mint_pet_nfts', {
        pets: Array.from(
          { length: o.n },
          (_, i) => [utf8('dog'), utf8(`Rex${i}`)] as [Uint8Array, Uint8Array],
        ),
      })
    case 'rename':
      return critterCall('update_pet_metadata', {
        pet_id: o.pet,
        name: utf8('Blaze'),
        personality_traits: [utf8('brave')],
        expected_version: version(o.pet) + (o.stale ? 1 : 0),
      })
    case 'transfer':
      return critterCall('transfer_pet_nft', {
        recipient: ACCOUNTS[o.to] as Uint8Array,
        pet_id: o.pet,
      })
    case 'feed':
      return o.play
        ? critterCall('play_with_pet', { pet_id: o.pet, toy_item_id: 1 })
        : critterCall('feed_pet', { pet_id: o.pet, food_item_id: 1 })
    case 'hook':
      return critterCall('register_sync_hook', { interests: o.interests, priority: o.priority })
    case 'toggle':
      return critterCall('set_hook_enabled', { hook_id: o.hook, enabled: o.on })
    case 'unhook':
      return critterCall('unregister_sync_hook', { hook_id: o.hook })
    case 'ack':
      return critterCall('acknowledge_sync', {
        pet_id: o.pet,
        flags: o.flags,
        version: version(o.pet),
      })
    case 'seal':
      return undefined
  }
}

const run = (ops: readonly Op[]) => {
  const t = setup()
  const version = (pet: number) =>
    t.chain.read(io => t.critter.storage.PetStateVersions.get(io, pet))
  for (const o of ops) {
    const call = callOf(o, version)
    if (call === undefined) t.seal()
    else t.chain.apply(ACCOUNTS['who' in o ? o.who : 0] as Uint8Array, call)
  }
  t.seal()
  return t
}

describe('planBatch', () => {
  it('rebuilds exactly the chain’s pets and hooks, however blocks are batched', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
        (ops, cuts) => {
          const t = run(ops)
          const replica = replicate(t.blocks, cuts)
          expectSame(replica, t.chainState())
          // Every delivery-worthy change is in the history, once.
          const keys = replica.writes.flatMap(w =>
            w.changes.map(c => `${c.blockNumber}:${c.eventIndex}`),
          )
          expect(new Set(keys).size).toBe(keys.length)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('refuses blocks that do not continue the replica', () => {
    const t = run([{ type: 'mint', who: 0 }, { type: 'seal' }, { type: 'mint', who: 0 }])
    const replica = new Replica()
    expect(() => planBatch(replica.input(t.blocks.slice(1)))).toThrow(/continues the replica/)
    expect(() =>
      planBatch(replica.input([t.blocks[0] as BlockEvents, t.blocks[0] as BlockEvents])),
    ).toThrow(/continues the replica/)
  })

  it('skips pet events the replica already has (a duplicate) and counts them', () => {
    const t = run([
      { type: 'mint', who: 0 },
      { type: 'seal' },
      { type: 'feed', who: 0, pet: 0, play: false },
    ])
    const ahead = replicate(t.blocks, [2])
    // A replica that already holds everything, planned from before block 1: all pet events are duplicates.
    const replay = new Replica()
    replay.pets = new Map(ahead.pets)
    const result = planBatch(replay.input(t.blocks))
    if (result.type !== 'ready') throw new Error('expected ready')
    expect(result.counts.applied).toBe(0)
    expect(result.counts.duplicates).toBe(result.write.changes.length)
    expect(result.write.pets).toEqual([])
  })

  it('reports a version gap, and with the chain’s state at that block repairs it', () => {
    const t = run([
      { type: 'mint', who: 0 },
      { type: 'seal' },
      { type: 'feed', who: 0, pet: 0, play: false },
      { type: 'seal' },
      { type: 'feed', who: 0, pet: 0, play: true },
      { type: 'rename', who: 0, pet: 0, stale: false },
    ])
    const replica = replicate(t.blocks.slice(0, 1), [1])
    // Block 2 is lost: the replica sees block 3's version 4 on top of version 1.
    const lost = [t.blocks[2] as BlockEvents]
    const behind = { ...replica, checkpoint: { number: 2, hash: t.blocks[1]?.hash as Uint8Array } }
    const input = replica.input.call(behind, lost)
    const result = planBatch(input)
    expect(result).toEqual({
      type: 'gaps',
      gaps: [{ blockNumber: 3, blockHash: lost[0]?.hash, petId: 0, expected: 2, found: 3 }],
    })
    const end = t.chainState().pets.get(0)
    if (end === undefined) throw new Error('no pet')
    const repaired = planBatch({
      ...input,
      repairs: new Map([[repairKey(3, 0), { ...end, updatedAtBlock: 3 }]]),
    })
    if (repaired.type !== 'ready') throw new Error('expected ready')
    expect(repaired.write.repairs).toEqual([
      { blockNumber: 3, petId: 0, expected: 2, found: 3, repairedTo: 4 },
    ])
    expect(repaired.write.pets).toEqual([{ ...end, updatedAtBlock: 3 }])
    // The rest of block 3's events for the pet are in the repaired state: none applied on top.
    expect(repaired.counts.applied).toBe(0)
  })

  it('queues one delivery per interested hook with an endpoint, by priority, keyed pet:version:aspect', () => {
    const t = setup()
    t.chain.apply(
      ACCOUNTS[0] as Uint8Array,
      critterCall('register_sync_hook', { interests: 0xff, priority: 5 }),
    )
    t.chain.apply(
      ACCOUNTS[1] as Uint8Array,
      critterCall('register_sync_hook', { interests: 0x01, priority: 200 }),
    )
    t.chain.apply(
      ACCOUNTS[2] as Uint8Array,
      critterCall('register_sync_hook', { interests: 0xff, priority: 100 }),
    )
    t.seal()
    t.chain.apply(
      ACCOUNTS[0] as Uint8Array,
      critterCall('mint_pet_nft', { species: utf8('cat'), name: utf8('Tom') }),
    )
    t.seal()
    const replica = new Replica()
    const targets = new Map([
      [0, { ack: true }],
      [1, { ack: false }],
    ])
    const result = planBatch(replica.input(t.blocks, { targets }))
    if (result.type !== 'ready') throw new Error('expected ready')
    expect(
      result.write.deliveries.map(d => [d.hookId, d.idempotencyKey, d.priority, d.ack]),
    ).toEqual([
      [1, '0:1:BasicInfo', 200, false],
      [0, '0:1:BasicInfo', 5, true],
    ])
    expectSame(
      (() => {
        replica.apply(result.write, result.hooks)
        return replica
      })(),
      t.chainState(),
    )
  })
})

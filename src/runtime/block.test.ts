import { describe, expect, test } from 'vitest'
import { alice, bob } from '../../test/helpers/accounts.ts'
import { decode, utf8, vec } from '../primitives/index.ts'
import {
  type AnyPallet,
  beginBlock,
  buildGenesis,
  createCritterNfts,
  createMemoryBackend,
  createRuntime,
  critterCall,
  RuntimeFault,
  SystemCall,
} from './index.ts'

const setup = (blockHashCount?: number) => {
  const critter = createCritterNfts()
  const runtime = createRuntime({
    pallets: [critter.pallet],
    ...(blockHashCount === undefined ? {} : { blockHashCount }),
  })
  const backend = createMemoryBackend()
  backend.apply(buildGenesis(runtime, { accounts: [alice] }))
  return { critter, runtime, backend }
}
const mint = critterCall('mint_pet_nft', { species: utf8('cat'), name: utf8('Tom') })
const signed = (who: Uint8Array) => ({ type: 'Signed' as const, value: who })

describe('applyExtrinsic', () => {
  test('checks the nonce: stale and future transactions are invalid and change nothing', () => {
    const { runtime, backend } = setup()
    const block = beginBlock(runtime, backend, { number: 1, parentHash: new Uint8Array(32) })
    const future = { type: 'Err', value: { type: 'Invalid', value: { type: 'Future' } } }
    expect(block.applyExtrinsic({ origin: signed(alice), nonce: 1, call: mint })).toEqual(future)
    expect(block.applyExtrinsic({ origin: signed(alice), nonce: 0, call: mint }).type).toBe('Ok')
    expect(block.applyExtrinsic({ origin: signed(alice), nonce: 0, call: mint })).toEqual({
      type: 'Err',
      value: { type: 'Invalid', value: { type: 'Stale' } },
    })
    // A signed extrinsic always carries its nonce (the type says so too): a caller bug, not a state change.
    expect(() => block.applyExtrinsic({ origin: signed(alice), call: mint } as never)).toThrow(
      RuntimeFault,
    )
    expect(runtime.system.account(block.context, alice).nonce).toBe(1)
    expect(block.finalize().extrinsicCount).toBe(1)
  })

  test('a failed call still counts its nonce and records ExtrinsicFailed with the module error', () => {
    const { runtime, backend } = setup()
    const block = beginBlock(runtime, backend, { number: 1, parentHash: new Uint8Array(32) })
    const transfer = critterCall('transfer_pet_nft', { recipient: alice, pet_id: 0 })
    const result = block.applyExtrinsic({ origin: signed(bob), nonce: 0, call: transfer })
    expect(result.type === 'Ok' && result.value.type).toBe('Err')
    expect(runtime.system.account(block.context, bob)).toMatchObject({ nonce: 1, providers: 1 })
    const events = block.context.events
    expect(
      events.map(e => [e.phase, `${e.event.type}.${(e.event.value as { type: string }).type}`]),
    ).toEqual([
      [{ type: 'ApplyExtrinsic', value: 0 }, 'System.NewAccount'],
      [{ type: 'ApplyExtrinsic', value: 0 }, 'System.ExtrinsicFailed'],
    ])
    const failed = events[1]?.event.value as {
      value: { dispatch_error: Parameters<typeof runtime.describeError>[0] }
    }
    expect(runtime.describeError(failed.value.dispatch_error)).toBe('CritterNfts.PetNotFound')
  })

  test('events carry the extrinsic index as phase; pallet events precede ExtrinsicSuccess', () => {
    const { runtime, backend } = setup()
    const block = beginBlock(runtime, backend, { number: 1, parentHash: new Uint8Array(32) })
    block.applyExtrinsic({ origin: signed(alice), nonce: 0, call: mint })
    block.applyExtrinsic({ origin: signed(alice), nonce: 1, call: mint })
    const labels = block.context.events.map(e => [
      e.phase.type === 'ApplyExtrinsic' ? e.phase.value : -1,
      (e.event.value as { type: string }).type,
    ])
    expect(labels).toEqual([
      [0, 'PetNftMinted'],
      [0, 'PetStateSynchronized'],
      [0, 'ExtrinsicSuccess'],
      [1, 'PetNftMinted'],
      [1, 'PetStateSynchronized'],
      [1, 'ExtrinsicSuccess'],
    ])
  })

  test('root and unsigned origins are refused by signed-only calls with BadOrigin', () => {
    const { runtime, backend } = setup()
    const block = beginBlock(runtime, backend, { number: 1, parentHash: new Uint8Array(32) })
    for (const origin of [{ type: 'Root' as const }, { type: 'None' as const }]) {
      expect(block.applyExtrinsic({ origin, call: mint })).toEqual({
        type: 'Ok',
        value: { type: 'Err', value: { type: 'BadOrigin' } },
      })
    }
  })
})

describe('block lifecycle', () => {
  test('finalize writes the events once as System.Events; the next block clears them and records hashes', () => {
    const { runtime, backend } = setup()
    const parent = new Uint8Array(32).fill(7)
    const one = beginBlock(runtime, backend, { number: 1, parentHash: parent })
    one.applyExtrinsic({ origin: signed(alice), nonce: 0, call: mint })
    const done = one.finalize()
    backend.apply(done.changes)
    const s = runtime.system.storage
    const stored = backend.get(s.Events.storageKey)
    expect(stored).toBeDefined()
    expect(decode(vec(runtime.EventRecord), stored as Uint8Array)).toEqual(done.events)
    expect(s.EventCount.get(backend as never)).toBe(done.events.length)
    expect(s.Number.get(backend as never)).toBe(1)
    expect(s.ParentHash.get(backend as never)).toEqual(parent)
    expect(done.events[0]?.topics.length).toBe(2)

    const two = beginBlock(runtime, backend, { number: 2, parentHash: new Uint8Array(32).fill(9) })
    expect(s.Events.get(two.context.storage)).toEqual([])
    expect(s.BlockHash.get(two.context.storage, 1)).toEqual(new Uint8Array(32).fill(9))
    expect(s.BlockHash.get(two.context.storage, 0)).toEqual(parent)
  })

  test('keeps the last BlockHashCount block hashes, and the genesis hash forever (as Substrate does)', () => {
    const { runtime, backend } = setup(3)
    for (let n = 1; n <= 8; n++) {
      backend.apply(
        beginBlock(runtime, backend, {
          number: n,
          parentHash: new Uint8Array(32).fill(n),
        }).finalize().changes,
      )
    }
    const kept = [...runtime.system.storage.BlockHash.entries(backend as never)]
      .map(([n]) => n)
      .sort((a, b) => a - b)
    expect(kept).toEqual([0, 5, 6, 7])
  })

  test('a finalized block accepts nothing more', () => {
    const { runtime, backend } = setup()
    const block = beginBlock(runtime, backend, { number: 1, parentHash: new Uint8Array(32) })
    block.finalize()
    expect(() => block.finalize()).toThrow(RuntimeFault)
    expect(() => block.applyExtrinsic({ origin: signed(alice), nonce: 0, call: mint })).toThrow(
      RuntimeFault,
    )
  })

  test('genesis creates the given accounts and pets without events', () => {
    const critter = createCritterNfts()
    const runtime = createRuntime({ pallets: [critter.pallet] })
    const backend = createMemoryBackend()
    backend.apply(
      buildGenesis(runtime, {
        accounts: [alice],
        builders: [
          critter.genesis({ pets: [{ owner: bob, species: utf8('owl'), name: utf8('Hoot') }] }),
        ],
      }),
    )
    const io = backend as never
    expect(runtime.system.storage.Account.get(io, alice).providers).toBe(1)
    expect(critter.storage.PetNfts.get(io, 0)).toMatchObject({
      state_version: 1,
      last_state_update_block: 0,
    })
    expect(critter.storage.OwnerOfPet.get(io, bob)).toEqual([0])
    expect(runtime.system.storage.Events.get(io)).toEqual([])
  })
})

describe('faults while applying', () => {
  test('a call that throws leaves no trace: nonce, events and extrinsic index are as before', () => {
    const faulty: AnyPallet = {
      name: 'Faulty',
      index: 40,
      docs: [],
      storage: undefined,
      calls: SystemCall as never,
      events: undefined,
      errors: undefined,
      constants: {},
      weigh: () => ({ ref_time: 1n, proof_size: 0n }),
      dispatch: () => {
        throw new RuntimeFault('broken pallet')
      },
    }
    const critter = createCritterNfts()
    const runtime = createRuntime({ pallets: [critter.pallet, faulty] })
    const backend = createMemoryBackend()
    backend.apply(buildGenesis(runtime))
    const block = beginBlock(runtime, backend, { number: 1, parentHash: new Uint8Array(32) })
    const call = { type: 'Faulty', value: { type: 'remark', value: { remark: new Uint8Array() } } }
    expect(() => block.applyExtrinsic({ origin: signed(bob), nonce: 0, call })).toThrow(
      RuntimeFault,
    )
    expect(runtime.system.account(block.context, bob).nonce).toBe(0)
    expect(block.context.events).toEqual([])
    block.applyExtrinsic({ origin: signed(bob), nonce: 0, call: mint })
    expect(
      block.context.events.every(e => e.phase.type === 'ApplyExtrinsic' && e.phase.value === 0),
    ).toBe(true)
    expect(block.finalize().extrinsicCount).toBe(1)
  })

  test('a call of no composed pallet is refused before any state changes', () => {
    const { runtime, backend } = setup()
    const block = beginBlock(runtime, backend, { number: 1, parentHash: new Uint8Array(32) })
    const call = { type: 'Nowhere', value: {} }
    expect(() => block.applyExtrinsic({ origin: signed(alice), nonce: 0, call })).toThrow(
      RuntimeFault,
    )
    expect(runtime.system.account(block.context, alice).nonce).toBe(0)
  })

  test('the runtime refuses an unusable blockHashCount or version number', () => {
    const critter = createCritterNfts()
    for (const blockHashCount of [0, -1, 1.5]) {
      expect(() => createRuntime({ pallets: [critter.pallet], blockHashCount })).toThrow(
        RuntimeFault,
      )
    }
    expect(() => createRuntime({ pallets: [critter.pallet], specVersion: -1 })).toThrow(
      RuntimeFault,
    )
    expect(() => createRuntime({ pallets: [critter.pallet], transactionVersion: 2 ** 32 })).toThrow(
      RuntimeFault,
    )
  })
})

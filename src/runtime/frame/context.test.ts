import { describe, expect, test } from 'vitest'
import { compactU32, concatBytes, EncodeError, encode, utf8 } from '../../primitives/index.ts'
import { createContext } from '../block.ts'
import { createCritterNfts } from '../critter-nfts/index.ts'
import { createRuntime } from '../runtime.ts'
import { createMemoryBackend } from '../storage/memory-backend.ts'
import { StorageOverlay } from '../storage/overlay.ts'
import { ExecutionContext } from './context.ts'
import { fail, OK } from './dispatch.ts'

const runtime = createRuntime({ pallets: [createCritterNfts().pallet] })

/** A block's context, or (`plain`) one that only has the required encoder and keeps records. */
const setup = (plain = false) => {
  const storage = new StorageOverlay(createMemoryBackend())
  const ctx = plain
    ? new ExecutionContext({
        storage,
        blockNumber: 1,
        parentHash: new Uint8Array(32),
        encodeEvent: record => encode(runtime.EventRecord, record),
      })
    : createContext(runtime, storage, 1, new Uint8Array(32))
  const remark = (n: number) => {
    const record = {
      type: 'Remarked',
      value: { sender: new Uint8Array(32).fill(n), hash: new Uint8Array(32) },
    }
    ctx.deposit('System', record, [new Uint8Array(32).fill(n)])
    return {
      phase: ctx.phase,
      event: { type: 'System', value: record },
      topics: [new Uint8Array(32).fill(n)],
    }
  }
  return { ctx, remark }
}

describe('ExecutionContext events', () => {
  test('records read back equal to what was deposited, in order, however often they are read', () => {
    const { ctx, remark } = setup()
    const first = remark(1)
    expect(ctx.events).toEqual([first])
    ctx.phase = { type: 'ApplyExtrinsic', value: 3 }
    const second = remark(2)
    expect(ctx.events).toEqual([first, second])
    expect(ctx.events[0]).toBe(ctx.events[0])
    expect(ctx.encodedEvents.length).toBe(2)
  })

  test('a reverted layer drops its events whether or not they were read', () => {
    const { ctx, remark } = setup()
    const kept = remark(1)
    ctx.transactional(() => {
      remark(2)
      expect(ctx.events.length).toBe(2)
      return fail({ type: 'BadOrigin' })
    })
    expect(ctx.events).toEqual([kept])
    ctx.transactional(() => {
      remark(3)
      return fail({ type: 'BadOrigin' })
    })
    const later = remark(4)
    expect(ctx.events).toEqual([kept, later])
    expect(ctx.encodedEvents.length).toBe(2)
    expect(ctx.transactional(() => OK)).toBe(OK)
  })

  test('encodings join into System.Events; views handed out keep their bytes across a revert', () => {
    const { ctx, remark } = setup()
    remark(1)
    let held: readonly Uint8Array[] = []
    ctx.transactional(() => {
      remark(2)
      held = ctx.encodedEvents.map(bytes => bytes)
      return fail({ type: 'BadOrigin' })
    })
    const before = held.map(bytes => bytes.slice())
    // Enough records to fill more than one chunk.
    for (let i = 0; i < 1_000; i++) remark(3 + (i % 200))
    expect(held).toEqual(before)
    const views = ctx.encodedEvents
    expect(ctx.eventCount).toBe(1_001)
    expect(views.length).toBe(1_001)
    expect(ctx.encodedEventVec()).toEqual(concatBytes(encode(compactU32, 1_001), ...views))
    expect(views[0]).toEqual(held[0])
  })

  test('a revert across many records leaves exactly the records before it', () => {
    const { ctx, remark } = setup()
    for (let i = 0; i < 700; i++) remark(i % 250)
    const before = ctx.encodedEventVec()
    ctx.transactional(() => {
      for (let i = 0; i < 1_500; i++) remark(i % 250)
      return fail({ type: 'BadOrigin' })
    })
    expect(ctx.encodedEventVec()).toEqual(before)
    expect(ctx.eventCount).toBe(700)
    for (let i = 0; i < 800; i++) remark(7)
    expect(ctx.eventCount).toBe(1_500)
    expect(ctx.encodedEventVec()).toEqual(
      concatBytes(encode(compactU32, 1_500), ...ctx.encodedEvents),
    )
    expect(ctx.events.length).toBe(1_500)
  })

  test.each([false, true])(
    'an event that does not fit its type throws where it is deposited and is not kept (plain %s)',
    plain => {
      const { ctx, remark } = setup(plain)
      expect(() =>
        ctx.deposit('System', { type: 'Remarked', value: { sender: utf8('x') } }),
      ).toThrow()
      expect(ctx.events).toEqual([])
      expect(ctx.encodedEvents).toEqual([])
      const kept = remark(9)
      expect(ctx.events).toEqual([kept])
      expect(ctx.encodedEventVec()).toEqual(
        concatBytes(encode(compactU32, 1), encode(runtime.EventRecord, kept as never)),
      )
    },
  )

  test('records are encoded exactly as the runtime EventRecord encodes them', () => {
    const { ctx } = setup()
    const phases = [
      { type: 'Initialization' },
      { type: 'ApplyExtrinsic', value: 70_000 },
      { type: 'Finalization' },
    ] as const
    const events = [
      ['System', { type: 'NewAccount', value: { account: new Uint8Array(32).fill(3) } }],
      [
        'System',
        {
          type: 'ExtrinsicSuccess',
          value: {
            dispatch_info: {
              weight: { ref_time: 2n ** 40n, proof_size: 7n },
              class: 'Normal',
              pays_fee: 'Yes',
            },
          },
        },
      ],
      [
        'CritterNfts',
        {
          type: 'PetStateSynchronized',
          value: {
            pet_id: 9,
            version: 2,
            block_number: 1,
            change_type: 'Mood',
            successful_hooks: 0,
            failed_hooks: 1,
          },
        },
      ],
    ] as const
    const expected: Uint8Array[] = []
    for (const phase of phases) {
      ctx.phase = phase
      for (const [pallet, event] of events) {
        const topics = [new Uint8Array(32).fill(expected.length)]
        ctx.deposit(pallet, event, topics)
        expected.push(
          encode(runtime.EventRecord, { phase, event: { type: pallet, value: event }, topics }),
        )
      }
    }
    expect(ctx.encodedEvents).toEqual(expected)
    const unknown = { phase: phases[0], event: { type: 'Nope', value: 1 }, topics: [] }
    let generic: unknown
    try {
      encode(runtime.EventRecord, unknown)
    } catch (error) {
      generic = error
    }
    expect(generic).toBeInstanceOf(EncodeError)
    expect(() => ctx.deposit('Nope', 1)).toThrow(generic as Error)
    expect(ctx.eventCount).toBe(expected.length)
  })

  test('a context without a decoder keeps the records it was given', () => {
    const { ctx, remark } = setup(true)
    const first = remark(1)
    expect(ctx.events).toEqual([first])
    expect(ctx.events[0]?.topics).toEqual(first.topics)
    expect(ctx.encodedEvents).toEqual([encode(runtime.EventRecord, first as never)])
  })
})

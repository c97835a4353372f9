// Acceptance: unmodified @subsquid/substrate-processor 8.5.1 indexes a fresh chain of our node
// over RPC (no archive). We populate the chain first with every critter call (and a failing one),
// signed and submitted with polkadot-api; then a squid selects every CritterNfts event with its
// extrinsic and call, and must exit at the range's end with each event decoded and linked to the
// extrinsic whose hash is blake2_256 of the bytes we submitted (substrate-wire.md sections 1.2, 3).
import { stringToU8a, u8aToHex } from '@polkadot/util'
import { blake2AsHex } from '@polkadot/util-crypto'
import { Binary, type Transaction, type TxFinalizedPayload } from 'polkadot-api'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestNode, type TestNode } from './helpers/node.ts'
import { type CritterPapiApi, critterApi, eventsOf } from './helpers/papi-api.ts'
import { connectPapi, type PapiAccount, papiAccount } from './helpers/papi-client.ts'
import type { SquidEventRecord } from './helpers/squid-processor.ts'
import { runSquid, type SquidRun } from './helpers/squid-run.ts'

/** Every CritterNfts event in the metadata, as Subsquid names them. */
const CRITTER_EVENTS = [
  'PetNftMinted',
  'PetNftTransferred',
  'PetNftMetadataUpdated',
  'PetFed',
  'PetPlayedWith',
  'PetLeveledUp',
  'PetNeglected',
  'NftLocked',
  'NftUnlocked',
  'PetStateSynchronized',
  'HookRegistered',
  'HookUnregistered',
  'HookEnabled',
  'HookDisabled',
  'HookInterestsUpdated',
  'HookExecutionFailed',
  'SyncAcknowledged',
].map(name => `CritterNfts.${name}`)
/**
 * Events no extrinsic can cause in this runtime: locks come from other pallets through the
 * NftManager, and HookExecutionFailed from runtime hooks, neither of which the node composes.
 */
const UNREACHABLE = new Set(['NftLocked', 'NftUnlocked', 'HookExecutionFailed'])
/** ConcurrentModification's index in the CritterNfts error enum, as ModuleError.error bytes. */
const CONCURRENT_MODIFICATION = '0x0e000000'

const text = (s: string) => u8aToHex(stringToU8a(s))

/** One scripted call: who signs it, the call, and the critter events it must produce. */
interface Step {
  readonly label: string
  readonly by: 'alice' | 'bob'
  readonly call: string
  readonly tx: (api: CritterPapiApi, bob: PapiAccount) => Transaction
  readonly ok: boolean
  /** `[event name, args subset]` given the block the call landed in. */
  readonly events: (block: number, alice: string, bob: string) => [string, object][]
}

const STEPS: Step[] = [
  {
    label: 'mint',
    by: 'alice',
    call: 'mint_pet_nft',
    tx: api =>
      api.tx.CritterNfts.mint_pet_nft({
        species: Binary.fromText('dragon'),
        name: Binary.fromText('Rex'),
      }),
    ok: true,
    events: (b, alice) => [
      [
        'PetNftMinted',
        {
          owner: alice,
          petId: 0,
          species: text('dragon'),
          name: text('Rex'),
          version: 1,
          blockNumber: b,
        },
      ],
    ],
  },
  {
    label: 'batch mint',
    by: 'alice',
    call: 'batch_mint_pet_nfts',
    tx: api =>
      api.tx.CritterNfts.batch_mint_pet_nfts({
        pets: [
          [Binary.fromText('cat'), Binary.fromText('Tom')],
          [Binary.fromText('owl'), Binary.fromText('Hoot')],
        ],
      }),
    ok: true,
    events: (b, alice) => [
      ['PetNftMinted', { owner: alice, petId: 1, name: text('Tom'), version: 1, blockNumber: b }],
      ['PetNftMinted', { owner: alice, petId: 2, name: text('Hoot'), version: 1, blockNumber: b }],
    ],
  },
  {
    label: 'register hook 0',
    by: 'alice',
    call: 'register_sync_hook',
    tx: api => api.tx.CritterNfts.register_sync_hook({ interests: 0xff, priority: 5 }),
    ok: true,
    events: (_b, alice) => [
      ['HookRegistered', { hookId: 0, accountId: alice, interests: 0xff, priority: 5 }],
    ],
  },
  {
    label: 'update metadata',
    by: 'alice',
    call: 'update_pet_metadata',
    tx: api =>
      api.tx.CritterNfts.update_pet_metadata({
        pet_id: 0,
        name: Binary.fromText('Rexy'),
        personality_traits: [Binary.fromText('brave')],
        expected_version: 1,
      }),
    ok: true,
    events: (b, alice) => [
      [
        'PetNftMetadataUpdated',
        {
          owner: alice,
          petId: 0,
          newName: text('Rexy'),
          newTraits: [text('brave')],
          version: 2,
          blockNumber: b,
        },
      ],
      ['PetStateSynchronized', { petId: 0, version: 2, blockNumber: b, successfulHooks: 1 }],
    ],
  },
  {
    label: 'batch update',
    by: 'alice',
    call: 'batch_update_pet_metadata',
    tx: api =>
      api.tx.CritterNfts.batch_update_pet_metadata({
        updates: [
          {
            pet_id: 0,
            name: Binary.fromText('Rex II'),
            personality_traits: undefined,
            expected_version: 2,
          },
          {
            pet_id: 1,
            name: undefined,
            personality_traits: [Binary.fromText('calm')],
            expected_version: 1,
          },
        ],
      }),
    ok: true,
    events: b => [
      ['PetNftMetadataUpdated', { petId: 0, newName: text('Rex II'), version: 3, blockNumber: b }],
      [
        'PetNftMetadataUpdated',
        { petId: 1, newTraits: [text('calm')], version: 2, blockNumber: b },
      ],
    ],
  },
  {
    label: 'transfer',
    by: 'alice',
    call: 'transfer_pet_nft',
    tx: (api, bob) => api.tx.CritterNfts.transfer_pet_nft({ recipient: bob.address, pet_id: 2 }),
    ok: true,
    events: (b, alice, bob) => [
      ['PetNftTransferred', { from: alice, to: bob, petId: 2, version: 2, blockNumber: b }],
    ],
  },
  {
    label: 'feed (levels up: FeedXpGain is 100)',
    by: 'alice',
    call: 'feed_pet',
    tx: api => api.tx.CritterNfts.feed_pet({ pet_id: 0, food_item_id: 7 }),
    ok: true,
    events: (b, alice) => [
      [
        'PetFed',
        { owner: alice, petId: 0, foodItemId: 7, xpGain: 100, version: 4, blockNumber: b },
      ],
      ['PetLeveledUp', { petId: 0, oldLevel: 1, newLevel: 2, version: 4, blockNumber: b }],
    ],
  },
  {
    label: 'play',
    by: 'alice',
    call: 'play_with_pet',
    tx: api => api.tx.CritterNfts.play_with_pet({ pet_id: 0, toy_item_id: 3 }),
    ok: true,
    events: (b, alice) => [
      ['PetPlayedWith', { owner: alice, petId: 0, toyItemId: 3, version: 5, blockNumber: b }],
    ],
  },
  {
    label: 'neglect check (by anyone: Bob, on Alice’s pet 1)',
    by: 'bob',
    call: 'apply_neglect_check',
    tx: api => api.tx.CritterNfts.apply_neglect_check({ pet_id: 1 }),
    ok: true,
    events: b => [
      ['PetNeglected', { petId: 1, oldMood: 100, newMood: 90, version: 3, blockNumber: b }],
    ],
  },
  {
    label: 'disable hook 0',
    by: 'alice',
    call: 'set_hook_enabled',
    tx: api => api.tx.CritterNfts.set_hook_enabled({ hook_id: 0, enabled: false }),
    ok: true,
    events: () => [['HookDisabled', { hookId: 0 }]],
  },
  {
    label: 'enable hook 0',
    by: 'alice',
    call: 'set_hook_enabled',
    tx: api => api.tx.CritterNfts.set_hook_enabled({ hook_id: 0, enabled: true }),
    ok: true,
    events: () => [['HookEnabled', { hookId: 0 }]],
  },
  {
    label: 'hook 0 interests',
    by: 'alice',
    call: 'update_hook_interests',
    tx: api => api.tx.CritterNfts.update_hook_interests({ hook_id: 0, interests: 0x7f }),
    ok: true,
    events: () => [['HookInterestsUpdated', { hookId: 0, interests: 0x7f }]],
  },
  {
    label: 'acknowledge sync',
    by: 'alice',
    call: 'acknowledge_sync',
    tx: api => api.tx.CritterNfts.acknowledge_sync({ pet_id: 0, flags: 0x01, version: 5 }),
    ok: true,
    events: (b, alice) => [
      [
        'SyncAcknowledged',
        { petId: 0, accountId: alice, hookId: 0, flags: 0x01, version: 5, blockNumber: b },
      ],
    ],
  },
  {
    label: 'register hook 1',
    by: 'alice',
    call: 'register_sync_hook',
    tx: api => api.tx.CritterNfts.register_sync_hook({ interests: 0x01, priority: 1 }),
    ok: true,
    events: (_b, alice) => [['HookRegistered', { hookId: 1, accountId: alice, interests: 0x01 }]],
  },
  {
    label: 'unregister hook 1',
    by: 'alice',
    call: 'unregister_sync_hook',
    tx: api => api.tx.CritterNfts.unregister_sync_hook({ hook_id: 1 }),
    ok: true,
    events: (_b, alice) => [['HookUnregistered', { hookId: 1, accountId: alice }]],
  },
  {
    label: 'failing update (stale expected_version)',
    by: 'alice',
    call: 'update_pet_metadata',
    tx: api =>
      api.tx.CritterNfts.update_pet_metadata({
        pet_id: 0,
        name: Binary.fromText('Nope'),
        personality_traits: undefined,
        expected_version: 1,
      }),
    ok: false,
    events: () => [],
  },
]

/** A step as it happened: the bytes we submitted, their hash, and PAPI's view of the outcome. */
interface Submitted {
  readonly step: Step
  readonly hash: string
  readonly result: TxFinalizedPayload
}

let node: TestNode
let submitted: Submitted[] = []
let alice: PapiAccount
let bob: PapiAccount
let lastBlock = 0
let squid: SquidRun

beforeAll(async () => {
  node = await startTestNode({ critter: { FeedXpGain: 100, NeglectThresholdBlocks: 1 } })
  alice = await papiAccount('//Alice')
  bob = await papiAccount('//Bob')
  const client = connectPapi(node.url)
  try {
    const api = critterApi(client)
    const accounts = { alice, bob }
    submitted = []
    for (const step of STEPS) {
      const bytes = await step.tx(api, bob).sign(accounts[step.by].signer)
      const result = await client.submit(bytes)
      submitted.push({ step, hash: blake2AsHex(bytes, 256), result })
    }
    lastBlock = (await client.getFinalizedBlock()).number
  } finally {
    client.destroy()
  }
  squid = await runSquid({
    url: node.url,
    to: lastBlock,
    events: [...CRITTER_EVENTS, 'System.ExtrinsicFailed'],
    calls: [...new Set(STEPS.map(step => `CritterNfts.${step.call}`))],
    timeoutMs: 40_000,
  })
}, 60_000)

afterAll(async () => {
  await node?.close()
})

/** The squid's events that came from one submitted extrinsic. */
const squidEventsOf = (s: Submitted): SquidEventRecord[] =>
  squid.events.filter(
    e => e.block.height === s.result.block.number && e.extrinsicIndex === s.result.block.index,
  )

describe('@subsquid/substrate-processor 8.5.1 over RPC', () => {
  test('the chain was populated as scripted (PAPI saw each outcome)', () => {
    expect(submitted.map(s => [s.step.label, s.result.ok])).toEqual(
      STEPS.map(step => [step.label, step.ok]),
    )
    for (const s of submitted) expect(s.result.txHash).toBe(s.hash)
  })

  test('the processor exits 0 once it has committed the last block of the range', () => {
    expect(squid.exit, squid.log).toBe(0)
    expect(squid.commits.at(-1)?.height, squid.log).toBe(lastBlock)
  })

  test('every critter event arrives decoded, linked to its extrinsic (hash, success) and call', () => {
    const hexAlice = u8aToHex(alice.publicKey)
    const hexBob = u8aToHex(bob.publicKey)
    for (const s of submitted) {
      const block = s.result.block.number
      const events = squidEventsOf(s).filter(e => e.name.startsWith('CritterNfts.'))
      const papiCount = eventsOf(s.result.events, 'CritterNfts').length
      expect(events.length, `${s.step.label}: critter events`).toBe(papiCount)
      for (const [name, args] of s.step.events(block, hexAlice, hexBob)) {
        const match = events.filter(e => e.name === `CritterNfts.${name}` && isSubset(args, e.args))
        expect(
          match.length,
          `${s.step.label}: ${name} ${JSON.stringify(args)} in ${JSON.stringify(events)}`,
        ).toBeGreaterThan(0)
      }
      for (const e of events) {
        expect(e.phase).toBe('ApplyExtrinsic')
        expect(e.extrinsic, s.step.label).toMatchObject({
          index: s.result.block.index,
          hash: s.hash,
          success: s.step.ok,
          signed: true,
          call: { name: `CritterNfts.${s.step.call}`, success: true },
        })
        expect(e.call, s.step.label).toMatchObject({
          name: `CritterNfts.${s.step.call}`,
          success: s.step.ok,
        })
      }
    }
  })

  test('call args are decoded too', () => {
    const [mint] = squidEventsOf(submitted[0] as Submitted)
    expect(mint?.call?.args).toEqual({ species: text('dragon'), name: text('Rex') })
    const transfer = submitted.find(s => s.step.call === 'transfer_pet_nft') as Submitted
    expect(squidEventsOf(transfer)[0]?.call?.args).toEqual({
      recipient: u8aToHex(bob.publicKey),
      petId: 2,
    })
  })

  test('every event a call can cause was seen at least once', () => {
    const seen = new Set(squid.events.map(e => e.name))
    const reachable = CRITTER_EVENTS.filter(n => !UNREACHABLE.has(n.slice('CritterNfts.'.length)))
    expect(reachable.filter(n => !seen.has(n))).toEqual([])
  })

  test('the failing call: ExtrinsicFailed with the module error, extrinsic not successful', () => {
    const failed = submitted.at(-1) as Submitted
    expect(failed.result.ok).toBe(false)
    const events = squidEventsOf(failed)
    expect(events.map(e => e.name)).toEqual(['System.ExtrinsicFailed'])
    expect(events[0]?.args).toMatchObject({
      dispatchError: { __kind: 'Module', value: { index: 8, error: CONCURRENT_MODIFICATION } },
    })
    expect(events[0]?.extrinsic).toMatchObject({
      index: failed.result.block.index,
      hash: failed.hash,
      success: false,
      signed: true,
      call: {
        name: 'CritterNfts.update_pet_metadata',
        success: false,
        error: { __kind: 'Module', value: { index: 8, error: CONCURRENT_MODIFICATION } },
      },
    })
  })
})

/** Whether every field of `expected` is deep-equal to the same field of `actual`. */
const isSubset = (expected: object, actual: unknown): boolean => {
  if (typeof actual !== 'object' || actual === null) return false
  return Object.entries(expected).every(([key, value]) => {
    const other = (actual as Record<string, unknown>)[key]
    return JSON.stringify(value) === JSON.stringify(other)
  })
}

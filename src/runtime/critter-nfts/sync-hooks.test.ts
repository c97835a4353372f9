import { describe, expect, test } from 'vitest'
import {
  createActivityPallet,
  createAuditPallet,
  createEscrowPallet,
  createGreedyHook,
} from '../../../test/fixtures/pallets.ts'
import { alice, bob } from '../../../test/helpers/accounts.ts'
import {
  createCritterChain,
  expectCritterError,
  expectOk,
} from '../../../test/helpers/critter-chain.ts'
import { utf8 } from '../../primitives/index.ts'
import {
  createCritterNfts,
  critterErrors,
  fail,
  flagOf,
  hookTargets,
  InvalidConfigError,
  type NftManager,
  OK,
  type PetStateChangeHook,
  RuntimeFault,
} from '../index.ts'

const withHooks = () => {
  const activity = createActivityPallet()
  const audit = createAuditPallet()
  let nfts: NftManager | undefined
  const greedy = createGreedyHook(() => nfts as NftManager)
  const t = createCritterChain({
    hooks: [audit.hook, activity.hook, greedy],
    extraPallets: manager => {
      nfts = manager
      return [createEscrowPallet(manager)]
    },
  })
  return { t, activity, audit }
}

describe('runtime hooks', () => {
  test('run for changes they are interested in and write their own storage', () => {
    const { t, activity, audit } = withHooks()
    t.mint(alice)
    expect(t.chain.read(io => activity.storage.Changes.get(io, 0))).toBe(1)
    expect(t.chain.read(io => activity.storage.LastVersion.get(io, 0))).toBe(1)
    expect(t.chain.read(io => audit.storage.Entries.get(io))).toBe(1)
    const synced = t.critterEvents().find(e => e.type === 'PetStateSynchronized')
    expect(synced?.value).toMatchObject({
      change_type: 'BasicInfo',
      successful_hooks: 2,
      failed_hooks: 0,
    })
  })

  test('a hook returning an error is isolated: its writes revert, the change stands, HookExecutionFailed is emitted', () => {
    const { t, activity, audit } = withHooks()
    t.mint(alice)
    expectOk(t.call(alice, 'transfer_pet_nft', { recipient: bob, pet_id: 0 }))
    expect(t.owner(0)).toEqual(bob)
    expect(t.pet(0)?.state_version).toBe(2)
    expect(t.chain.read(io => audit.storage.Entries.get(io))).toBe(1)
    expect(t.chain.read(io => activity.storage.Changes.get(io, 0))).toBe(2)
    const events = t.critterEvents()
    const failed = events.filter(e => e.type === 'HookExecutionFailed')
    expect(failed).toEqual([
      {
        type: 'HookExecutionFailed',
        value: {
          runtime_hook: 0,
          pet_id: 0,
          change_type: 'Ownership',
          version: 2,
          block_number: 1,
          error: audit.errors.error('OwnershipChangeRefused'),
        },
      },
    ])
    expect(events.at(-1)).toEqual({
      type: 'PetStateSynchronized',
      value: {
        pet_id: 0,
        version: 2,
        block_number: 1,
        change_type: 'Ownership',
        successful_hooks: 1,
        failed_hooks: 1,
      },
    })
  })

  test('a hook that throws is isolated the same way', () => {
    const { t, audit } = createCritterChainWithNeglect()
    t.mint(alice)
    t.chain.seal()
    t.chain.seal()
    t.chain.seal()
    expectOk(t.call(bob, 'apply_neglect_check', { pet_id: 0 }))
    expect(t.pet(0)?.mood_indicator).toBe(90)
    expect(t.chain.read(io => audit.storage.Entries.get(io))).toBe(1)
    const failed = t.critterEvents().find(e => e.type === 'HookExecutionFailed')
    expect(failed?.value).toMatchObject({ change_type: 'Mood', error: { type: 'Other' } })
  })

  test('a hook may not change pets: the attempt fails the hook, not the call', () => {
    const { t } = withHooks()
    t.mint(alice)
    const traits = [utf8('shy')]
    expectOk(
      t.call(alice, 'update_pet_metadata', {
        pet_id: 0,
        name: undefined,
        personality_traits: traits,
        expected_version: 1,
      }),
    )
    expect(t.pet(0)?.state_version).toBe(2)
    expect(t.chain.read(io => t.storage.LockedNfts.contains(io, 0))).toBe(false)
    const failed = t.critterEvents().find(e => e.type === 'HookExecutionFailed')
    expect(failed?.value).toMatchObject({
      runtime_hook: 2,
      change_type: 'Traits',
      error: critterErrors.error('ReentrantPetChange'),
    })
  })

  test('run in priority order, runtime hooks first on ties, then by id', () => {
    const hook = (name: string, priority: number, interests = 0xff): PetStateChangeHook => ({
      name,
      priority,
      interests,
      onPetStateChange: () => OK,
    })
    const runtimeHooks = [
      hook('a', 255, flagOf('Mood')),
      hook('b', 200),
      hook('c', 10),
      hook('d', 10),
    ].map((h, index) => ({ index, hook: h }))
    const info = (priority: number, enabled = true, interests = 0xff) => ({
      account_id: alice,
      interests,
      priority,
      enabled,
      last_execution: 0,
      execution_count: 0,
    })
    // Registered ids 0 and 1 sort below runtime indices 2 and 3: only the kind tie-break puts the
    // runtime hooks first.
    const registered: [number, ReturnType<typeof info>][] = [
      [1, info(10)],
      [0, info(10)],
      [4, info(250)],
      [6, info(255, false)],
      [7, info(255, true, flagOf('Mood'))],
    ]
    const order = hookTargets(runtimeHooks, registered, flagOf('Ownership')).map(
      t => `${t.kind}:${t.id}`,
    )
    expect(order).toEqual([
      'registered:4',
      'runtime:1',
      'runtime:2',
      'runtime:3',
      'registered:0',
      'registered:1',
    ])
  })

  test('a misbehaving hook fails alone: ignored manager errors, bad events, bad results and throws', () => {
    let manager: NftManager | undefined
    const misbehaving: PetStateChangeHook[] = [
      {
        name: 'ignores-errors',
        interests: flagOf('BasicInfo'),
        priority: 90,
        onPetStateChange: (ctx, change) => {
          const nfts = manager as NftManager
          nfts.transfer(ctx, alice, bob, change.petId)
          nfts.lock(ctx, alice, change.petId)
          return OK
        },
      },
      {
        name: 'bad-event',
        interests: flagOf('BasicInfo'),
        priority: 80,
        onPetStateChange: ctx => {
          ctx.deposit('CritterNfts', { type: 'HookEnabled', value: { hook_id: -5 } })
          return OK
        },
      },
      {
        name: 'no-result',
        interests: flagOf('BasicInfo'),
        priority: 70,
        onPetStateChange: () => undefined as never,
      },
      {
        name: 'bad-error',
        interests: flagOf('BasicInfo'),
        priority: 60,
        onPetStateChange: () =>
          fail({ type: 'Module', value: { index: 1, error: new Uint8Array(1) } }),
      },
      {
        name: 'fault',
        interests: flagOf('BasicInfo'),
        priority: 50,
        onPetStateChange: () => {
          throw new RuntimeFault('hook bug')
        },
      },
    ]
    const t = createCritterChain({
      hooks: misbehaving,
      extraPallets: m => {
        manager = m
        return []
      },
    })
    t.mint(alice)
    expect(t.owner(0)).toEqual(alice)
    expect(t.owned(alice)).toEqual([0])
    expect(t.owned(bob)).toEqual([])
    expect(t.chain.read(io => t.storage.LockedNfts.contains(io, 0))).toBe(false)
    expect(t.pet(0)?.state_version).toBe(1)
    const failed = t.critterEvents().filter(e => e.type === 'HookExecutionFailed')
    expect(failed.map(e => e.value.runtime_hook)).toEqual([1, 2, 3, 4])
    expect(failed.map(e => e.value.error)).toEqual([
      { type: 'Other' },
      { type: 'Other' },
      { type: 'Other' },
      { type: 'Other' },
    ])
    const synced = t.critterEvents().find(e => e.type === 'PetStateSynchronized')
    expect(synced?.value).toMatchObject({ successful_hooks: 1, failed_hooks: 4 })
    // The block still finalizes: every event that stayed is encodable.
    expect(t.chain.seal().events.length).toBeGreaterThan(0)
  })

  test('runtime hooks are checked when composed', () => {
    const base = { name: 'x', interests: 1, priority: 1, onPetStateChange: () => OK }
    expect(() => createCritterNfts({ hooks: [{ ...base, priority: 256 }] })).toThrow(
      InvalidConfigError,
    )
    expect(() => createCritterNfts({ hooks: [{ ...base, interests: -1 }] })).toThrow(
      InvalidConfigError,
    )
    expect(() => createCritterNfts({ hooks: Array.from({ length: 257 }, () => base) })).toThrow(
      InvalidConfigError,
    )
  })
})

describe('NftManager', () => {
  test('lock and unlock are versioned changes with events; transfers are refused while locked', () => {
    const { t } = withHooks()
    t.mint(alice)
    const escrow = (type: string, value: unknown) =>
      t.chain.apply(alice, { type: 'Escrow', value: { type, value } })
    expect(escrow('list', { pet_id: 0 })).toEqual({ type: 'Ok', value: { type: 'Ok' } })
    expect(t.pet(0)?.state_version).toBe(2)
    expect((t.pet(0)?.sync_flags ?? 0) & flagOf('Other')).toBe(flagOf('Other'))
    expect(t.critterEvents().find(e => e.type === 'NftLocked')?.value).toEqual({
      owner: alice,
      pet_id: 0,
      version: 2,
      block_number: 1,
    })
    expectCritterError(
      t.call(alice, 'transfer_pet_nft', { recipient: bob, pet_id: 0 }),
      'NftLocked',
    )
    const sell = escrow('sell', { pet_id: 0, buyer: bob })
    expect(sell.type === 'Ok' && sell.value.type).toBe('Err')
    const again = escrow('list', { pet_id: 0 })
    expect(again.type === 'Ok' && again.value.type === 'Err' && again.value.value).toMatchObject({
      type: 'Module',
    })
    expect(escrow('delist', { pet_id: 0 })).toEqual({ type: 'Ok', value: { type: 'Ok' } })
    expect(t.pet(0)?.state_version).toBe(3)
    expect(escrow('sell', { pet_id: 0, buyer: bob })).toEqual({
      type: 'Ok',
      value: { type: 'Ok' },
    })
    expect(t.owner(0)).toEqual(bob)
    expect(t.pet(0)?.state_version).toBe(4)
  })

  test('owner, transferability and typed lock errors', () => {
    let manager: NftManager | undefined
    const t = createCritterChain({
      extraPallets: m => {
        manager = m
        return [createEscrowPallet(m)]
      },
    })
    t.mint(alice)
    const nfts = manager as NftManager
    expect(t.chain.read(io => nfts.ownerOf(io, 0))).toEqual(alice)
    expect(t.chain.read(io => nfts.ownerOf(io, 1))).toBeUndefined()
    expect(t.chain.read(io => nfts.isTransferable(io, 0))).toBe(true)
    expect(t.chain.read(io => nfts.isTransferable(io, 1))).toBe(false)
    const escrow = (who: Uint8Array, type: string, pet_id: number) => {
      const result = t.chain.apply(who, { type: 'Escrow', value: { type, value: { pet_id } } })
      return result.type === 'Ok' ? result.value : { type: 'Invalid' }
    }
    expectCritterError(escrow(alice, 'delist', 0), 'NftNotLocked')
    expectCritterError(escrow(alice, 'list', 1), 'PetNotFound')
    expectCritterError(escrow(bob, 'list', 0), 'NotOwner')
    expectOk(escrow(alice, 'list', 0))
    expect(t.chain.read(io => nfts.isTransferable(io, 0))).toBe(false)
    expectCritterError(escrow(alice, 'list', 0), 'NftAlreadyLocked')
  })
})

function createCritterChainWithNeglect() {
  const audit = createAuditPallet()
  const t = createCritterChain({
    hooks: [audit.hook],
    config: { NeglectThresholdBlocks: 2, NeglectMoodPenalty: 10 },
  })
  return { t, audit }
}

import { describe, expect, test } from 'vitest'
import { alice, bob } from '../../../../test/helpers/accounts.ts'
import {
  createCritterChain,
  expectCritterError,
  expectOk,
} from '../../../../test/helpers/critter-chain.ts'
import { createCritterNfts, flagOf } from '../../index.ts'

const hook = (t: ReturnType<typeof createCritterChain>, id: number) =>
  t.chain.read(io => t.storage.SyncHookRegistry.get(io, id))

describe('register_sync_hook', () => {
  test('registers with a chain-assigned id, enabled, never executed', () => {
    const t = createCritterChain()
    expectOk(t.call(alice, 'register_sync_hook', { interests: 0x09, priority: 7 }))
    expectOk(t.call(bob, 'register_sync_hook', { interests: 0xff, priority: 0 }))
    expect(hook(t, 0)).toEqual({
      account_id: alice,
      interests: 0x09,
      priority: 7,
      enabled: true,
      last_execution: 0,
      execution_count: 0,
    })
    expect(hook(t, 1)?.account_id).toEqual(bob)
    expect(t.critterEvents()[0]).toEqual({
      type: 'HookRegistered',
      value: { hook_id: 0, account_id: alice, interests: 0x09, priority: 7 },
    })
    expect(t.chain.read(io => t.storage.SyncHookIds.get(io))).toEqual([0, 1])
    expect(t.chain.read(io => t.storage.HooksPerAccount.get(io, alice))).toBe(1)
  })

  test('refuses no interests, too many hooks chain-wide and per account', () => {
    const t = createCritterChain({ config: { MaxRegisteredHooks: 3, MaxHooksPerAccount: 2 } })
    expectCritterError(
      t.call(alice, 'register_sync_hook', { interests: 0, priority: 1 }),
      'InvalidHookParameters',
    )
    expectOk(t.call(alice, 'register_sync_hook', { interests: 1, priority: 1 }))
    expectOk(t.call(alice, 'register_sync_hook', { interests: 1, priority: 1 }))
    expectCritterError(
      t.call(alice, 'register_sync_hook', { interests: 1, priority: 1 }),
      'TooManyHooksForAccount',
    )
    expectOk(t.call(bob, 'register_sync_hook', { interests: 1, priority: 1 }))
    const before = t.snapshot()
    expectCritterError(
      t.call(bob, 'register_sync_hook', { interests: 1, priority: 1 }),
      'TooManyHooks',
    )
    expect(t.snapshot()).toEqual(before)
  })
})

describe('unregister, enable and interests', () => {
  test('only the registrant may change or remove a hook; counters follow', () => {
    const t = createCritterChain()
    expectOk(t.call(alice, 'register_sync_hook', { interests: 1, priority: 1 }))
    for (const [call, args] of [
      ['unregister_sync_hook', { hook_id: 0 }],
      ['set_hook_enabled', { hook_id: 0, enabled: false }],
      ['update_hook_interests', { hook_id: 0, interests: 3 }],
    ] as const) {
      expectCritterError(t.call(bob, call, args), 'NotHookOwner')
      expectCritterError(t.call(alice, call, { ...args, hook_id: 5 }), 'HookNotFound')
    }
    expectOk(t.call(alice, 'set_hook_enabled', { hook_id: 0, enabled: false }))
    expect(hook(t, 0)?.enabled).toBe(false)
    expectOk(t.call(alice, 'set_hook_enabled', { hook_id: 0, enabled: true }))
    expectOk(t.call(alice, 'update_hook_interests', { hook_id: 0, interests: 3 }))
    expect(hook(t, 0)?.interests).toBe(3)
    expectCritterError(
      t.call(alice, 'update_hook_interests', { hook_id: 0, interests: 0 }),
      'InvalidHookParameters',
    )
    expectOk(t.call(alice, 'unregister_sync_hook', { hook_id: 0 }))
    expect(hook(t, 0)).toBeUndefined()
    expect(t.chain.read(io => t.storage.SyncHookIds.get(io))).toEqual([])
    expect(t.chain.read(io => t.storage.HooksPerAccount.contains(io, alice))).toBe(false)
    expect(t.critterEvents().map(e => e.type)).toEqual([
      'HookRegistered',
      'HookDisabled',
      'HookEnabled',
      'HookInterestsUpdated',
      'HookUnregistered',
    ])
  })
})

describe('registered hooks are notified', () => {
  test('only enabled hooks whose interests match get their counters updated', () => {
    const t = createCritterChain()
    expectOk(t.call(alice, 'register_sync_hook', { interests: flagOf('Ownership'), priority: 1 }))
    expectOk(t.call(alice, 'register_sync_hook', { interests: flagOf('BasicInfo'), priority: 1 }))
    expectOk(t.call(alice, 'register_sync_hook', { interests: 0xff, priority: 1 }))
    expectOk(t.call(alice, 'set_hook_enabled', { hook_id: 2, enabled: false }))
    t.chain.seal()
    t.chain.seal()
    t.mint(alice)
    expect(hook(t, 0)).toMatchObject({ execution_count: 0, last_execution: 0 })
    expect(hook(t, 1)).toMatchObject({ execution_count: 1, last_execution: 3 })
    expect(hook(t, 2)).toMatchObject({ execution_count: 0 })
    const synced = t.critterEvents().find(e => e.type === 'PetStateSynchronized')
    expect(synced?.value).toMatchObject({ successful_hooks: 1, failed_hooks: 0 })
  })
})

describe('hook id exhaustion', () => {
  test('refuses to register once ids run out', () => {
    const t = createCritterChain({
      extraGenesis: [ctx => createCritterNfts().storage.NextHookId.set(ctx.storage, 0xffff_ffff)],
    })
    expectCritterError(
      t.call(alice, 'register_sync_hook', { interests: 1, priority: 1 }),
      'NextHookIdOverflow',
    )
  })
})

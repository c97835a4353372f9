import { describe, expect, test } from 'vitest'
import { alice, bob, charlie } from '../../../../test/helpers/accounts.ts'
import {
  createCritterChain,
  expectCritterError,
  expectOk,
} from '../../../../test/helpers/critter-chain.ts'
import { flagOf } from '../../index.ts'

const OWNERSHIP = flagOf('Ownership')
const BASIC = flagOf('BasicInfo')

const setup = () => {
  const t = createCritterChain()
  expectOk(t.call(charlie, 'register_sync_hook', { interests: OWNERSHIP | BASIC, priority: 1 }))
  t.mint(alice)
  expectOk(t.call(alice, 'transfer_pet_nft', { recipient: bob, pet_id: 0 }))
  return t
}

describe('acknowledge_sync', () => {
  test('clears the acknowledged flags at the current version without bumping it', () => {
    const t = setup()
    expect(t.pet(0)?.sync_flags).toBe(BASIC | OWNERSHIP)
    expectOk(t.call(charlie, 'acknowledge_sync', { pet_id: 0, flags: OWNERSHIP, version: 2 }))
    expect(t.pet(0)?.sync_flags).toBe(BASIC)
    expect(t.pet(0)?.state_version).toBe(2)
    expect(t.version(0)).toBe(2)
    expect(t.critterEvents().at(-1)).toEqual({
      type: 'SyncAcknowledged',
      value: {
        pet_id: 0,
        account_id: charlie,
        hook_id: 0,
        flags: OWNERSHIP,
        remaining_flags: BASIC,
        version: 2,
        block_number: 1,
      },
    })
    // Acknowledging flags that are already clear is harmless (another subscriber was first).
    expectOk(
      t.call(charlie, 'acknowledge_sync', { pet_id: 0, flags: OWNERSHIP | BASIC, version: 2 }),
    )
    expect(t.pet(0)?.sync_flags).toBe(0)
  })

  test('an acknowledgement of an older version is stale and changes nothing', () => {
    const t = setup()
    const before = t.snapshot()
    expectCritterError(
      t.call(charlie, 'acknowledge_sync', { pet_id: 0, flags: OWNERSHIP, version: 1 }),
      'StaleSyncAcknowledgement',
    )
    expectCritterError(
      t.call(charlie, 'acknowledge_sync', { pet_id: 0, flags: OWNERSHIP, version: 3 }),
      'StaleSyncAcknowledgement',
    )
    expect(t.snapshot()).toEqual(before)
  })

  test('only the owner of an enabled hook covering every flag may acknowledge', () => {
    const t = setup()
    expectCritterError(
      t.call(bob, 'acknowledge_sync', { pet_id: 0, flags: OWNERSHIP, version: 2 }),
      'NoSyncPermission',
    )
    expectCritterError(
      t.call(charlie, 'acknowledge_sync', {
        pet_id: 0,
        flags: OWNERSHIP | flagOf('Mood'),
        version: 2,
      }),
      'NoSyncPermission',
    )
    expectOk(t.call(charlie, 'set_hook_enabled', { hook_id: 0, enabled: false }))
    expectCritterError(
      t.call(charlie, 'acknowledge_sync', { pet_id: 0, flags: OWNERSHIP, version: 2 }),
      'NoSyncPermission',
    )
  })

  test('refuses a missing pet and empty flags', () => {
    const t = setup()
    expectCritterError(
      t.call(charlie, 'acknowledge_sync', { pet_id: 5, flags: OWNERSHIP, version: 1 }),
      'PetNotFound',
    )
    expectCritterError(
      t.call(charlie, 'acknowledge_sync', { pet_id: 0, flags: 0, version: 2 }),
      'EmptySyncFlags',
    )
  })

  test('a later change sets the flag again', () => {
    const t = setup()
    expectOk(
      t.call(charlie, 'acknowledge_sync', { pet_id: 0, flags: OWNERSHIP | BASIC, version: 2 }),
    )
    expectOk(t.call(bob, 'transfer_pet_nft', { recipient: alice, pet_id: 0 }))
    expect(t.pet(0)?.sync_flags).toBe(OWNERSHIP)
  })
})

import { describe, expect, test } from 'vitest'
import { alice, bob, charlie } from '../../../../test/helpers/accounts.ts'
import {
  createCritterChain,
  expectCritterError,
  expectOk,
} from '../../../../test/helpers/critter-chain.ts'
import { flagOf } from '../../index.ts'

describe('transfer_pet_nft', () => {
  test('moves the pet, keeps both owner lists sorted, bumps the version and sets Ownership', () => {
    const t = createCritterChain()
    for (let i = 0; i < 3; i++) t.mint(alice)
    t.mint(bob)
    expectOk(t.call(alice, 'transfer_pet_nft', { recipient: bob, pet_id: 1 }))
    expect(t.owner(1)).toEqual(bob)
    expect(t.owned(alice)).toEqual([0, 2])
    expect(t.owned(bob)).toEqual([1, 3])
    expect(t.pet(1)?.state_version).toBe(2)
    expect(t.version(1)).toBe(2)
    expect(t.pet(1)?.sync_flags).toBe(flagOf('BasicInfo') | flagOf('Ownership'))
    const events = t.critterEvents().slice(-2)
    expect(events).toEqual([
      {
        type: 'PetNftTransferred',
        value: { from: alice, to: bob, pet_id: 1, version: 2, block_number: 1 },
      },
      {
        type: 'PetStateSynchronized',
        value: {
          pet_id: 1,
          version: 2,
          block_number: 1,
          change_type: 'Ownership',
          successful_hooks: 0,
          failed_hooks: 0,
        },
      },
    ])
  })

  test('the new owner can transfer it on', () => {
    const t = createCritterChain()
    t.mint(alice)
    expectOk(t.call(alice, 'transfer_pet_nft', { recipient: bob, pet_id: 0 }))
    expectOk(t.call(bob, 'transfer_pet_nft', { recipient: charlie, pet_id: 0 }))
    expect(t.owner(0)).toEqual(charlie)
    expect(t.owned(alice)).toEqual([])
    expect(t.owned(bob)).toEqual([])
    expect(t.pet(0)?.state_version).toBe(3)
  })

  test.each([
    ['CannotTransferToSelf', alice, alice, 0],
    ['PetNotFound', alice, bob, 9],
    ['NotOwner', bob, charlie, 0],
  ] as const)('refuses with %s and changes nothing', (error, who, recipient, pet_id) => {
    const t = createCritterChain()
    t.mint(alice)
    const before = t.snapshot()
    expectCritterError(t.call(who, 'transfer_pet_nft', { recipient, pet_id }), error)
    expect(t.snapshot()).toEqual(before)
  })

  test('refuses when the recipient is full', () => {
    const t = createCritterChain({ config: { MaxOwnedPets: 1 } })
    t.mint(alice)
    t.mint(bob)
    const before = t.snapshot()
    expectCritterError(
      t.call(alice, 'transfer_pet_nft', { recipient: bob, pet_id: 0 }),
      'RecipientExceedMaxOwnedPets',
    )
    expect(t.snapshot()).toEqual(before)
  })
})

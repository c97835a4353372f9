import { describe, expect, test } from 'vitest'
import { alice, bob } from '../../../../test/helpers/accounts.ts'
import {
  createCritterChain,
  expectCritterError,
  expectOk,
} from '../../../../test/helpers/critter-chain.ts'
import { utf8 } from '../../../primitives/index.ts'
import {
  type CritterCallArgs,
  type CritterErrorName,
  type CritterNftsConfig,
  createCritterNfts,
  flagOf,
} from '../../index.ts'

const rename = (pet_id: number, name: string, expected_version: number) => ({
  pet_id,
  name: utf8(name),
  personality_traits: undefined,
  expected_version,
})

describe('update_pet_metadata', () => {
  test('renames at the expected version: one bump, BasicInfo flag, event and notification', () => {
    const t = createCritterChain()
    t.mint(alice, 'Rex')
    expectOk(t.call(alice, 'update_pet_metadata', rename(0, 'Max', 1)))
    const pet = t.pet(0)
    expect(pet?.current_pet_name).toEqual(utf8('Max'))
    expect(pet?.state_version).toBe(2)
    expect(t.version(0)).toBe(2)
    expect(pet?.sync_flags).toBe(flagOf('BasicInfo'))
    const events = t.critterEvents().slice(2)
    expect(events).toEqual([
      {
        type: 'PetNftMetadataUpdated',
        value: {
          owner: alice,
          pet_id: 0,
          new_name: utf8('Max'),
          new_traits: undefined,
          version: 2,
          block_number: 1,
        },
      },
      {
        type: 'PetStateSynchronized',
        value: {
          pet_id: 0,
          version: 2,
          block_number: 1,
          change_type: 'BasicInfo',
          successful_hooks: 0,
          failed_hooks: 0,
        },
      },
    ])
  })

  test('name and traits together: one version bump, two aspects notified at the same version', () => {
    const t = createCritterChain()
    t.mint(alice)
    const traits = [utf8('brave'), utf8('curious')]
    expectOk(
      t.call(alice, 'update_pet_metadata', {
        pet_id: 0,
        name: utf8('Max'),
        personality_traits: traits,
        expected_version: 1,
      }),
    )
    expect(t.pet(0)?.personality_traits).toEqual(traits)
    expect(t.pet(0)?.state_version).toBe(2)
    expect(t.pet(0)?.sync_flags).toBe(flagOf('BasicInfo') | flagOf('Traits'))
    const synced = t
      .critterEvents()
      .filter(e => e.type === 'PetStateSynchronized')
      .slice(1)
    expect(synced.map(e => [e.value.change_type, e.value.version])).toEqual([
      ['BasicInfo', 2],
      ['Traits', 2],
    ])
  })

  test('traits replace the whole list', () => {
    const t = createCritterChain()
    t.mint(alice)
    expectOk(
      t.call(alice, 'update_pet_metadata', {
        pet_id: 0,
        name: undefined,
        personality_traits: [utf8('a'), utf8('b')],
        expected_version: 1,
      }),
    )
    expectOk(
      t.call(alice, 'update_pet_metadata', {
        pet_id: 0,
        name: undefined,
        personality_traits: [utf8('c')],
        expected_version: 2,
      }),
    )
    expect(t.pet(0)?.personality_traits).toEqual([utf8('c')])
    expect(t.pet(0)?.current_pet_name).toEqual(utf8('Rex'))
  })

  test('a stale expected version fails with ConcurrentModification and changes nothing', () => {
    const t = createCritterChain()
    t.mint(alice)
    expectOk(t.call(alice, 'update_pet_metadata', rename(0, 'A', 1)))
    const before = t.snapshot()
    expectCritterError(
      t.call(alice, 'update_pet_metadata', rename(0, 'B', 1)),
      'ConcurrentModification',
    )
    expectCritterError(
      t.call(alice, 'update_pet_metadata', rename(0, 'B', 3)),
      'ConcurrentModification',
    )
    expect(t.snapshot()).toEqual(before)
  })

  test('any other change to the pet (a transfer, a feed) invalidates the expected version', () => {
    const t = createCritterChain()
    t.mint(alice)
    expectOk(t.call(alice, 'feed_pet', { pet_id: 0, food_item_id: 1 }))
    expectCritterError(
      t.call(alice, 'update_pet_metadata', rename(0, 'B', 1)),
      'ConcurrentModification',
    )
    expectOk(t.call(alice, 'update_pet_metadata', rename(0, 'B', 2)))
  })

  const cases: [
    CritterErrorName,
    Uint8Array,
    CritterCallArgs<'update_pet_metadata'>,
    Partial<CritterNftsConfig>,
  ][] = [
    ['PetNotFound', alice, rename(7, 'A', 1), {}],
    ['NotOwner', bob, rename(0, 'A', 1), {}],
    [
      'NothingToUpdate',
      alice,
      { pet_id: 0, name: undefined, personality_traits: undefined, expected_version: 1 },
      {},
    ],
    ['PetNameTooLong', alice, rename(0, 'ABCDE', 1), { MaxPetNameLen: 4 }],
    [
      'TooManyPersonalityTraits',
      alice,
      {
        pet_id: 0,
        name: undefined,
        personality_traits: [utf8('a'), utf8('b'), utf8('c')],
        expected_version: 1,
      },
      { MaxPetPersonalityTraits: 2 },
    ],
    [
      'TraitStringTooLong',
      alice,
      { pet_id: 0, name: undefined, personality_traits: [utf8('toolong')], expected_version: 1 },
      { MaxTraitStringLen: 3 },
    ],
  ]
  test.each(cases)('refuses with %s and changes nothing', (error, who, args, config) => {
    const t = createCritterChain({ config })
    t.mint(alice)
    const before = t.snapshot()
    expectCritterError(t.call(who, 'update_pet_metadata', args), error)
    expect(t.snapshot()).toEqual(before)
  })

  test('input errors come before the version check', () => {
    const t = createCritterChain({ config: { MaxPetNameLen: 2 } })
    t.mint(alice, 'Al')
    expectCritterError(t.call(alice, 'update_pet_metadata', rename(0, 'Long', 9)), 'PetNameTooLong')
  })
})

describe('batch_update_pet_metadata', () => {
  test('updates several pets, each at its own version, one bump each', () => {
    const t = createCritterChain()
    t.mint(alice)
    t.mint(alice)
    expectOk(t.call(alice, 'update_pet_metadata', rename(1, 'B1', 1)))
    expectOk(
      t.call(alice, 'batch_update_pet_metadata', {
        updates: [rename(0, 'A', 1), rename(1, 'B2', 2)],
      }),
    )
    expect(t.pet(0)?.state_version).toBe(2)
    expect(t.pet(1)?.state_version).toBe(3)
    expect(t.pet(1)?.current_pet_name).toEqual(utf8('B2'))
  })

  test('one stale version fails the whole batch', () => {
    const t = createCritterChain()
    t.mint(alice)
    t.mint(alice)
    const before = t.snapshot()
    expectCritterError(
      t.call(alice, 'batch_update_pet_metadata', {
        updates: [rename(0, 'A', 1), rename(1, 'B', 2)],
      }),
      'ConcurrentModification',
    )
    expect(t.snapshot()).toEqual(before)
    expect(t.critterEvents().filter(e => e.type === 'PetNftMetadataUpdated')).toEqual([])
  })

  test('one foreign pet fails the whole batch', () => {
    const t = createCritterChain()
    t.mint(alice)
    t.mint(bob)
    const before = t.snapshot()
    expectCritterError(
      t.call(alice, 'batch_update_pet_metadata', {
        updates: [rename(0, 'A', 1), rename(1, 'B', 1)],
      }),
      'NotOwner',
    )
    expect(t.snapshot()).toEqual(before)
  })

  test('refuses duplicates, empty batches and batches over MaxBatchSize', () => {
    const t = createCritterChain({ config: { MaxBatchSize: 2 } })
    t.mint(alice)
    t.mint(alice)
    t.mint(alice)
    expectCritterError(
      t.call(alice, 'batch_update_pet_metadata', {
        updates: [rename(0, 'A', 1), rename(0, 'B', 2)],
      }),
      'DuplicatePetInBatch',
    )
    expectCritterError(t.call(alice, 'batch_update_pet_metadata', { updates: [] }), 'EmptyBatch')
    expectCritterError(
      t.call(alice, 'batch_update_pet_metadata', {
        updates: [rename(0, 'A', 1), rename(1, 'B', 1), rename(2, 'C', 1)],
      }),
      'BatchTooLarge',
    )
  })
})

describe('version overflow', () => {
  test('a pet at the highest version cannot change and stays as it is', () => {
    const critter = createCritterNfts()
    const t = createCritterChain({
      genesis: { pets: [{ owner: alice, species: utf8('cat'), name: utf8('Old') }] },
      extraGenesis: [
        ctx => {
          const pet = critter.storage.PetNfts.get(ctx.storage, 0)
          if (pet === undefined) throw new Error('genesis pet missing')
          critter.storage.PetNfts.set(ctx.storage, 0, { ...pet, state_version: 0xffff_ffff })
          critter.storage.PetStateVersions.set(ctx.storage, 0, 0xffff_ffff)
        },
      ],
    })
    const before = t.snapshot()
    expectCritterError(
      t.call(alice, 'update_pet_metadata', rename(0, 'New', 0xffff_ffff)),
      'StateVersionOverflow',
    )
    expectCritterError(
      t.call(alice, 'transfer_pet_nft', { recipient: bob, pet_id: 0 }),
      'StateVersionOverflow',
    )
    expect(t.snapshot()).toEqual(before)
  })
})

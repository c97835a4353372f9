import { describe, expect, test } from 'vitest'
import { alice, bob } from '../../../../test/helpers/accounts.ts'
import {
  createCritterChain,
  expectCritterError,
  expectOk,
} from '../../../../test/helpers/critter-chain.ts'
import { utf8 } from '../../../primitives/index.ts'
import { createCritterNfts, critterCall, deriveCharter, ELEMENTS, flagOf } from '../../index.ts'

describe('mint_pet_nft', () => {
  test('creates a version-1 pet with its DNA charter and indexes its owner both ways', () => {
    const t = createCritterChain()
    const id = t.mint(alice, 'Rex', 'dragon')
    const pet = t.pet(id)
    expect(pet).toBeDefined()
    if (pet === undefined) return
    const charter = deriveCharter(
      t.chain.read(io => t.runtime.system.storage.ParentHash.get(io)),
      alice,
      0,
      utf8('dragon'),
      utf8('Rex'),
    )
    expect(pet).toEqual({
      id: 0,
      dna_hash: charter.dna,
      initial_species: utf8('dragon'),
      current_pet_name: utf8('Rex'),
      base_strength: ((charter.dna[0] as number) % 16) + 5,
      base_agility: ((charter.dna[1] as number) % 16) + 5,
      base_intelligence: ((charter.dna[2] as number) % 16) + 5,
      base_vitality: ((charter.dna[3] as number) % 16) + 5,
      primary_elemental_affinity: ELEMENTS[(charter.dna[4] as number) % 8],
      level: 1,
      experience_points: 0,
      mood_indicator: 100,
      last_fed_block: 1,
      last_played_block: 1,
      personality_traits: [],
      last_state_update_block: 1,
      state_version: 1,
      sync_flags: flagOf('BasicInfo'),
    })
    expect(t.owner(0)).toEqual(alice)
    expect(t.owned(alice)).toEqual([0])
    expect(t.version(0)).toBe(1)
    expect(t.chain.read(io => t.storage.NextPetId.get(io))).toBe(1)
  })

  test('emits PetNftMinted with the charter, version and block, then one BasicInfo notification', () => {
    const t = createCritterChain()
    t.mint(alice, 'Rex', 'dragon')
    const [minted, synced, ...rest] = t.critterEvents()
    expect(rest).toEqual([])
    const pet = t.pet(0)
    expect(minted).toEqual({
      type: 'PetNftMinted',
      value: {
        owner: alice,
        pet_id: 0,
        species: utf8('dragon'),
        name: utf8('Rex'),
        dna_hash: pet?.dna_hash,
        base_strength: pet?.base_strength,
        base_agility: pet?.base_agility,
        base_intelligence: pet?.base_intelligence,
        base_vitality: pet?.base_vitality,
        elemental_affinity: pet?.primary_elemental_affinity,
        mood: 100,
        version: 1,
        block_number: 1,
      },
    })
    expect(synced).toEqual({
      type: 'PetStateSynchronized',
      value: {
        pet_id: 0,
        version: 1,
        block_number: 1,
        change_type: 'BasicInfo',
        successful_hooks: 0,
        failed_hooks: 0,
      },
    })
  })

  test('DNA differs by pet id, owner and names, and is the same for the same inputs', () => {
    const parent = new Uint8Array(32)
    const a = deriveCharter(parent, alice, 0, utf8('cat'), utf8('Tom'))
    expect(deriveCharter(parent, alice, 0, utf8('cat'), utf8('Tom')).dna).toEqual(a.dna)
    expect(deriveCharter(parent, alice, 1, utf8('cat'), utf8('Tom')).dna).not.toEqual(a.dna)
    expect(deriveCharter(parent, bob, 0, utf8('cat'), utf8('Tom')).dna).not.toEqual(a.dna)
    expect(deriveCharter(parent, alice, 0, utf8('cat'), utf8('Tim')).dna).not.toEqual(a.dna)
  })

  test('accepts empty names and names at the limit', () => {
    const t = createCritterChain({ config: { MaxPetNameLen: 4, MaxSpeciesNameLen: 3 } })
    expectOk(t.call(alice, 'mint_pet_nft', { species: new Uint8Array(), name: new Uint8Array() }))
    expectOk(t.call(alice, 'mint_pet_nft', { species: utf8('cat'), name: utf8('Toms') }))
  })

  test.each([
    ['SpeciesNameTooLong', { species: utf8('dinosaur'), name: utf8('Rex') }],
    ['PetNameTooLong', { species: utf8('cat'), name: utf8('Tiberius') }],
  ] as const)('refuses with %s and changes nothing', (error, args) => {
    const t = createCritterChain({ config: { MaxPetNameLen: 4, MaxSpeciesNameLen: 3 } })
    const before = t.snapshot()
    expectCritterError(t.call(alice, 'mint_pet_nft', args), error)
    expect(t.snapshot()).toEqual(before)
    expect(t.critterEvents()).toEqual([])
  })

  test('refuses a pet beyond MaxOwnedPets', () => {
    const t = createCritterChain({ config: { MaxOwnedPets: 2 } })
    t.mint(alice)
    t.mint(alice)
    const before = t.snapshot()
    expectCritterError(
      t.call(alice, 'mint_pet_nft', { species: utf8('a'), name: utf8('b') }),
      'ExceedMaxOwnedPets',
    )
    expect(t.snapshot()).toEqual(before)
    t.mint(bob)
  })

  test('refuses when pet ids are exhausted', () => {
    const t = createCritterChain({
      extraGenesis: [ctx => createCritterNfts().storage.NextPetId.set(ctx.storage, 0xffff_ffff)],
    })
    expectCritterError(
      t.call(alice, 'mint_pet_nft', { species: utf8('a'), name: utf8('b') }),
      'NextPetIdOverflow',
    )
  })

  test('needs a signed origin', () => {
    const t = createCritterChain()
    const result = t.chain.applyAs(
      { type: 'Root' },
      critterCall('mint_pet_nft', { species: utf8('a'), name: utf8('b') }),
    )
    expect(result).toEqual({ type: 'Ok', value: { type: 'Err', value: { type: 'BadOrigin' } } })
    expect(t.pet(0)).toBeUndefined()
  })
})

describe('batch_mint_pet_nfts', () => {
  const pets = (n: number) =>
    Array.from({ length: n }, (_, i) => [utf8('cat'), utf8(`cat${i}`)] as [Uint8Array, Uint8Array])

  test('mints every pet with consecutive ids, one event pair each', () => {
    const t = createCritterChain()
    t.mint(bob)
    expectOk(t.call(alice, 'batch_mint_pet_nfts', { pets: pets(3) }))
    expect(t.owned(alice)).toEqual([1, 2, 3])
    for (const id of [1, 2, 3]) {
      expect(t.pet(id)?.state_version).toBe(1)
      expect(t.owner(id)).toEqual(alice)
    }
    const minted = t.critterEvents().filter(e => e.type === 'PetNftMinted')
    expect(minted.map(e => e.value.pet_id)).toEqual([0, 1, 2, 3])
    expect(t.critterEvents().filter(e => e.type === 'PetStateSynchronized')).toHaveLength(4)
  })

  test('is all or nothing: one bad entry mints none', () => {
    const t = createCritterChain({ config: { MaxPetNameLen: 4 } })
    const before = t.snapshot()
    const batch = [...pets(2), [utf8('cat'), utf8('Tiberius')] as [Uint8Array, Uint8Array]]
    expectCritterError(t.call(alice, 'batch_mint_pet_nfts', { pets: batch }), 'PetNameTooLong')
    expect(t.snapshot()).toEqual(before)
    expect(t.critterEvents()).toEqual([])
  })

  test('refuses a batch that would exceed MaxOwnedPets', () => {
    const t = createCritterChain({ config: { MaxOwnedPets: 4 } })
    t.mint(alice)
    const before = t.snapshot()
    expectCritterError(
      t.call(alice, 'batch_mint_pet_nfts', { pets: pets(4) }),
      'ExceedMaxOwnedPets',
    )
    expect(t.snapshot()).toEqual(before)
    expectOk(t.call(alice, 'batch_mint_pet_nfts', { pets: pets(3) }))
  })

  test('refuses an empty batch and one over MaxBatchSize', () => {
    const t = createCritterChain({ config: { MaxBatchSize: 2 } })
    expectCritterError(t.call(alice, 'batch_mint_pet_nfts', { pets: [] }), 'EmptyBatch')
    expectCritterError(t.call(alice, 'batch_mint_pet_nfts', { pets: pets(3) }), 'BatchTooLarge')
    expectOk(t.call(alice, 'batch_mint_pet_nfts', { pets: pets(2) }))
  })
})

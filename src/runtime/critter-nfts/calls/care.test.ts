import { describe, expect, test } from 'vitest'
import { alice, bob } from '../../../../test/helpers/accounts.ts'
import {
  createCritterChain,
  expectCritterError,
  expectOk,
} from '../../../../test/helpers/critter-chain.ts'
import { type CareItems, fail, flagOf, OK } from '../../index.ts'

const sealUntil = (t: ReturnType<typeof createCritterChain>, block: number) => {
  while (t.chain.blockNumber < block) t.chain.seal()
}

describe('feed_pet and play_with_pet', () => {
  test('feeding raises mood (capped) and experience, stamps the feed block, one version bump', () => {
    const t = createCritterChain({
      config: { FeedMoodBoost: 20, FeedXpGain: 30, MaxMoodValue: 100 },
    })
    t.mint(alice)
    sealUntil(t, 3)
    expectOk(t.call(alice, 'feed_pet', { pet_id: 0, food_item_id: 42 }))
    const pet = t.pet(0)
    expect(pet).toMatchObject({
      mood_indicator: 100,
      experience_points: 30,
      level: 1,
      last_fed_block: 3,
      last_played_block: 1,
    })
    expect(pet?.state_version).toBe(2)
    // Mood was already at the cap, so only Interactions and LevelAndXp changed.
    expect(pet?.sync_flags).toBe(
      flagOf('BasicInfo') | flagOf('Interactions') | flagOf('LevelAndXp'),
    )
    expect(t.critterEvents()[0]).toEqual({
      type: 'PetFed',
      value: {
        owner: alice,
        pet_id: 0,
        food_item_id: 42,
        mood_boost: 0,
        xp_gain: 30,
        new_mood: 100,
        new_level: 1,
        experience_points: 30,
        version: 2,
        block_number: 3,
      },
    })
    const synced = t.critterEvents().filter(e => e.type === 'PetStateSynchronized')
    expect(synced.map(e => e.value.change_type)).toEqual(['Interactions', 'LevelAndXp'])
  })

  test('playing raises mood when below the cap and stamps the play block', () => {
    const t = createCritterChain({
      config: { NeglectThresholdBlocks: 1, NeglectMoodPenalty: 50, PlayMoodBoost: 15 },
    })
    t.mint(alice)
    sealUntil(t, 3)
    expectOk(t.call(bob, 'apply_neglect_check', { pet_id: 0 }))
    expect(t.pet(0)?.mood_indicator).toBe(50)
    expectOk(t.call(alice, 'play_with_pet', { pet_id: 0, toy_item_id: 7 }))
    expect(t.pet(0)).toMatchObject({
      mood_indicator: 65,
      last_played_block: 3,
      experience_points: 15,
    })
    const played = t.critterEvents().find(e => e.type === 'PetPlayedWith')
    expect(played?.value).toMatchObject({
      toy_item_id: 7,
      mood_boost: 15,
      new_mood: 65,
      version: 3,
    })
  })

  test('levels up several times in one call, carrying experience over', () => {
    const t = createCritterChain({ config: { FeedXpGain: 350 } })
    t.mint(alice)
    expectOk(t.call(alice, 'feed_pet', { pet_id: 0, food_item_id: 1 }))
    // 100 to leave level 1, 200 to leave level 2: 350 ends at level 3 with 50.
    expect(t.pet(0)).toMatchObject({ level: 3, experience_points: 50, state_version: 2 })
    const levelled = t.critterEvents().find(e => e.type === 'PetLeveledUp')
    expect(levelled?.value).toEqual({
      pet_id: 0,
      old_level: 1,
      new_level: 3,
      experience_points: 50,
      version: 2,
      block_number: 1,
    })
  })

  test.each(['feed_pet', 'play_with_pet'] as const)(
    '%s refuses a missing pet and a foreign pet',
    call => {
      const t = createCritterChain()
      t.mint(alice)
      const before = t.snapshot()
      const args = { pet_id: 9, food_item_id: 1, toy_item_id: 1 }
      expectCritterError(t.call(alice, call, args), 'PetNotFound')
      expectCritterError(t.call(bob, call, { ...args, pet_id: 0 }), 'NotOwner')
      expect(t.snapshot()).toEqual(before)
    },
  )

  test('a refused care item fails with ItemInteractionFailed and changes nothing', () => {
    const noToys: CareItems = {
      consume: (_ctx, _who, _item, kind) => (kind === 'Toy' ? fail({ type: 'Other' }) : OK),
    }
    const t = createCritterChain({ careItems: noToys })
    t.mint(alice)
    const before = t.snapshot()
    expectCritterError(
      t.call(alice, 'play_with_pet', { pet_id: 0, toy_item_id: 1 }),
      'ItemInteractionFailed',
    )
    expect(t.snapshot()).toEqual(before)
    expectOk(t.call(alice, 'feed_pet', { pet_id: 0, food_item_id: 1 }))
  })
})

describe('apply_neglect_check', () => {
  const config = { NeglectThresholdBlocks: 3, NeglectMoodPenalty: 40 }

  test('anyone can penalise a neglected pet once per threshold period', () => {
    const t = createCritterChain({ config })
    t.mint(alice)
    sealUntil(t, 4)
    expectCritterError(t.call(bob, 'apply_neglect_check', { pet_id: 0 }), 'PetNotNeglected')
    sealUntil(t, 5)
    expectOk(t.call(bob, 'apply_neglect_check', { pet_id: 0 }))
    expect(t.pet(0)).toMatchObject({
      mood_indicator: 60,
      state_version: 2,
      last_state_update_block: 5,
    })
    expect(t.pet(0)?.sync_flags).toBe(flagOf('BasicInfo') | flagOf('Mood'))
    expect(t.critterEvents()[0]).toEqual({
      type: 'PetNeglected',
      value: {
        pet_id: 0,
        old_mood: 100,
        new_mood: 60,
        neglect_duration: 4,
        version: 2,
        block_number: 5,
      },
    })
    // The same neglect period cannot be penalised again.
    expectCritterError(t.call(bob, 'apply_neglect_check', { pet_id: 0 }), 'PetNotNeglected')
    sealUntil(t, 9)
    expectOk(t.call(bob, 'apply_neglect_check', { pet_id: 0 }))
    expect(t.pet(0)?.mood_indicator).toBe(20)
  })

  test('mood floors at 0, after which a check changes nothing', () => {
    const t = createCritterChain({ config: { NeglectThresholdBlocks: 1, NeglectMoodPenalty: 200 } })
    t.mint(alice)
    sealUntil(t, 3)
    expectOk(t.call(bob, 'apply_neglect_check', { pet_id: 0 }))
    expect(t.pet(0)?.mood_indicator).toBe(0)
    sealUntil(t, 6)
    const before = t.snapshot()
    expectOk(t.call(bob, 'apply_neglect_check', { pet_id: 0 }))
    expect(t.snapshot()).toEqual(before)
    expect(t.critterEvents()).toEqual([])
  })

  test('playing resets the neglect clock', () => {
    const t = createCritterChain({ config })
    t.mint(alice)
    sealUntil(t, 4)
    expectOk(t.call(alice, 'play_with_pet', { pet_id: 0, toy_item_id: 1 }))
    sealUntil(t, 7)
    expectCritterError(t.call(bob, 'apply_neglect_check', { pet_id: 0 }), 'PetNotNeglected')
  })

  test('refuses a missing pet', () => {
    const t = createCritterChain()
    expectCritterError(t.call(bob, 'apply_neglect_check', { pet_id: 0 }), 'PetNotFound')
  })
})

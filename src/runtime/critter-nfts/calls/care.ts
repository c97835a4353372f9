import type { AccountId } from '../../../primitives/index.ts'
import type { ExecutionContext } from '../../frame/context.ts'
import { type DispatchResult, OK } from '../../frame/dispatch.ts'
import { type Critter, critterError } from '../critter.ts'
import { changePet, depositPetEvent, ownedPet } from '../pets.ts'
import { levelUp, saturatingAdd } from '../progression.ts'
import type { PetNft, StateChangeType } from '../types.ts'

type Care = 'Food' | 'Toy'

/**
 * Feeds a pet or plays with it: the item is consumed, mood rises (capped), experience rises and
 * may level the pet up several times, and the feed or play block is stamped. Changed aspects:
 * `Interactions` always, `Mood` and `LevelAndXp` when they moved.
 */
const care = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  petId: number,
  itemId: number,
  kind: Care,
): DispatchResult => {
  const found = ownedPet(c, ctx, petId, who)
  if (found.type === 'Err') return found.result
  if (c.careItems.consume(ctx, who, itemId, kind).type === 'Err')
    return critterError('ItemInteractionFailed')

  const { pet } = found
  const cfg = c.config
  const boost = kind === 'Food' ? cfg.FeedMoodBoost : cfg.PlayMoodBoost
  const gain = kind === 'Food' ? cfg.FeedXpGain : cfg.PlayXpGain
  const mood = Math.min(pet.mood_indicator + boost, cfg.MaxMoodValue)
  const grown = levelUp(pet.level, saturatingAdd(pet.experience_points, gain))
  const block = ctx.blockNumber
  const next: PetNft = {
    ...pet,
    mood_indicator: Math.max(mood, pet.mood_indicator),
    level: grown.level,
    experience_points: grown.experience,
    ...(kind === 'Food' ? { last_fed_block: block } : { last_played_block: block }),
  }
  const aspects: StateChangeType[] = ['Interactions']
  if (next.mood_indicator !== pet.mood_indicator) aspects.push('Mood')
  if (next.level !== pet.level || next.experience_points !== pet.experience_points)
    aspects.push('LevelAndXp')

  return changePet(c, ctx, next, aspects, changed => {
    const common = {
      owner: who,
      pet_id: petId,
      mood_boost: changed.mood_indicator - pet.mood_indicator,
      xp_gain: saturatingAdd(pet.experience_points, gain) - pet.experience_points,
      new_mood: changed.mood_indicator,
      new_level: changed.level,
      experience_points: changed.experience_points,
      version: changed.state_version,
      block_number: block,
    }
    depositPetEvent(
      ctx,
      petId,
      kind === 'Food'
        ? { type: 'PetFed', value: { ...common, food_item_id: itemId } }
        : { type: 'PetPlayedWith', value: { ...common, toy_item_id: itemId } },
      [who],
    )
    if (changed.level !== pet.level) {
      depositPetEvent(ctx, petId, {
        type: 'PetLeveledUp',
        value: {
          pet_id: petId,
          old_level: pet.level,
          new_level: changed.level,
          experience_points: changed.experience_points,
          version: changed.state_version,
          block_number: block,
        },
      })
    }
  })
}

/** `feed_pet`. */
export const feedPet = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  petId: number,
  foodItemId: number,
) => care(c, ctx, who, petId, foodItemId, 'Food')

/** `play_with_pet`. */
export const playWithPet = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  petId: number,
  toyItemId: number,
) => care(c, ctx, who, petId, toyItemId, 'Toy')

/**
 * `apply_neglect_check`: anyone may call it. A pet whose last play (or last penalty, whichever is
 * later) is more than `NeglectThresholdBlocks` ago loses `NeglectMoodPenalty` mood: a `Mood`
 * change. Otherwise `PetNotNeglected`, so the check cannot be repeated to drain mood. A neglected
 * pet already at mood 0 has nothing to lose; the call succeeds and changes nothing.
 */
export const applyNeglectCheck = (
  c: Critter,
  ctx: ExecutionContext,
  petId: number,
): DispatchResult => {
  const found = ownedPet(c, ctx, petId, undefined)
  if (found.type === 'Err') return found.result
  const { pet } = found
  const block = ctx.blockNumber
  const lastPenalty = c.storage.LastNeglectPenalty.get(ctx.storage, petId) ?? 0
  const since = Math.max(pet.last_played_block, lastPenalty)
  if (block - since <= c.config.NeglectThresholdBlocks) return critterError('PetNotNeglected')
  const mood = Math.max(pet.mood_indicator - c.config.NeglectMoodPenalty, 0)
  if (mood === pet.mood_indicator) return OK
  c.storage.LastNeglectPenalty.set(ctx.storage, petId, block)
  return changePet(c, ctx, { ...pet, mood_indicator: mood }, ['Mood'], changed =>
    depositPetEvent(ctx, petId, {
      type: 'PetNeglected',
      value: {
        pet_id: petId,
        old_mood: pet.mood_indicator,
        new_mood: mood,
        neglect_duration: block - pet.last_played_block,
        version: changed.state_version,
        block_number: block,
      },
    }),
  )
}

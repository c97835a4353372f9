import { describe, expect, test } from 'vitest'
import { DEFAULT_CRITTER_CONFIG, InvalidConfigError, resolveCritterConfig } from './config.ts'
import { levelUp, xpToLevelUp } from './progression.ts'

describe('resolveCritterConfig', () => {
  test('fills in defaults and keeps overrides', () => {
    expect(resolveCritterConfig()).toEqual(DEFAULT_CRITTER_CONFIG)
    expect(resolveCritterConfig({ MaxOwnedPets: 5 }).MaxOwnedPets).toBe(5)
  })

  test.each([
    [{ MaxMoodValue: 256 }, 'MaxMoodValue must be an integer from 0 to 255'],
    [{ MaxOwnedPets: -1 }, 'MaxOwnedPets must be an integer'],
    [{ FeedXpGain: 1.5 }, 'FeedXpGain must be an integer'],
    [{ MaxBatchSize: 0 }, 'MaxBatchSize must be at least 1'],
    [{ NeglectThresholdBlocks: 0 }, 'NeglectThresholdBlocks must be at least 1'],
    [{ Bogus: 1 } as never, 'unknown setting Bogus'],
  ])('refuses %o with a typed error', (overrides, message) => {
    expect(() => resolveCritterConfig(overrides)).toThrow(InvalidConfigError)
    expect(() => resolveCritterConfig(overrides)).toThrow(message)
  })
})

describe('levelUp', () => {
  test('costs 100 x level, carries the rest over, and can gain several levels', () => {
    expect(levelUp(1, 99)).toEqual({ level: 1, experience: 99 })
    expect(levelUp(1, 100)).toEqual({ level: 2, experience: 0 })
    expect(levelUp(1, 350)).toEqual({ level: 3, experience: 50 })
    expect(levelUp(3, 650)).toEqual({ level: 4, experience: 350 })
  })

  test('saturates instead of overflowing u32', () => {
    expect(xpToLevelUp(0xffff_ffff)).toBe(0xffff_ffff)
    const top = levelUp(0xffff_fffe, 0xffff_ffff)
    expect(top.level).toBe(0xffff_ffff)
  })
})

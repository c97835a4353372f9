import { CritterFault } from '../../primitives/index.ts'

/**
 * Every limit and tuning value of CritterNfts. Each one is exposed as a metadata constant, so
 * clients read the values the chain actually runs with.
 */
export interface CritterNftsConfig {
  /** How many pets one account may own. */
  readonly MaxOwnedPets: number
  /** Longest pet name, in bytes. */
  readonly MaxPetNameLen: number
  /** Longest species name, in bytes. */
  readonly MaxSpeciesNameLen: number
  /** Longest personality trait, in bytes. */
  readonly MaxTraitStringLen: number
  /** Most personality traits one pet may have. */
  readonly MaxPetPersonalityTraits: number
  /** Most entries in one batch call (mint or metadata update). */
  readonly MaxBatchSize: number
  /** Most sync hooks registered at once, chain-wide. */
  readonly MaxRegisteredHooks: number
  /** Most sync hooks one account may register. */
  readonly MaxHooksPerAccount: number
  /** Highest mood; pets are minted with it. */
  readonly MaxMoodValue: number
  /** Mood gained by feeding (capped at `MaxMoodValue`). */
  readonly FeedMoodBoost: number
  /** Mood gained by playing (capped at `MaxMoodValue`). */
  readonly PlayMoodBoost: number
  /** Experience gained by feeding. */
  readonly FeedXpGain: number
  /** Experience gained by playing. */
  readonly PlayXpGain: number
  /** Blocks without play after which a pet counts as neglected. */
  readonly NeglectThresholdBlocks: number
  /** Mood lost per neglect check that finds the pet neglected (floored at 0). */
  readonly NeglectMoodPenalty: number
}

/** The defaults: sized for a game with 6-second blocks (a neglect threshold of 1,000 blocks is 100 minutes). */
export const DEFAULT_CRITTER_CONFIG: CritterNftsConfig = Object.freeze({
  MaxOwnedPets: 1024,
  MaxPetNameLen: 32,
  MaxSpeciesNameLen: 32,
  MaxTraitStringLen: 32,
  MaxPetPersonalityTraits: 8,
  MaxBatchSize: 128,
  MaxRegisteredHooks: 64,
  MaxHooksPerAccount: 8,
  MaxMoodValue: 100,
  FeedMoodBoost: 20,
  PlayMoodBoost: 15,
  FeedXpGain: 10,
  PlayXpGain: 15,
  NeglectThresholdBlocks: 1000,
  NeglectMoodPenalty: 10,
})

/** The configuration is unusable (a value out of its type's range, or limits that contradict). */
export class InvalidConfigError extends CritterFault {
  override readonly name = 'InvalidConfigError'
  readonly code = 'INVALID_CONFIG'
}

/** The settings that are `u8` on chain (mood values); every other one is a `u32`. */
export const U8_SETTINGS: ReadonlySet<keyof CritterNftsConfig> = new Set<keyof CritterNftsConfig>([
  'MaxMoodValue',
  'FeedMoodBoost',
  'PlayMoodBoost',
  'NeglectMoodPenalty',
])

/**
 * Checks a configuration and returns it complete (defaults filled in). Throws
 * `InvalidConfigError` naming every problem.
 *
 * @example const config = resolveCritterConfig({ MaxOwnedPets: 50 })
 */
export const resolveCritterConfig = (
  overrides: Partial<CritterNftsConfig> = {},
): CritterNftsConfig => {
  const config = { ...DEFAULT_CRITTER_CONFIG, ...overrides }
  const problems: string[] = []
  for (const [name, value] of Object.entries(config) as [keyof CritterNftsConfig, unknown][]) {
    if (!Object.hasOwn(DEFAULT_CRITTER_CONFIG, name)) problems.push(`unknown setting ${name}`)
    const max = U8_SETTINGS.has(name) ? 0xff : 0xffff_ffff
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      problems.push(`${name} must be an integer from 0 to ${max}, got ${String(value)}`)
    }
  }
  if (config.MaxBatchSize < 1) problems.push('MaxBatchSize must be at least 1')
  if (config.MaxOwnedPets < 1) problems.push('MaxOwnedPets must be at least 1')
  if (config.NeglectThresholdBlocks < 1) problems.push('NeglectThresholdBlocks must be at least 1')
  if (problems.length > 0)
    throw new InvalidConfigError(`invalid CritterNfts config: ${problems.join('; ')}`)
  return Object.freeze(config)
}

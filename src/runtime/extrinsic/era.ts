// Mortal eras, as sp_runtime::generic::era builds and reads them: a transaction signed at block
// `current` with period P is born at the last block whose number is its phase modulo P, and dies
// P blocks after its birth.
import { CritterFault } from '../../primitives/index.ts'
import type { EraValue } from './types.ts'

/** An era asked for with a period or block number that is not a non-negative safe integer. */
export class InvalidEraError extends CritterFault {
  override readonly name = 'InvalidEraError'
  readonly code = 'INVALID_ERA'
}

/** The era of a transaction that never expires (signed over the genesis hash). */
export const IMMORTAL: EraValue = Object.freeze({ type: 'Immortal' })

/** The shortest and longest mortal periods Substrate encodes. */
export const MIN_ERA_PERIOD = 4
export const MAX_ERA_PERIOD = 1 << 16

/**
 * Where an immortal transaction "dies": `u64::MAX` in Substrate; the largest safe integer here,
 * which no chain of ours reaches.
 */
export const NEVER = Number.MAX_SAFE_INTEGER

const expectBlockNumber = (what: string, n: number): void => {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidEraError(`${what} must be a non-negative integer, got ${n}`)
}

const nextPowerOfTwo = (n: number): number => {
  let p = 1
  while (p < n && p < MAX_ERA_PERIOD) p *= 2
  return p
}

/**
 * The mortal era of a transaction signed at block `current` for about `period` blocks: the period
 * is rounded up to a power of two and clamped to 4..65536, and the phase (`current % period`) is
 * quantized for periods over 4096, exactly as `Era::mortal` (and polkadot-js `createType('Era')`).
 * `current` is the block whose hash is signed, usually the best or finalized block.
 *
 * @example mortalEra(64, 42) // { type: 'Mortal', period: 64, phase: 42 }
 */
export const mortalEra = (period: number, current: number): EraValue => {
  expectBlockNumber('era period', period)
  expectBlockNumber('current block', current)
  const p = Math.min(Math.max(nextPowerOfTwo(period), MIN_ERA_PERIOD), MAX_ERA_PERIOD)
  const quantum = Math.max(p >> 12, 1)
  const phase = Math.floor((current % p) / quantum) * quantum
  return { type: 'Mortal', period: p, phase }
}

/**
 * The block a transaction with `era` was born at, seen from block `current`: the block whose hash
 * it signed (0, the genesis, for immortal ones). When `current` is before the phase, the birth is
 * the phase itself, a block still in the future.
 *
 * @example birthOf({ type: 'Mortal', period: 4, phase: 2 }, 9) // 6
 */
export const birthOf = (era: EraValue, current: number): number => {
  if (era.type === 'Immortal') return 0
  const { period, phase } = era
  return Math.floor((Math.max(current, phase) - phase) / period) * period + phase
}

/**
 * The first block at which a transaction with `era`, seen from block `current`, is no longer
 * valid: birth + period, or `NEVER` for immortal ones.
 *
 * @example deathOf({ type: 'Mortal', period: 4, phase: 2 }, 9) // 10
 */
export const deathOf = (era: EraValue, current: number): number =>
  era.type === 'Immortal' ? NEVER : birthOf(era, current) + era.period

/**
 * Whether block `current` is within the era's life: born at or before `current` and not yet dead.
 * (The chain must also still know the birth block's hash; see `parseExtrinsic`.)
 *
 * @example isEraAlive(mortalEra(64, 100), 120) // true
 */
export const isEraAlive = (era: EraValue, current: number): boolean =>
  birthOf(era, current) <= current && current < deathOf(era, current)

/**
 * How many more blocks, counting `current`, may include the transaction: death − current, as
 * `CheckMortality` reports it as `longevity` (`NEVER` for immortal).
 */
export const eraLongevity = (era: EraValue, current: number): number =>
  era.type === 'Immortal' ? NEVER : Math.max(deathOf(era, current) - current, 0)

// Eras: the examples of sp_runtime's era.rs tests, the codec agreeing with mortalEra, and
// birth/death as properties.

import { GenericExtrinsicEra } from '@polkadot/types'
import { TypeRegistry } from '@polkadot/types/create'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { bytesToHex, decode, encode } from '../../primitives/index.ts'
import {
  birthOf,
  deathOf,
  eraLongevity,
  IMMORTAL,
  InvalidEraError,
  isEraAlive,
  MAX_ERA_PERIOD,
  mortalEra,
  NEVER,
} from './era.ts'
import { Era, type EraValue } from './types.ts'

const mortal = (period: number, phase: number): EraValue => ({ type: 'Mortal', period, phase })

describe('era.rs examples', () => {
  test('immortal: born at genesis, never dies', () => {
    for (const current of [0, 1, NEVER]) {
      expect(birthOf(IMMORTAL, current)).toBe(0)
      expect(deathOf(IMMORTAL, current)).toBe(NEVER)
      expect(eraLongevity(IMMORTAL, current)).toBe(NEVER)
    }
    expect(encode(Era, IMMORTAL)).toEqual(Uint8Array.of(0))
  })

  test('mortal(64, 42) encodes as [5 + 42 % 16 * 16, 42 / 16]', () => {
    const era = mortalEra(64, 42)
    expect(era).toEqual(mortal(64, 42))
    const bytes = Uint8Array.of(5 + (42 % 16) * 16, Math.floor(42 / 16))
    expect(encode(Era, era)).toEqual(bytes)
    expect(decode(Era, bytes)).toEqual(era)
  })

  test('long period: mortal(32768, 20000) quantizes the phase by 8', () => {
    const era = mortalEra(32768, 20000)
    expect(era).toEqual(mortal(32768, 20000))
    const bytes = Uint8Array.of(14 + (2500 % 16) * 16, Math.floor(2500 / 16))
    expect(encode(Era, era)).toEqual(bytes)
    expect(decode(Era, bytes)).toEqual(era)
  })

  test('initialization rounds, clamps and reduces the phase', () => {
    expect(mortalEra(64, 42)).toEqual(mortal(64, 42))
    expect(mortalEra(32768, 20000)).toEqual(mortal(32768, 20000))
    expect(mortalEra(200, 513)).toEqual(mortal(256, 1))
    expect(mortalEra(2, 1)).toEqual(mortal(4, 1))
    expect(mortalEra(4, 5)).toEqual(mortal(4, 1))
    expect(mortalEra(0, 5)).toEqual(mortal(4, 1))
  })

  test('quantized and clamped: mortal(1000000, 1000001)', () => {
    expect(mortalEra(1_000_000, 1_000_001)).toEqual(
      mortal(65536, Math.floor((1_000_001 % 65536) / 4) * 4),
    )
  })

  test('birth and death of mortal(4, 6)', () => {
    const era = mortalEra(4, 6)
    for (let i = 6; i < 10; i++) {
      expect(birthOf(era, i)).toBe(6)
      expect(deathOf(era, i)).toBe(10)
      expect(isEraAlive(era, i)).toBe(true)
      expect(eraLongevity(era, i)).toBe(10 - i)
    }
    expect(birthOf(era, 10)).not.toBe(6)
    expect(birthOf(era, 5)).not.toBe(6)
  })

  test('current before the phase: the birth is in the future, not a crash', () => {
    const era = mortalEra(4, 3)
    expect(birthOf(era, 1)).toBe(3)
    expect(isEraAlive(era, 1)).toBe(false)
  })
})

describe('properties', () => {
  const periods = fc.integer({ min: 0, max: 2 * MAX_ERA_PERIOD })
  const blocks = fc.integer({ min: 0, max: 2 ** 32 - 1 })

  test('a fresh era is alive at its block and period-1 blocks after, then dead', () => {
    fc.assert(
      fc.property(periods, blocks, (period, current) => {
        const era = mortalEra(period, current)
        if (era.type !== 'Mortal') throw new Error('unreachable')
        expect(era.period & (era.period - 1)).toBe(0)
        expect(era.period).toBeGreaterThanOrEqual(4)
        expect(era.period).toBeLessThanOrEqual(MAX_ERA_PERIOD)
        const birth = birthOf(era, current)
        // Quantizing can only move the birth back, by less than the quantum.
        expect(current - birth).toBeLessThan(Math.max(era.period >> 12, 1))
        expect(isEraAlive(era, current)).toBe(true)
        const death = deathOf(era, current)
        expect(birthOf(era, death - 1)).toBe(birth)
        expect(birthOf(era, death)).toBe(death)
        expect(eraLongevity(era, current)).toBe(death - current)
      }),
    )
  })

  test('every mortal era round-trips through the codec', () => {
    fc.assert(
      fc.property(periods, blocks, (period, current) => {
        const era = mortalEra(period, current)
        expect(decode(Era, encode(Era, era))).toEqual(era)
      }),
    )
  })

  test('equals @polkadot/types GenericExtrinsicEra for the same period and block', () => {
    const registry = new TypeRegistry()
    // polkadot-js keeps an unquantized phase in the object it builds (only its bytes are
    // quantized) and its birth() truncates to 32 bits, so births are compared on the era read
    // back from its bytes, below 2^31.
    const block31 = fc.integer({ min: 0, max: 2 ** 31 - 2 })
    fc.assert(
      fc.property(fc.integer({ min: 4, max: MAX_ERA_PERIOD }), block31, (period, current) => {
        const theirs = new GenericExtrinsicEra(registry, { current, period })
        const ours = mortalEra(period, current)
        expect(bytesToHex(encode(Era, ours))).toBe(theirs.toHex())
        const decoded = new GenericExtrinsicEra(registry, theirs.toU8a())
        expect(birthOf(ours, current + 1)).toBe(decoded.asMortalEra.birth(current + 1))
        expect(deathOf(ours, current + 1)).toBe(decoded.asMortalEra.death(current + 1))
      }),
      { numRuns: 300 },
    )
  })
})

test('negative, fractional or unsafe inputs are refused with a code', () => {
  for (const [period, current] of [
    [-1, 0],
    [64, -1],
    [64.5, 0],
    [64, Number.NaN],
    [64, 2 ** 60],
  ] as const) {
    expect(() => mortalEra(period, current)).toThrow(InvalidEraError)
  }
})

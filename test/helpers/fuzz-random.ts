/** A seeded PRNG (mulberry32): the same seed draws the same cases. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, below). */
  int(below: number): number
  /** An integer in [min, max]. */
  range(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  bytes(length: number): Uint8Array
}

/**
 * A deterministic random source for fuzzers.
 *
 * @example const r = createRandom(42); r.pick(['a', 'b'])
 */
export const createRandom = (seed: number): Random => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (below: number): number => Math.floor(next() * below)
  return {
    next,
    int,
    range: (min, max) => min + int(max - min + 1),
    chance: p => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    bytes: length => {
      const out = new Uint8Array(length)
      for (let i = 0; i < length; i++) out[i] = int(256)
      return out
    },
  }
}

/**
 * A bounded cache from numbers to strings, direct-mapped: an id lives in slot `id mod size`,
 * and a newer id in the same slot replaces it. Sequential ids (pets, hooks, blocks) fill distinct
 * slots, and a lookup is two array reads instead of hashing into a `Map` that has to grow.
 *
 * @example
 * const cache = new NumberCache(1 << 16)
 * cache.get(7) ?? cache.set(7, compute(7))
 */
export class NumberCache {
  readonly #mask: number
  // NaN marks an empty slot: it equals no id.
  readonly #ids: Float64Array
  readonly #values: (string | undefined)[]

  /** `size` must be a power of two. */
  constructor(size: number) {
    this.#mask = size - 1
    this.#ids = new Float64Array(size).fill(Number.NaN)
    this.#values = new Array<string | undefined>(size).fill(undefined)
  }

  /** The string remembered for `id`, if it is still cached. */
  get(id: number): string | undefined {
    const slot = id & this.#mask
    return this.#ids[slot] === id ? this.#values[slot] : undefined
  }

  /** Remembers `value` for `id` and returns it. */
  set(id: number, value: string): string {
    const slot = id & this.#mask
    this.#ids[slot] = id
    this.#values[slot] = value
    return value
  }
}

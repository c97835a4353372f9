/**
 * A set of keys that each stay for `blocks` blocks after they were added, and never more than
 * `maxKeys` at once (the oldest go first). Time is counted in blocks (`advance`), never by the
 * clock, so what the pool decides depends only on the chain.
 *
 * @example
 * const banned = new BlockWindowSet(64, 10_000)
 * banned.add(key); banned.has(key) // true, until 64 advances later
 */
export class BlockWindowSet {
  readonly #blocks: number
  readonly #maxKeys: number
  /** Key → the block count when it was (last) added. */
  readonly #added = new Map<string, number>()
  /** Keys in the order they were added, with the block count of each; a queue from `#head`. */
  #keys: string[] = []
  #at: number[] = []
  #head = 0
  #now = 0

  constructor(blocks: number, maxKeys: number) {
    this.#blocks = blocks
    this.#maxKeys = maxKeys
  }

  /** Number of keys held. */
  get size(): number {
    return this.#added.size
  }

  /** Adds `key` (again) as of the current block. */
  add(key: string): void {
    if (this.#blocks <= 0 || this.#maxKeys <= 0) return
    this.#added.set(key, this.#now)
    this.#keys.push(key)
    this.#at.push(this.#now)
    while (this.#added.size > this.#maxKeys) this.#dropOldest()
    this.#compact()
  }

  /** Whether `key` was added within the window. */
  has(key: string): boolean {
    return this.#added.has(key)
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.#added.delete(key)
  }

  /** One block passed: keys added `blocks` blocks ago leave. */
  advance(): void {
    this.#now++
    const expired = this.#now - this.#blocks
    while (this.#head < this.#keys.length && (this.#at[this.#head] as number) <= expired) {
      this.#dropOldest()
    }
    this.#compact()
  }

  #dropOldest(): void {
    const key = this.#keys[this.#head] as string
    const at = this.#at[this.#head] as number
    this.#head++
    // A key added again later stays until its newest addition expires.
    if (this.#added.get(key) === at) this.#added.delete(key)
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#keys.length) {
      this.#keys = this.#keys.slice(this.#head)
      this.#at = this.#at.slice(this.#head)
      this.#head = 0
    }
  }
}

/**
 * A binary min-heap under `before(a, b)` ("a comes out first").
 *
 * @example
 * const heap = new BinaryHeap<number>((a, b) => a < b, [3, 1, 2])
 * heap.pop() // 1
 */
export class BinaryHeap<T> {
  readonly #items: T[]
  readonly #before: (a: T, b: T) => boolean

  constructor(before: (a: T, b: T) => boolean, items: T[] = []) {
    this.#before = before
    this.#items = items
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.#down(i)
  }

  /** Number of items. */
  get size(): number {
    return this.#items.length
  }

  /** Adds an item. */
  push(item: T): void {
    this.#items.push(item)
    this.#up(this.#items.length - 1)
  }

  /** Removes and returns the first item, or `undefined` when empty. */
  pop(): T | undefined {
    const items = this.#items
    const top = items[0]
    const last = items.pop()
    if (items.length > 0 && last !== undefined) {
      items[0] = last
      this.#down(0)
    }
    return top
  }

  #up(i: number): void {
    const items = this.#items
    const item = items[i] as T
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = items[parent] as T
      if (!this.#before(item, p)) break
      items[i] = p
      i = parent
    }
    items[i] = item
  }

  #down(i: number): void {
    const items = this.#items
    const n = items.length
    const item = items[i] as T
    for (;;) {
      let child = 2 * i + 1
      if (child >= n) break
      const right = child + 1
      if (right < n && this.#before(items[right] as T, items[child] as T)) child = right
      const c = items[child] as T
      if (!this.#before(c, item)) break
      items[i] = c
      i = child
    }
    items[i] = item
  }
}

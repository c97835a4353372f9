import { RuntimeFault } from '../frame/runtime-fault.ts'
import type { ChangeSet, StorageBackend, StorageKey } from './backend.ts'

/**
 * Uncommitted writes over a `StorageBackend`, with nested transactional layers.
 *
 * Writes land in one change map; while a layer is open every write also records what it
 * replaced, so `revert` can restore it and `commit` costs nothing. `changes` is the block's diff.
 *
 * @example
 * const overlay = new StorageOverlay(backend)
 * overlay.begin()
 * overlay.set(key, value)
 * failed ? overlay.revert() : overlay.commit()
 */
export class StorageOverlay {
  readonly #backend: StorageBackend
  readonly #changes = new Map<StorageKey, Uint8Array | null>()
  // The journal is two parallel arrays (key, and what `#changes` held for it before the write:
  // `undefined` for nothing): a layer is open during every extrinsic, so an object per write
  // would be garbage on the hottest path.
  readonly #journalKeys: StorageKey[] = []
  readonly #journalPrevious: (Uint8Array | null | undefined)[] = []
  readonly #layers: number[] = []

  constructor(backend: StorageBackend) {
    this.#backend = backend
  }

  /** The value at `key` as this overlay sees it, or `undefined` when absent. */
  get(key: StorageKey): Uint8Array | undefined {
    const local = this.#changes.get(key)
    if (local !== undefined) return local ?? undefined
    return this.#backend.get(key)
  }

  /** True when `key` holds a value (an empty value counts). */
  has(key: StorageKey): boolean {
    return this.get(key) !== undefined
  }

  /** Writes `value` at `key`. */
  set(key: StorageKey, value: Uint8Array): void {
    this.#write(key, value)
  }

  /** Removes `key`. */
  delete(key: StorageKey): void {
    this.#write(key, null)
  }

  #write(key: StorageKey, value: Uint8Array | null): void {
    if (this.#layers.length > 0) {
      this.#journalKeys.push(key)
      this.#journalPrevious.push(this.#changes.get(key))
    }
    this.#changes.set(key, value)
  }

  /** Number of open transactional layers. */
  get depth(): number {
    return this.#layers.length
  }

  /** Opens a transactional layer. */
  begin(): void {
    this.#layers.push(this.#journalKeys.length)
  }

  /** Keeps the writes of the innermost layer (they now belong to the layer below, if any). */
  commit(): void {
    if (this.#layers.length === 0) throw new RuntimeFault('commit with no open layer')
    this.#layers.pop()
    if (this.#layers.length === 0) {
      this.#journalKeys.length = 0
      this.#journalPrevious.length = 0
    }
  }

  /** Undoes every write of the innermost layer and closes it. */
  revert(): void {
    const mark = this.#layers.pop()
    if (mark === undefined) throw new RuntimeFault('revert with no open layer')
    for (let i = this.#journalKeys.length - 1; i >= mark; i--) {
      const key = this.#journalKeys[i] as StorageKey
      const previous = this.#journalPrevious[i]
      if (previous === undefined) this.#changes.delete(key)
      else this.#changes.set(key, previous)
    }
    this.#journalKeys.length = mark
    this.#journalPrevious.length = mark
  }

  /**
   * Keys starting with `prefix` in ascending order, strictly after `startAfter` when given,
   * merging this overlay's writes and deletions with the backend.
   */
  keys(prefix: StorageKey, startAfter?: StorageKey): StorageKey[] {
    // Prefix iteration is rare (RPC, genesis, tests), so it scans this block's writes rather than
    // making every write maintain an index.
    const local: StorageKey[] = []
    for (const key of this.#changes.keys()) {
      if (key.startsWith(prefix) && (startAfter === undefined || key > startAfter)) local.push(key)
    }
    const merged: StorageKey[] = []
    if (local.length === 0) {
      for (const key of this.#backend.keys(prefix, startAfter)) merged.push(key)
      return merged
    }
    local.sort()
    let i = 0
    const flushLocalBelow = (bound: StorageKey | undefined): void => {
      while (i < local.length && (bound === undefined || (local[i] as StorageKey) <= bound)) {
        const key = local[i++] as StorageKey
        if (key === bound) continue
        if (this.#changes.get(key) != null) merged.push(key)
      }
    }
    for (const key of this.#backend.keys(prefix, startAfter)) {
      flushLocalBelow(key)
      if (this.#changes.get(key) !== null) merged.push(key)
    }
    flushLocalBelow(undefined)
    return merged
  }

  /** The writes made so far, as the block's change set. Only valid with no layer open. */
  changes(): ChangeSet {
    return this.#changes
  }
}

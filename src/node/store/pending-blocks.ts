import { lowerBound, type StorageKey } from '../../runtime/index.ts'
import { hashKey } from './hash-key.ts'
import { scanStart } from './key-order.ts'
import { DELETION, valueAt } from './record-codec.ts'

/** A block held in memory until the index holds it: its record, and where each value sits. */
export interface PendingBlock {
  readonly number: number
  readonly hash: Uint8Array
  /** The encoded change record (values are read from it in place). */
  readonly changes: Buffer
  /** Key → offset of its value in `changes`, or `DELETION`. */
  readonly offsets: ReadonlyMap<StorageKey, number>
}

/** What a pending block says about a key: nothing, a deletion (`null`), or a value. */
export type PendingValue = Uint8Array | null | undefined

const readOffset = (block: PendingBlock, key: StorageKey): PendingValue => {
  const offset = block.offsets.get(key)
  if (offset === undefined) return undefined
  return offset === DELETION ? null : valueAt(block.changes, offset)
}

interface Bucket {
  readonly keys: Set<StorageKey>
  sorted: StorageKey[] | undefined
}

// Keys are grouped by storage item (the first 32 bytes), as in the runtime's memory backend, so a
// prefix scan re-sorts only the items changed since the last scan.
const bucketOf = (key: StorageKey): string => key.slice(0, 64)

/**
 * The blocks committed but not yet indexed into LMDB, in order: the newest state lives here until
 * the indexer has written it. `latest` maps each key to the newest pending block that changed it,
 * so a current-state read costs two map lookups. The sorted key order needed by prefix scans is
 * kept per storage item and folded in lazily, when a scan next needs it, so that committing a
 * block costs only a map write per key.
 */
export class PendingBlocks {
  readonly #blocks: PendingBlock[] = []
  readonly #latest = new Map<StorageKey, PendingBlock>()
  readonly #byHash = new Map<string, PendingBlock>()
  readonly #buckets = new Map<string, Bucket>()
  // Keys that entered or left `latest` since the buckets were last brought up to date. If no scan
  // comes for a long while, the lists are dropped and the buckets rebuilt from `latest` instead.
  #added: StorageKey[] = []
  #removed: StorageKey[] = []
  #rebuild = false
  #changeCount = 0

  /** Number of the first pending block (valid when `size > 0`). */
  get first(): number {
    return this.#blocks[0]?.number ?? -1
  }

  /** Number of pending blocks. */
  get size(): number {
    return this.#blocks.length
  }

  /** State changes held in memory across all pending blocks. */
  get changeCount(): number {
    return this.#changeCount
  }

  /** Appends the next block. */
  push(block: PendingBlock): void {
    this.#blocks.push(block)
    this.#byHash.set(hashKey(block.hash), block)
    this.#changeCount += block.offsets.size
    const latest = this.#latest
    let size = latest.size
    for (const key of block.offsets.keys()) {
      // One lookup, not two: a key is new to `latest` when the set grows the map.
      latest.set(key, block)
      if (latest.size !== size) {
        size++
        if (!this.#rebuild) this.#added.push(key)
      }
    }
    this.#boundBacklog()
  }

  #boundBacklog(): void {
    if (this.#added.length + this.#removed.length <= Math.max(65_536, 2 * this.#latest.size)) return
    this.#added = []
    this.#removed = []
    this.#buckets.clear()
    this.#rebuild = true
  }

  /** Forgets blocks up to and including `number` (the index now holds them). */
  dropThrough(number: number): void {
    let n = 0
    while (n < this.#blocks.length && (this.#blocks[n] as PendingBlock).number <= number) {
      const block = this.#blocks[n] as PendingBlock
      this.#byHash.delete(hashKey(block.hash))
      this.#changeCount -= block.offsets.size
      for (const key of block.offsets.keys()) {
        if (this.#latest.get(key) !== block) continue
        this.#latest.delete(key)
        if (!this.#rebuild) this.#removed.push(key)
      }
      n++
    }
    this.#blocks.splice(0, n)
    this.#boundBacklog()
  }

  /** The pending block with this number. */
  at(number: number): PendingBlock | undefined {
    const first = this.#blocks[0]
    return first === undefined ? undefined : this.#blocks[number - first.number]
  }

  /** The pending block with this hash. */
  byHash(hash: Uint8Array): PendingBlock | undefined {
    return this.#byHash.get(hashKey(hash))
  }

  /** The newest pending write of `key`. */
  latest(key: StorageKey): PendingValue {
    const block = this.#latest.get(key)
    return block === undefined ? undefined : readOffset(block, key)
  }

  /** The newest write of `key` in pending blocks numbered at most `number`. */
  latestAt(key: StorageKey, number: number): PendingValue {
    const first = this.first
    for (let n = Math.min(number, first + this.#blocks.length - 1); n >= first; n--) {
      const value = readOffset(this.#blocks[n - first] as PendingBlock, key)
      if (value !== undefined) return value
    }
    return undefined
  }

  // Presence is checked when folding, so a key added then removed (or the reverse) ends right
  // whatever the order of the two lists.
  #fold(): void {
    if (this.#rebuild) {
      this.#added = [...this.#latest.keys()]
      this.#rebuild = false
    }
    for (const key of this.#added) {
      if (!this.#latest.has(key)) continue
      const name = bucketOf(key)
      let bucket = this.#buckets.get(name)
      if (bucket === undefined) {
        bucket = { keys: new Set(), sorted: undefined }
        this.#buckets.set(name, bucket)
      }
      if (bucket.keys.has(key)) continue
      bucket.keys.add(key)
      bucket.sorted = undefined
    }
    for (const key of this.#removed) {
      if (this.#latest.has(key)) continue
      const bucket = this.#buckets.get(bucketOf(key))
      if (bucket === undefined || !bucket.keys.delete(key)) continue
      bucket.sorted = undefined
      if (bucket.keys.size === 0) this.#buckets.delete(bucketOf(key))
    }
    this.#added = []
    this.#removed = []
  }

  /**
   * The keys written by pending blocks (all of them, or those numbered at most `upTo`), sorted,
   * that start with `prefix` and come after `startAfter`.
   */
  changedKeys(prefix: StorageKey, startAfter: StorageKey | undefined, upTo?: number): StorageKey[] {
    const { from, strict } = scanStart(prefix, startAfter)
    if (upTo !== undefined && upTo < this.first + this.#blocks.length - 1) {
      // A past block: rare, so scan the blocks' own key lists.
      const found = new Set<StorageKey>()
      for (const block of this.#blocks) {
        if (block.number > upTo) break
        for (const key of block.offsets.keys())
          if (key.startsWith(prefix) && (key > from || (!strict && key === from))) found.add(key)
      }
      return [...found].sort()
    }
    this.#fold()
    const out: StorageKey[] = []
    const names =
      prefix.length >= 64
        ? [bucketOf(prefix)]
        : [...this.#buckets.keys()].filter(n => n.startsWith(prefix))
    names.sort()
    for (const name of names) {
      const bucket = this.#buckets.get(name)
      if (bucket === undefined) continue
      bucket.sorted ??= [...bucket.keys].sort()
      const sorted = bucket.sorted
      for (let i = lowerBound(sorted, from, strict); i < sorted.length; i++) {
        const key = sorted[i] as StorageKey
        if (!key.startsWith(prefix)) break
        out.push(key)
      }
    }
    return out
  }
}

import { createByteArena } from '../../primitives/index.ts'
import {
  bucketOf,
  type ChangeSet,
  lowerBound,
  type StorageBackend,
  type StorageKey,
} from './backend.ts'

/** A storage backend held in memory, which can apply change sets. */
export interface MemoryBackend extends StorageBackend {
  /** Applies a block's writes. */
  apply(changes: ChangeSet): void
  /** Number of keys held. */
  readonly size: number
  /** Every key and value, in key order (for tests and state dumps). */
  entries(): Iterable<[StorageKey, Uint8Array]>
}

/** Values up to this size may be stored once for several keys that were given the same array. */
const SHARED_MAX = 64
const EMPTY: Uint8Array = new Uint8Array(0)

interface Bucket {
  readonly keys: Set<StorageKey>
  sorted: StorageKey[] | undefined
}

/**
 * An in-memory `StorageBackend`. Reads and writes are plain `Map` operations. The key order
 * needed by prefix iteration is kept per storage item (keys grouped by their first 32 bytes) and
 * built lazily: keys added or removed since the last iteration are folded in when iteration
 * next needs them, and only the touched groups are re-sorted.
 *
 * @example
 * const backend = createMemoryBackend()
 * backend.apply(block.changes)
 */
export const createMemoryBackend = (): MemoryBackend => {
  const values = new Map<StorageKey, Uint8Array>()
  // Stored values get slabs of their own: short-lived encodings must not be pinned by them.
  const arena = createByteArena()
  const buckets = new Map<string, Bucket>()
  let bucketNames: string[] | undefined
  let added: StorageKey[] = []
  let removed: StorageKey[] = []

  // Folding checks current presence, so a key added then removed (or the reverse) before the
  // next iteration ends up right whatever the order of the two lists.
  const foldPending = (): void => {
    for (const key of added) {
      if (!values.has(key)) continue
      const name = bucketOf(key)
      let bucket = buckets.get(name)
      if (bucket === undefined) {
        bucket = { keys: new Set(), sorted: undefined }
        buckets.set(name, bucket)
        bucketNames = undefined
      }
      bucket.keys.add(key)
      bucket.sorted = undefined
    }
    for (const key of removed) {
      const bucket = buckets.get(bucketOf(key))
      if (bucket === undefined || values.has(key)) continue
      bucket.keys.delete(key)
      bucket.sorted = undefined
    }
    added = []
    removed = []
  }

  function* keys(prefix: StorageKey, startAfter?: StorageKey): Iterable<StorageKey> {
    foldPending()
    bucketNames ??= [...buckets.keys()].sort()
    const names =
      prefix.length >= 64 ? [bucketOf(prefix)] : bucketNames.filter(n => n.startsWith(prefix))
    for (const name of names) {
      const bucket = buckets.get(name)
      if (bucket === undefined) continue
      bucket.sorted ??= [...bucket.keys].sort()
      const sorted = bucket.sorted
      const from = startAfter !== undefined && startAfter > prefix ? startAfter : prefix
      for (let i = lowerBound(sorted, from, from === startAfter); i < sorted.length; i++) {
        const key = sorted[i] as StorageKey
        if (!key.startsWith(prefix)) break
        yield key
      }
    }
  }

  return {
    get: key => values.get(key),
    keys,
    get size() {
      return values.size
    },
    *entries() {
      for (const key of keys('')) yield [key, values.get(key) as Uint8Array]
    },
    apply(changes) {
      // A batch of mints stores one owner and one version value under many keys, in turn with
      // each pet: a small array seen among the last two is stored as the same copy (stored
      // values are never changed in place), which also spares the collector an array per key.
      let source1: Uint8Array | undefined
      let copy1 = EMPTY
      let source2: Uint8Array | undefined
      let copy2 = EMPTY
      // forEach hands over key and value without an entry array per write.
      changes.forEach((value, key) => {
        if (value === null) {
          if (values.delete(key)) removed.push(key)
          return
        }
        let copy: Uint8Array
        if (value.length > SHARED_MAX) copy = arena.copy(value)
        else if (value === source1) copy = copy1
        else if (value === source2) copy = copy2
        else {
          copy = arena.copy(value)
          source2 = source1
          copy2 = copy1
          source1 = value
          copy1 = copy
        }
        // One lookup instead of two: a new key is the one that grows the map.
        const before = values.size
        values.set(key, copy)
        if (values.size !== before) added.push(key)
      })
    },
  }
}

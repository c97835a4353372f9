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

interface Bucket {
  readonly keys: Set<StorageKey>
  sorted: StorageKey[] | undefined
}

/**
 * An in-memory `StorageBackend`. Keys are grouped by their first 32 bytes (one group per storage
 * item), and each group's key order is rebuilt only when that group is iterated after a change,
 * so writing pets never re-sorts the hook registry.
 *
 * @example
 * const backend = createMemoryBackend()
 * backend.apply(block.changes)
 */
export const createMemoryBackend = (): MemoryBackend => {
  const values = new Map<StorageKey, Uint8Array>()
  const buckets = new Map<string, Bucket>()
  let bucketNames: string[] | undefined

  const sortedKeys = (bucket: Bucket): StorageKey[] => {
    bucket.sorted ??= [...bucket.keys].sort()
    return bucket.sorted
  }

  function* keys(prefix: StorageKey, startAfter?: StorageKey): Iterable<StorageKey> {
    bucketNames ??= [...buckets.keys()].sort()
    const names =
      prefix.length >= 64 ? [bucketOf(prefix)] : bucketNames.filter(n => n.startsWith(prefix))
    for (const name of names) {
      const bucket = buckets.get(name)
      if (bucket === undefined) continue
      const sorted = sortedKeys(bucket)
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
      for (const [key, value] of changes) {
        const name = bucketOf(key)
        let bucket = buckets.get(name)
        if (value === null) {
          if (values.delete(key) && bucket !== undefined) {
            bucket.keys.delete(key)
            bucket.sorted = undefined
          }
          continue
        }
        if (!values.has(key)) {
          if (bucket === undefined) {
            bucket = { keys: new Set(), sorted: undefined }
            buckets.set(name, bucket)
            bucketNames = undefined
          }
          bucket.keys.add(key)
          bucket.sorted = undefined
        }
        values.set(key, value)
      }
    },
  }
}

/**
 * A storage key: lowercase hex without `0x`. Hex order equals byte order, so sorting keys as
 * strings sorts them as Substrate does.
 */
export type StorageKey = string

/** The writes of a block (or of a genesis): a value per key, or `null` for a deletion. */
export type ChangeSet = ReadonlyMap<StorageKey, Uint8Array | null>

/**
 * Read access to committed state, as the runtime needs it. The node implements it over LMDB;
 * `createMemoryBackend` implements it in memory.
 */
export interface StorageBackend {
  /** The value at `key`, or `undefined` when absent. */
  get(key: StorageKey): Uint8Array | undefined
  /** Keys that start with `prefix`, in ascending order, strictly after `startAfter` when given. */
  keys(prefix: StorageKey, startAfter?: StorageKey): Iterable<StorageKey>
}

/** Keys are bucketed by their first 32 bytes (pallet prefix ++ item prefix). */
export const bucketOf = (key: StorageKey): string => key.slice(0, 64)

/** Index of the first element of sorted `keys` that is greater than `after` (or >= `from`). */
export const lowerBound = (
  keys: readonly StorageKey[],
  from: StorageKey,
  strict: boolean,
): number => {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const k = keys[mid] as StorageKey
    if (k < from || (strict && k === from)) lo = mid + 1
    else hi = mid
  }
  return lo
}

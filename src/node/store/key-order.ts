import type { StorageKey } from '../../runtime/index.ts'

/** Index of the first element of sorted `keys` greater than `from` (`strict`) or at least `from`. */
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

/**
 * Where a `keys(prefix, startAfter)` scan starts: `startAfter` (exclusive) when it lies beyond
 * the prefix, else the prefix itself (inclusive).
 */
export const scanStart = (
  prefix: StorageKey,
  startAfter: StorageKey | undefined,
): { from: StorageKey; strict: boolean } =>
  startAfter !== undefined && startAfter >= prefix
    ? { from: startAfter, strict: true }
    : { from: prefix, strict: false }

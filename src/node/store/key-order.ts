import type { StorageKey } from '../../runtime/index.ts'

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

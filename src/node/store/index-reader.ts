import type { StorageKey } from '../../runtime/index.ts'
import { afterHistoryOf, historyKey, historyPrefix, parseHistoryKey } from './history-key.ts'
import { scanStart } from './key-order.ts'
import type { IndexEnv } from './lmdb-env.ts'
import { plainCopy } from './record-codec.ts'
import { MAX_BLOCK_NUMBER, MAX_KEY_BYTES } from './validate.ts'

const HEX_PREFIX = /^[0-9a-f]*$/
const UPPER_HEX = /[A-F]/

// Reads are synchronous and LMDB copies keys, so one scratch buffer serves every lookup.
let scratch = Buffer.allocUnsafe(MAX_KEY_BYTES)

/**
 * The bytes of a storage key, or `undefined` if it is not one the store can hold. A hex write that
 * stops short catches non-hex characters, one search catches upper case: cheaper than a pattern.
 */
const keyBytes = (key: StorageKey): Buffer | undefined => {
  if (key.length === 0 || key.length > MAX_KEY_BYTES * 2) return undefined
  if (scratch.length < key.length) scratch = Buffer.allocUnsafe(key.length)
  const length = scratch.write(key, 0, 'hex')
  if (length * 2 !== key.length || UPPER_HEX.test(key)) return undefined
  return scratch.subarray(0, length)
}
// Keys are fetched in chunks, so no LMDB cursor (and no read snapshot) outlives one call.
const CHUNK = 256

/** Reads of the LMDB state index, as of the latest index snapshot this thread sees. */
export interface IndexReader {
  /** The indexed current value of `key`. */
  get(key: StorageKey): Uint8Array | undefined
  /** The value of `key` after block `m` (`m` at most the indexed height). */
  getAt(key: StorageKey, m: number): Uint8Array | undefined
  /** Keys in the indexed current state with `prefix`, after `startAfter`, sorted. */
  stateKeys(prefix: StorageKey, startAfter: StorageKey | undefined): Iterable<StorageKey>
  /** Distinct keys with history entries (keys that changed or were deleted), same filter. */
  historyKeys(prefix: StorageKey, startAfter: StorageKey | undefined): Iterable<StorageKey>
}

/** Whether a hex key from the index passes a `keys(prefix, startAfter)` filter. */
const accepts = (key: StorageKey, from: StorageKey, strict: boolean): boolean =>
  key > from || (!strict && key === from)

const startsWith = (bytes: Buffer, prefix: Buffer): boolean =>
  bytes.length >= prefix.length && bytes.compare(prefix, 0, prefix.length, 0, prefix.length) === 0

/** Bytes of the whole-byte part of a hex prefix (an odd trailing nibble is filtered later). */
const prefixBytes = (hex: StorageKey): Buffer => Buffer.from(hex.slice(0, hex.length & ~1), 'hex')

/**
 * Reads the index written by `indexNextBlocks`: current values from the state db, past values
 * from the state db (if set at or before the block) or else the first history entry ending after
 * the block (if it had started by then).
 */
export const createIndexReader = (index: IndexEnv): IndexReader => {
  const getAt = (key: StorageKey, m: number): Uint8Array | undefined => {
    const bytes = keyBytes(key)
    if (bytes === undefined) return undefined
    const current = index.state.getBinaryFast(bytes)
    if (current !== undefined && current.readUInt32BE(0) <= m) return plainCopy(current, 4)
    if (m >= MAX_BLOCK_NUMBER) return undefined
    // The first value of this key that ended after m: it held at m if it had started by then.
    const from = historyKey(bytes, m + 1)
    const sameKey = from.length - 4
    for (const { key: found, value } of index.history.getRange({ start: from, limit: 1 })) {
      if (found.length !== from.length || found.compare(from, 0, sameKey, 0, sameKey) !== 0)
        return undefined
      return value.readUInt32BE(0) <= m ? plainCopy(value, 4) : undefined
    }
    return undefined
  }

  function* stateKeys(prefix: StorageKey, startAfter: StorageKey | undefined) {
    if (!HEX_PREFIX.test(prefix)) return
    const { from, strict } = scanStart(prefix, startAfter)
    let start = prefixBytes(from)
    for (;;) {
      let last: Buffer | undefined
      const range = start.length > 0 ? { start, limit: CHUNK } : { limit: CHUNK }
      for (const keyBytes of index.state.getKeys(range)) {
        last = keyBytes
        const key = keyBytes.toString('hex')
        if (key.startsWith(prefix)) {
          if (accepts(key, from, strict)) yield key
        } else if (key > prefix) return
      }
      if (last === undefined) return
      start = Buffer.concat([last, Buffer.of(0)])
    }
  }

  function* historyKeys(prefix: StorageKey, startAfter: StorageKey | undefined) {
    if (!HEX_PREFIX.test(prefix)) return
    const { from, strict } = scanStart(prefix, startAfter)
    const escapedPrefix = historyPrefix(prefixBytes(prefix))
    let start = historyPrefix(prefixBytes(from))
    for (;;) {
      let found: Buffer | undefined
      for (const k of index.history.getKeys(start.length > 0 ? { start, limit: 1 } : { limit: 1 }))
        found = k
      if (found === undefined || !startsWith(found, escapedPrefix)) return
      const { key: keyBytes } = parseHistoryKey(found)
      const key = keyBytes.toString('hex')
      if (key.startsWith(prefix) && accepts(key, from, strict)) yield key
      start = afterHistoryOf(keyBytes)
    }
  }

  return {
    get(key) {
      const bytes = keyBytes(key)
      if (bytes === undefined) return undefined
      const found = index.state.getBinaryFast(bytes)
      return found === undefined ? undefined : plainCopy(found, 4)
    },
    getAt,
    stateKeys,
    historyKeys,
  }
}

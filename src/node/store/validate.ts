import type { StorageKey } from '../../runtime/index.ts'
import type { StoredBlock } from './block-store.ts'
import { StoreError } from './store-error.ts'

/** Length of a block hash (blake2_256). */
export const HASH_LENGTH = 32

/** Longest storage key accepted, in bytes: LMDB keys are limited, and history keys add 6 bytes. */
export const MAX_KEY_BYTES = 1024

/** Highest block number: numbers are stored as u32, as in the header. */
export const MAX_BLOCK_NUMBER = 0xffff_ffff

const HEX_BYTES = /^(?:[0-9a-f]{2})+$/

/** True when `key` is a storage key the store can hold: non-empty lowercase hex of whole bytes. */
export const isStoredKey = (key: StorageKey): boolean =>
  key.length <= MAX_KEY_BYTES * 2 && HEX_BYTES.test(key)

/** True for an integer that can be a block number. */
export const isBlockNumber = (n: number): boolean =>
  Number.isInteger(n) && n >= 0 && n <= MAX_BLOCK_NUMBER

/** Throws `INVALID_HASH` unless `hash` is 32 bytes. */
export const checkHash = (hash: unknown): void => {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_LENGTH)
    throw new StoreError('INVALID_HASH', `a block hash must be ${HASH_LENGTH} bytes`)
}

/** The error for a storage key the store cannot hold. */
export const invalidKey = (key: unknown): StoreError =>
  new StoreError(
    'INVALID_BLOCK',
    `storage key ${JSON.stringify(String(key).slice(0, 80))} is not lowercase hex bytes (1 to ${MAX_KEY_BYTES})`,
  )

/** The error for a value that is neither bytes nor `null`. */
export const invalidValue = (key: StorageKey): StoreError =>
  new StoreError('INVALID_BLOCK', `the value of ${key} must be bytes or null`)

/**
 * Checks everything about a block offered to `commit` but its change entries: its number against
 * the store's next one, its hash, header and extrinsics.
 */
export const validateBlockHead = (block: StoredBlock, expectedNumber: number): void => {
  if (block.number !== expectedNumber)
    throw new StoreError(
      'NON_CONTIGUOUS_BLOCK',
      `expected block ${expectedNumber}, got ${String(block.number)}`,
    )
  if (!isBlockNumber(block.number))
    throw new StoreError('NON_CONTIGUOUS_BLOCK', `block number ${block.number} is out of range`)
  checkHash(block.hash)
  if (!(block.header instanceof Uint8Array))
    throw new StoreError('INVALID_BLOCK', 'the header must be bytes')
  if (!Array.isArray(block.extrinsics) || !block.extrinsics.every(x => x instanceof Uint8Array))
    throw new StoreError('INVALID_BLOCK', 'extrinsics must be an array of bytes')
  if (!(block.changes instanceof Map))
    throw new StoreError('INVALID_BLOCK', 'changes must be a Map')
}

/**
 * Checks a block's change entries. Every adapter refuses the same blocks with the same codes, in
 * the same order (head, then repeated hash, then entries); the LMDB store checks the entries while
 * encoding them (`encodeChanges`).
 */
export const validateChanges = (changes: StoredBlock['changes']): void => {
  // forEach, not for-of: no [key, value] array per entry.
  changes.forEach((value, key) => {
    if (typeof key !== 'string' || !isStoredKey(key)) throw invalidKey(key)
    if (value !== null && !(value instanceof Uint8Array)) throw invalidValue(key)
  })
}

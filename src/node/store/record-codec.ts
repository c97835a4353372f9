import type { ChangeSet, StorageKey } from '../../runtime/index.ts'
import { StoreError } from './store-error.ts'
import { HASH_LENGTH, invalidKey, invalidValue, MAX_KEY_BYTES } from './validate.ts'

// On-disk encodings of the block store. Lengths are little-endian; block numbers inside keys are
// big-endian so that byte order is numeric order.

/** Marks a deletion in a change record, in place of a value length. */
const DELETED = 0xffff_ffff

/** Offset of an entry's value-length field in a change record, or this for a deletion. */
export const DELETION = -1

/** A block's change set encoded as one record, and where each key's value sits in it. */
export interface EncodedChanges {
  /** `u32 count`, then per change `u16 keyLength, key, u32 valueLength | 0xffffffff, value`. */
  readonly bytes: Buffer
  /** Key → offset of its value-length field in `bytes`, or `DELETION`. */
  readonly offsets: Map<StorageKey, number>
}

const UPPER_HEX = /[A-F]/

/**
 * Encodes a change set as one record, checking its entries on the way (keys must be lowercase
 * hex of 1 to `MAX_KEY_BYTES` bytes, values bytes or `null`), as `validateBlock` does: a hex
 * write that stops short catches any non-hex character, and one search catches upper case,
 * at a third of the cost of a full pattern match per key.
 */
export const encodeChanges = (changes: ChangeSet): EncodedChanges => {
  // forEach, not for-of: no [key, value] array per entry on this hot path.
  let size = 4
  changes.forEach((value, key) => {
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_BYTES * 2)
      throw invalidKey(key)
    if (value !== null && !(value instanceof Uint8Array)) throw invalidValue(key)
    size += 6 + (key.length >>> 1) + (value === null ? 0 : value.length)
  })
  const bytes = Buffer.allocUnsafe(size)
  const offsets = new Map<StorageKey, number>()
  bytes.writeUInt32LE(changes.size, 0)
  let at = 4
  changes.forEach((value, key) => {
    const keyLength = bytes.write(key, at + 2, 'hex')
    if (keyLength * 2 !== key.length || UPPER_HEX.test(key)) throw invalidKey(key)
    bytes.writeUInt16LE(keyLength, at)
    at += 2 + keyLength
    if (value === null) {
      bytes.writeUInt32LE(DELETED, at)
      offsets.set(key, DELETION)
      at += 4
    } else {
      bytes.writeUInt32LE(value.length, at)
      offsets.set(key, at)
      bytes.set(value, at + 4)
      at += 4 + value.length
    }
  })
  return { bytes, offsets }
}

/** Calls `visit` for each change of a record: key bytes at [keyStart, keyEnd), value offset. */
export const forEachChange = (
  bytes: Buffer,
  visit: (keyStart: number, keyEnd: number, valueOffset: number) => void,
): void => {
  if (bytes.length < 4) throw new StoreError('CORRUPT_STORE', 'truncated change record')
  const count = bytes.readUInt32LE(0)
  let at = 4
  for (let i = 0; i < count; i++) {
    const keyLength = bytes.readUInt16LE(at)
    const keyStart = at + 2
    at = keyStart + keyLength
    const length = bytes.readUInt32LE(at)
    if (length === DELETED) {
      visit(keyStart, at, DELETION)
      at += 4
    } else {
      visit(keyStart, at, at)
      at += 4 + length
    }
  }
  if (at !== bytes.length) throw new StoreError('CORRUPT_STORE', 'change record length mismatch')
}

/** Rebuilds the key → offset map of an encoded change record (when reopening a store). */
export const changeOffsets = (bytes: Buffer): Map<StorageKey, number> => {
  const offsets = new Map<StorageKey, number>()
  forEachChange(bytes, (keyStart, keyEnd, offset) => {
    offsets.set(bytes.toString('hex', keyStart, keyEnd), offset)
  })
  return offsets
}

/** The value at `offset` of a change record, as a view (callers must not write to it). */
export const valueAt = (bytes: Buffer, offset: number): Uint8Array => {
  const length = bytes.readUInt32LE(offset)
  return new Uint8Array(bytes.buffer, bytes.byteOffset + offset + 4, length)
}

/** Decodes a whole change record into a change set (values are copies). */
export const decodeChanges = (bytes: Buffer): Map<StorageKey, Uint8Array | null> => {
  const changes = new Map<StorageKey, Uint8Array | null>()
  forEachChange(bytes, (keyStart, keyEnd, offset) => {
    changes.set(
      bytes.toString('hex', keyStart, keyEnd),
      offset === DELETION ? null : valueAt(bytes, offset).slice(),
    )
  })
  return changes
}

/** Encodes a block body: `u32 count`, then per extrinsic `u32 length, bytes`. */
export const encodeBody = (extrinsics: readonly Uint8Array[]): Buffer => {
  let size = 4
  for (const x of extrinsics) size += 4 + x.length
  const bytes = Buffer.allocUnsafe(size)
  bytes.writeUInt32LE(extrinsics.length, 0)
  let at = 4
  for (const x of extrinsics) {
    bytes.writeUInt32LE(x.length, at)
    bytes.set(x, at + 4)
    at += 4 + x.length
  }
  return bytes
}

/** Decodes a block body into fresh arrays. */
export const decodeBody = (bytes: Uint8Array): Uint8Array[] => {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  const count = view.readUInt32LE(0)
  const out: Uint8Array[] = []
  let at = 4
  for (let i = 0; i < count; i++) {
    const length = view.readUInt32LE(at)
    out.push(plainCopy(view, at + 4, at + 4 + length))
    at += 4 + length
  }
  if (at !== view.length) throw new StoreError('CORRUPT_STORE', 'block body length mismatch')
  return out
}

/** A header record: the block hash, then the SCALE header. */
export const encodeHeaderRecord = (hash: Uint8Array, header: Uint8Array): Buffer => {
  const bytes = Buffer.allocUnsafe(HASH_LENGTH + header.length)
  bytes.set(hash, 0)
  bytes.set(header, HASH_LENGTH)
  return bytes
}

/** A u32 as 4 big-endian bytes: block numbers as LMDB keys and markers. */
export const u32be = (n: number): Buffer => {
  const bytes = Buffer.allocUnsafe(4)
  bytes.writeUInt32BE(n, 0)
  return bytes
}

/** Copies bytes into a plain `Uint8Array` (never a `Buffer`, never a view of shared memory). */
export const plainCopy = (bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array =>
  new Uint8Array(bytes.subarray(start, end))

import {
  blake2_128,
  bytesToBinaryString,
  bytesToRawHex,
  concatBytes,
  twox64,
  twox128,
  utf8,
} from '../../primitives/index.ts'
import type { StorageKey } from './backend.ts'
import { NumberCache } from './number-cache.ts'

/** The map hashers we implement: those that keep the raw key readable after the hash. */
export type MapHasher = 'Blake2_128Concat' | 'Twox64Concat' | 'Identity'

/**
 * Hex of `hasher(encodedKey)` as it appears after the map's prefix.
 *
 * @example hashKeyHex('Twox64Concat', encode(u32, 1))
 */
export const hashKeyHex = (hasher: MapHasher, encodedKey: Uint8Array): string => {
  if (hasher === 'Identity') return flatHex(encodedKey)
  // The same key is hashed again and again (one pet id under several maps, one account per
  // transaction): a bounded memo of recent hashes saves most of the work.
  const memoKey = (hasher === 'Blake2_128Concat' ? 'b' : 't') + bytesToBinaryString(encodedKey)
  const known = memo.get(memoKey)
  if (known !== undefined) return known
  const hashed = computeKeyHex(hasher, encodedKey)
  if (memo.size >= MEMO_SIZE) memo.clear()
  memo.set(memoKey, hashed)
  return hashed
}

const MEMO_SIZE = 65_536
const memo = new Map<string, string>()

// Hex digits as ASCII codes, written into one buffer and decoded in one go: the result is a flat
// string. Appending two digits at a time would build a deep rope that V8 must flatten before it
// can hash the key, which cost more than the rest of a storage write.
const HEX_CODES = new Uint16Array(256)
for (let i = 0; i < 256; i++) {
  const digits = i.toString(16).padStart(2, '0')
  HEX_CODES[i] = digits.charCodeAt(0) | (digits.charCodeAt(1) << 8)
}
const ascii = new TextDecoder('latin1')
let hexBuffer = new Uint8Array(256)

/** Lowercase hex of `first` followed by `second`, as one flat string. */
const flatHex = (first: Uint8Array, second?: Uint8Array): string => {
  const length = 2 * (first.length + (second?.length ?? 0))
  if (hexBuffer.length < length) hexBuffer = new Uint8Array(2 * length)
  const out = hexBuffer
  let at = 0
  for (let i = 0; i < first.length; i++, at += 2) {
    const code = HEX_CODES[first[i] as number] as number
    out[at] = code & 0xff
    out[at + 1] = code >>> 8
  }
  if (second !== undefined) {
    for (let i = 0; i < second.length; i++, at += 2) {
      const code = HEX_CODES[second[i] as number] as number
      out[at] = code & 0xff
      out[at + 1] = code >>> 8
    }
  }
  return ascii.decode(out.subarray(0, length))
}

const u32Bytes = new Uint8Array(4)
const u32Memo = {
  Blake2_128Concat: new NumberCache(MEMO_SIZE),
  Twox64Concat: new NumberCache(MEMO_SIZE),
}

/**
 * `hashKeyHex(hasher, encode(u32, id))` for a valid u32 `id`, without encoding it. Pet and hook
 * ids are u32 keys of several maps (a new pet gets three entries), so the hashed form of an id
 * is remembered once for every map that uses the same hasher.
 */
export const u32KeyHex = (hasher: MapHasher, id: number): string => {
  u32Bytes[0] = id
  u32Bytes[1] = id >>> 8
  u32Bytes[2] = id >>> 16
  u32Bytes[3] = id >>> 24
  if (hasher === 'Identity') return flatHex(u32Bytes)
  const cache = u32Memo[hasher]
  const known = cache.get(id)
  if (known !== undefined) return known
  return cache.set(id, computeKeyHex(hasher, u32Bytes))
}

const computeKeyHex = (hasher: MapHasher, encodedKey: Uint8Array): string => {
  switch (hasher) {
    case 'Blake2_128Concat':
      return flatHex(blake2_128(encodedKey), encodedKey)
    case 'Twox64Concat':
      return flatHex(twox64(encodedKey), encodedKey)
    case 'Identity':
      return flatHex(encodedKey)
  }
}

/** Bytes of the hash that precede the raw key in a hashed map key. */
export const hashLength = (hasher: MapHasher): number =>
  hasher === 'Blake2_128Concat' ? 16 : hasher === 'Twox64Concat' ? 8 : 0

/**
 * The 32-byte prefix of a storage item, `twox128(pallet) ++ twox128(item)`, as hex.
 *
 * @example itemPrefix('System', 'Events') // '26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7'
 */
export const itemPrefix = (pallet: string, item: string): StorageKey =>
  bytesToRawHex(concatBytes(twox128(utf8(pallet)), twox128(utf8(item))))

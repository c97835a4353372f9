import { compactU32, concatBytes, encode, Reader } from '../../src/primitives/index.ts'
import type { Random } from './fuzz-random.ts'

// Byte-level mutations shared by the extrinsic fuzzers (scripts/fuzz-extrinsic.ts and the node
// fuzz): they work on an extrinsic's body and keep or rebuild its compact length prefix.

/** The body after a compact length prefix, or `undefined` when the prefix does not decode. */
export const splitPrefix = (bytes: Uint8Array): Uint8Array | undefined => {
  try {
    const reader = new Reader(bytes)
    reader.compact()
    return bytes.subarray(reader.offset)
  } catch {
    return undefined
  }
}

/** `body` behind its own compact length. */
export const withPrefix = (body: Uint8Array): Uint8Array =>
  concatBytes(encode(compactU32, body.length), body)

/** Applies `fn` to a copy of the body and re-prefixes it (or to a copy of all bytes without a prefix). */
export const inBody = (bytes: Uint8Array, fn: (body: Uint8Array) => Uint8Array): Uint8Array => {
  const body = splitPrefix(bytes)
  return body === undefined ? fn(bytes.slice()) : withPrefix(fn(body.slice()))
}

/** Flips one to four random bits in place. */
export const flipBits = (r: Random, bytes: Uint8Array): Uint8Array => {
  if (bytes.length === 0) return bytes
  const flips = 1 + r.int(4)
  for (let i = 0; i < flips; i++) {
    const at = r.int(bytes.length)
    bytes[at] = (bytes[at] as number) ^ (1 << r.int(8))
  }
  return bytes
}

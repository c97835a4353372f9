import { bytesToHex, InvalidFormatError, isHex } from '../primitives/index.ts'

/** A block hash or storage key, as bytes or as `0x`-hex. */
export type BytesLike = Uint8Array | string

/**
 * The `0x`-hex form of bytes given either way; throws `InvalidFormatError` on a string that is
 * not `0x`-hex, before anything is sent.
 *
 * @example toHexParam(new Uint8Array([1])) // '0x01'
 */
export const toHexParam = (value: BytesLike): string => {
  if (typeof value !== 'string') return bytesToHex(value)
  if (!isHex(value))
    throw new InvalidFormatError(`expected 0x-prefixed hex, got ${String(value).slice(0, 20)}`)
  return value.toLowerCase()
}

/** Trailing optional params: `at` (or any last param) is left out when not given. */
export const withOptional = (params: readonly unknown[], last: unknown): readonly unknown[] =>
  last === undefined ? params : [...params, last]

import { InvalidFormatError } from './errors.ts'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const NIBBLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i
for (let i = 0; i < 6; i++) {
  NIBBLE[97 + i] = 10 + i
  NIBBLE[65 + i] = 10 + i
}

/**
 * Lowercase hex of `bytes`, without a prefix. Byte order and string order agree, which is why
 * storage keys are kept in this form.
 *
 * @example bytesToRawHex(new Uint8Array([1, 255])) // '01ff'
 */
export const bytesToRawHex = (bytes: Uint8Array): string => {
  // Short inputs (keys, ids) are faster through the table; longer ones through Node's native hex.
  if (bytes.length > 24)
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number]
  return out
}

/**
 * `0x`-prefixed lowercase hex, as every Substrate client expects.
 *
 * @example bytesToHex(new Uint8Array([1, 255])) // '0x01ff'
 */
export const bytesToHex = (bytes: Uint8Array): string => `0x${bytesToRawHex(bytes)}`

/** True when `value` is `0x` followed by an even number of hex digits. */
export const isHex = (value: unknown): value is string =>
  typeof value === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(value)

/**
 * Parses hex with or without `0x`. Throws `InvalidFormatError` on odd length or a non-hex digit;
 * edges that take hex from users check with `isHex` first and answer with their own typed error.
 *
 * @example hexToBytes('0x01ff') // Uint8Array [1, 255]
 */
export const hexToBytes = (hex: string): Uint8Array => {
  const start = hex.startsWith('0x') || hex.startsWith('0X') ? 2 : 0
  const length = hex.length - start
  if (length % 2 !== 0)
    throw new InvalidFormatError(`hex has an odd number of digits: ${hex.slice(0, 20)}`)
  const out = new Uint8Array(length / 2)
  for (let i = 0; i < out.length; i++) {
    const hi = NIBBLE[hex.charCodeAt(start + 2 * i)] ?? -1
    const lo = NIBBLE[hex.charCodeAt(start + 2 * i + 1)] ?? -1
    if (hi < 0 || lo < 0)
      throw new InvalidFormatError(`not hex at digit ${2 * i}: ${hex.slice(0, 20)}`)
    out[i] = (hi << 4) | lo
  }
  return out
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/** Concatenates byte arrays into one new array. */
export const concatBytes = (...parts: readonly Uint8Array[]): Uint8Array => {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

/** Byte-wise equality. */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * UTF-8 bytes of a string (pet names and species are byte strings on chain).
 *
 * @example utf8('Rex') // Uint8Array [82, 101, 120]
 */
export const utf8 = (text: string): Uint8Array => encoder.encode(text)

/** Text of UTF-8 bytes; invalid sequences become U+FFFD (names are bytes, not guaranteed UTF-8). */
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes)

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

/**
 * The bytes as a string of one char per byte: exact, cheap, and usable as a `Map` key for
 * lookups by content. Not text: use `fromUtf8` for that.
 */
export const bytesToBinaryString = (bytes: Uint8Array): string =>
  String.fromCharCode.apply(null, bytes as unknown as number[])

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

// V8 gives typed arrays over 64 bytes a separately allocated backing store, which costs about as
// much as encoding a whole pet. Byte strings up to 4 KiB are instead carved out of shared 64 KiB
// slabs (as Node's Buffer pool does); a slab is freed once no view of it remains.
const SLAB_SIZE = 1 << 16
const POOLED_MAX = 4096

/**
 * A slab allocator of byte arrays. Long-lived bytes (stored state) should come from their own
 * arena, so that one kept value does not pin a slab full of short-lived encodings.
 *
 * @example const arena = createByteArena(); const kept = arena.copy(value)
 */
export const createByteArena = () => {
  let slab = new ArrayBuffer(SLAB_SIZE)
  let offset = 0
  const alloc = (length: number): Uint8Array => {
    if (length <= 64 || length > POOLED_MAX) return new Uint8Array(length)
    if (offset + length > SLAB_SIZE) {
      slab = new ArrayBuffer(SLAB_SIZE)
      offset = 0
    }
    const view = new Uint8Array(slab, offset, length)
    offset += (length + 7) & ~7
    return view
  }
  return {
    /** A zero-filled array of `length` bytes, possibly a view into a shared slab. */
    alloc,
    /** A copy of `bytes` in this arena. */
    copy(bytes: Uint8Array): Uint8Array {
      const out = alloc(bytes.length)
      out.set(bytes)
      return out
    },
  }
}

const scratchArena = createByteArena()

/**
 * A zero-filled `Uint8Array` of `length` bytes, cheap to allocate: for encodings and decoded byte
 * strings. It may be a view into a shared buffer: use `byteOffset` with `.buffer`, as with any
 * view.
 *
 * @example const out = allocBytes(150)
 */
export const allocBytes = (length: number): Uint8Array => scratchArena.alloc(length)

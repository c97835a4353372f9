// History keys: `escape(key) ++ 0x00 0x00 ++ u32be(block)`. Escaping (0x00 → 0x00 0xff) and the
// 0x00 0x00 terminator keep every key's entries together and the keys in storage-key order, even
// when one storage key is a prefix of another; the block number sorts a key's entries by age.

const TERMINATOR_LENGTH = 2
const BLOCK_LENGTH = 4

const escapedLength = (key: Uint8Array): number => {
  let zeros = 0
  for (let i = 0; i < key.length; i++) if (key[i] === 0) zeros++
  return key.length + zeros
}

const writeEscaped = (key: Uint8Array, out: Buffer): number => {
  let at = 0
  for (let i = 0; i < key.length; i++) {
    const b = key[i] as number
    out[at++] = b
    if (b === 0) out[at++] = 0xff
  }
  return at
}

/** The escaped form of a key prefix: every history key of a key starting with it starts with it. */
export const historyPrefix = (prefix: Uint8Array): Buffer => {
  const out = Buffer.allocUnsafe(escapedLength(prefix))
  writeEscaped(prefix, out)
  return out
}

/** The history key of `key`'s entry for `block`. */
export const historyKey = (key: Uint8Array, block: number): Buffer => {
  const out = Buffer.allocUnsafe(escapedLength(key) + TERMINATOR_LENGTH + BLOCK_LENGTH)
  const at = writeEscaped(key, out)
  out[at] = 0
  out[at + 1] = 0
  out.writeUInt32BE(block, at + TERMINATOR_LENGTH)
  return out
}

/** A bound that sorts after every history entry of `key` and before every greater key's. */
export const afterHistoryOf = (key: Uint8Array): Buffer => {
  const out = Buffer.allocUnsafe(escapedLength(key) + TERMINATOR_LENGTH)
  const at = writeEscaped(key, out)
  out[at] = 0
  out[at + 1] = 1
  return out
}

/** The storage key (as bytes) and block of a history key. */
export const parseHistoryKey = (bytes: Uint8Array): { key: Buffer; block: number } => {
  const key = Buffer.allocUnsafe(bytes.length)
  let length = 0
  let i = 0
  for (; i < bytes.length; i++) {
    const b = bytes[i] as number
    if (b === 0) {
      if (bytes[i + 1] === 0) break
      i++
    }
    key[length++] = b
  }
  const at = i + TERMINATOR_LENGTH
  const block =
    ((bytes[at] as number) * 0x100_0000 +
      (((bytes[at + 1] as number) << 16) |
        ((bytes[at + 2] as number) << 8) |
        (bytes[at + 3] as number))) >>>
    0
  return { key: key.subarray(0, length), block }
}

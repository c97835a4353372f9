/** A Buffer view of bytes (no copy): LMDB keys are typed as Buffers. */
export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)

/** A block hash as a `Map` key: one char per byte. */
export const hashKey = (hash: Uint8Array): string => asBuffer(hash).toString('latin1')

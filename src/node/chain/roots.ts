import { blake2_256, hexToBytes, Writer } from '../../primitives/index.ts'
import type { ChangeSet } from '../../runtime/index.ts'

/**
 * The extrinsics root (ADR 0001): `blake2_256` of the block body as SCALE `Vec<OpaqueExtrinsic>`,
 * i.e. the compact count followed by each extrinsic's own length-prefixed bytes.
 *
 * @example const root = extrinsicsRoot([xt1, xt2])
 */
export const extrinsicsRoot = (extrinsics: readonly Uint8Array[]): Uint8Array => {
  const writer = new Writer()
  writer.compact(extrinsics.length)
  for (const xt of extrinsics) writer.raw(xt)
  return blake2_256(writer.toBytes())
}

/**
 * The digest of one block's state changes: `blake2_256` over the changes sorted by key, each as
 * SCALE `(Vec<u8> key, Option<Vec<u8>> value)`. Sorting makes it independent of write order.
 */
export const changesDigest = (changes: ChangeSet): Uint8Array => {
  const keys = [...changes.keys()].sort()
  const writer = new Writer()
  writer.compact(keys.length)
  for (const key of keys) {
    const k = hexToBytes(key)
    writer.compact(k.length)
    writer.raw(k)
    const value = changes.get(key)
    if (value === null || value === undefined) writer.u8(0)
    else {
      writer.u8(1)
      writer.compact(value.length)
      writer.raw(value)
    }
  }
  return blake2_256(writer.toBytes())
}

/**
 * The state root (ADR 0001): a hash chain over every block's state changes,
 * `blake2_256(parentStateRoot ++ changesDigest(changes))`, starting from 32 zero bytes below
 * genesis. Two nodes that executed the same blocks agree on it; it is not a trie root, so it
 * proves nothing about a single key.
 */
export const stateRoot = (parentStateRoot: Uint8Array, changes: ChangeSet): Uint8Array => {
  const input = new Uint8Array(64)
  input.set(parentStateRoot, 0)
  input.set(changesDigest(changes), 32)
  return blake2_256(input)
}

import { bytesToHex, decode, encode } from '../../primitives/index.ts'
import type { HeaderJson } from '../../rpc/index.ts'
import { DigestItem, Header } from '../../runtime/index.ts'

/** Encodes a header. */
export const encodeHeader = (header: Header): Uint8Array => encode(Header, header)

/** Decodes a stored header. */
export const decodeHeader = (bytes: Uint8Array): Header => decode(Header, bytes)

/**
 * The JSON form (`chain_getHeader`, `chain_newHead`): hex hashes, the number as hex, and each
 * digest item as its own SCALE hex. The client's `headerFromJson` is its inverse.
 */
export const headerToJson = (header: Header): HeaderJson => ({
  parentHash: bytesToHex(header.parentHash),
  number: `0x${header.number.toString(16)}`,
  stateRoot: bytesToHex(header.stateRoot),
  extrinsicsRoot: bytesToHex(header.extrinsicsRoot),
  digest: { logs: header.digest.logs.map(item => bytesToHex(encode(DigestItem, item))) },
})

import {
  blake2_256,
  bytesToHex,
  compactU32,
  decode,
  encode,
  fixedBytes,
  hexToBytes,
  type Infer,
  struct,
} from '../../primitives/index.ts'
import type { HeaderJson } from '../../rpc/index.ts'
import { Digest, DigestItem } from '../../runtime/index.ts'

const hash32 = fixedBytes(32)

/** `sp_runtime::generic::header::Header<u32, BlakeTwo256>`, as blocks are hashed and served. */
export const Header = struct(['sp_runtime', 'generic', 'header', 'Header'], {
  parentHash: hash32,
  number: compactU32,
  stateRoot: hash32,
  extrinsicsRoot: hash32,
  digest: Digest,
})
/** A block header. */
export type Header = Infer<typeof Header>

/**
 * The block hash: `blake2_256(SCALE(header))`. Clients recompute it from the served JSON (the
 * mortal-era birth hash, PAPI's chain check), so the JSON must encode back to the same bytes.
 *
 * @example const hash = headerHash(encode(Header, header))
 */
export const headerHash = (encodedHeader: Uint8Array): Uint8Array => blake2_256(encodedHeader)

/** Encodes a header. */
export const encodeHeader = (header: Header): Uint8Array => encode(Header, header)

/** Decodes a stored header. */
export const decodeHeader = (bytes: Uint8Array): Header => decode(Header, bytes)

/** The JSON form (`chain_getHeader`, `chain_newHead`): hex hashes, hex number, and each digest item as its own SCALE hex. */
export const headerToJson = (header: Header): HeaderJson => ({
  parentHash: bytesToHex(header.parentHash),
  number: `0x${header.number.toString(16)}`,
  stateRoot: bytesToHex(header.stateRoot),
  extrinsicsRoot: bytesToHex(header.extrinsicsRoot),
  digest: { logs: header.digest.logs.map(item => bytesToHex(encode(DigestItem, item))) },
})

/** Parses the JSON form back (the inverse of `headerToJson`; used by the client and tests). */
export const headerFromJson = (json: HeaderJson): Header => ({
  parentHash: hexToBytes(json.parentHash),
  number: Number.parseInt(json.number, 16),
  stateRoot: hexToBytes(json.stateRoot),
  extrinsicsRoot: hexToBytes(json.extrinsicsRoot),
  digest: { logs: json.digest.logs.map(log => decode(DigestItem, hexToBytes(log))) },
})

import { decode, hexToBytes } from '../primitives/index.ts'
import type { HeaderJson } from '../rpc/index.ts'
import { DigestItem, type Header, headerHash } from '../runtime/index.ts'

/** A header with its hash, `blake2_256(SCALE(header))`, computed here rather than trusted. */
export interface BlockHeader extends Header {
  readonly hash: Uint8Array
}

/**
 * Decodes the header JSON the node serves and computes its hash, as polkadot-js does for the
 * mortal-era birth hash: the JSON must encode back to the exact bytes the node hashed. Throws
 * `DecodeError`/`InvalidFormatError` on a bad digest item or a number beyond `u32`.
 *
 * @example const { number, hash } = headerFromJson(await client.request(rpcCall('chain_getHeader', [])))
 */
export const headerFromJson = (json: HeaderJson): BlockHeader => {
  const header: Header = {
    parentHash: hexToBytes(json.parentHash),
    number: Number.parseInt(json.number.slice(2), 16),
    stateRoot: hexToBytes(json.stateRoot),
    extrinsicsRoot: hexToBytes(json.extrinsicsRoot),
    digest: { logs: json.digest.logs.map(log => decode(DigestItem, hexToBytes(log))) },
  }
  return { ...header, hash: headerHash(header) }
}

import {
  blake2_256,
  compactU32,
  encode,
  fixedBytes,
  type Infer,
  struct,
} from '../../primitives/index.ts'
import { Digest } from './types.ts'

const hash32 = fixedBytes(32)

/** `sp_runtime::generic::header::Header<u32, BlakeTwo256>`: what a block hash is computed over. */
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
 * The block hash: `blake2_256(SCALE(header))`. Clients recompute it from the header JSON the node
 * serves (polkadot-js for the mortal-era birth hash, PAPI to accept the chain), so the JSON must
 * encode back to exactly these bytes.
 *
 * @example const hash = headerHash(header)
 */
export const headerHash = (header: Header): Uint8Array => blake2_256(encode(Header, header))

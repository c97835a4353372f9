import { hexToBytes } from '../primitives/index.ts'
import type { BytesLike } from './hash.ts'
import { toHexParam, withOptional } from './hash.ts'
import { type BlockHeader, headerFromJson } from './header.ts'
import { type RpcRequest, rpcCall, rpcSubscription, type SubscriptionRequest } from './request.ts'

/** A block: its header (with hash) and its extrinsics' wire bytes, in body order. */
export interface Block {
  readonly header: BlockHeader
  readonly extrinsics: readonly Uint8Array[]
}

const at = (hash: BytesLike | undefined) => (hash === undefined ? undefined : toHexParam(hash))

/**
 * The chain_* methods, as requests for `client.request` / `client.batch` and subscriptions for
 * `client.subscribe`. Hashes come back as bytes; "unknown" comes back as `undefined`.
 *
 * @example
 * const [a, b] = await client.batch([chain.getBlockHash(1), chain.getBlockHash(2)])
 * const head = await client.request(chain.getHeader())
 */
export const chain = {
  /** `chain_getBlockHash`: the hash of block `number` (the best block if absent). */
  getBlockHash: (number?: number): RpcRequest<Uint8Array | undefined> =>
    rpcCall('chain_getBlockHash', withOptional([], number), hash =>
      hash === null ? undefined : hexToBytes(hash),
    ),
  /** `chain_getHeader`: a header with its recomputed hash (the best block's if `hash` is absent). */
  getHeader: (hash?: BytesLike): RpcRequest<BlockHeader | undefined> =>
    rpcCall('chain_getHeader', withOptional([], at(hash)), json =>
      json === null ? undefined : headerFromJson(json),
    ),
  /** `chain_getBlock`: a block with its extrinsics. */
  getBlock: (hash?: BytesLike): RpcRequest<Block | undefined> =>
    rpcCall('chain_getBlock', withOptional([], at(hash)), json =>
      json === null
        ? undefined
        : {
            header: headerFromJson(json.block.header),
            extrinsics: json.block.extrinsics.map(hexToBytes),
          },
    ),
  /** `chain_getFinalizedHead`: the hash of the last finalized block. */
  getFinalizedHead: (): RpcRequest<Uint8Array> => rpcCall('chain_getFinalizedHead', [], hexToBytes),
  /** `chain_subscribeNewHeads`: each new best header. */
  subscribeNewHeads: (): SubscriptionRequest<BlockHeader> =>
    rpcSubscription('chain_subscribeNewHeads', [], headerFromJson),
  /** `chain_subscribeFinalizedHeads`: each newly finalized header (numbers may skip). */
  subscribeFinalizedHeads: (): SubscriptionRequest<BlockHeader> =>
    rpcSubscription('chain_subscribeFinalizedHeads', [], headerFromJson),
} as const

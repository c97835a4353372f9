import { hexToBytes } from '../primitives/index.ts'
import type { ExtrinsicStatusJson } from '../rpc/index.ts'
import { toHexParam } from './hash.ts'
import { type RpcRequest, rpcCall, rpcSubscription, type SubscriptionRequest } from './request.ts'

/**
 * A transaction's status as a tagged union: `ready` → `inBlock` → `finalized` on the happy path;
 * `dropped`, `invalid`, `usurped` and `finalityTimeout` end it too.
 */
export type ExtrinsicStatus =
  | { readonly type: 'future' | 'ready' | 'dropped' | 'invalid' }
  | { readonly type: 'broadcast'; readonly value: readonly string[] }
  | {
      readonly type: 'inBlock' | 'retracted' | 'finalityTimeout' | 'finalized' | 'usurped'
      readonly value: Uint8Array
    }

/** The statuses after which the node sends nothing more about a transaction. */
export const isFinalStatus = (status: ExtrinsicStatus): boolean =>
  status.type === 'finalized' ||
  status.type === 'dropped' ||
  status.type === 'invalid' ||
  status.type === 'usurped' ||
  status.type === 'finalityTimeout'

/** The JSON status (`"ready"`, `{ "inBlock": hash }`) as a tagged union. */
export const extrinsicStatusFromJson = (json: ExtrinsicStatusJson): ExtrinsicStatus => {
  if (typeof json === 'string') return { type: json }
  if ('broadcast' in json) return { type: 'broadcast', value: json.broadcast }
  if ('inBlock' in json) return { type: 'inBlock', value: hexToBytes(json.inBlock) }
  if ('retracted' in json) return { type: 'retracted', value: hexToBytes(json.retracted) }
  if ('finalityTimeout' in json)
    return { type: 'finalityTimeout', value: hexToBytes(json.finalityTimeout) }
  if ('finalized' in json) return { type: 'finalized', value: hexToBytes(json.finalized) }
  return { type: 'usurped', value: hexToBytes(json.usurped) }
}

/**
 * The author_* methods. Extrinsics are wire bytes, compact length prefix included; the pool's
 * refusals reject with `RpcError` (1010 with the reason in `data`, 1013 for a duplicate, …).
 *
 * @example const txHash = await client.request(author.submitExtrinsic(bytes))
 */
export const author = {
  /** `author_submitExtrinsic`: the transaction hash, `blake2_256(bytes)`. */
  submitExtrinsic: (extrinsic: Uint8Array): RpcRequest<Uint8Array> =>
    rpcCall('author_submitExtrinsic', [toHexParam(extrinsic)], hexToBytes),
  /** `author_submitAndWatchExtrinsic`: submits, then reports each status change. */
  submitAndWatchExtrinsic: (extrinsic: Uint8Array): SubscriptionRequest<ExtrinsicStatus> =>
    rpcSubscription(
      'author_submitAndWatchExtrinsic',
      [toHexParam(extrinsic)],
      extrinsicStatusFromJson,
    ),
  /** `author_pendingExtrinsics`: every extrinsic in the pool. */
  pendingExtrinsics: (): RpcRequest<readonly Uint8Array[]> =>
    rpcCall('author_pendingExtrinsics', [], xts => xts.map(hexToBytes)),
} as const

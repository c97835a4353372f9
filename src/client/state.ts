import { hexToBytes } from '../primitives/index.ts'
import type { RuntimeVersionJson } from '../rpc/index.ts'
import { ResponseFormatError } from './errors.ts'
import { type BytesLike, toHexParam, withOptional } from './hash.ts'
import { type RpcRequest, rpcCall, rpcSubscription, type SubscriptionRequest } from './request.ts'

/** The values of some keys at one block; `undefined` = absent. Keys stay `0x`-hex. */
export interface StorageChangeSet {
  readonly block: Uint8Array
  readonly changes: readonly (readonly [key: string, value: Uint8Array | undefined])[]
}

const at = (hash: BytesLike | undefined) => (hash === undefined ? undefined : toHexParam(hash))
const value = (hex: string | null) => (hex === null ? undefined : hexToBytes(hex))
const changeSet = (json: {
  block: string
  changes: readonly (readonly [string, string | null])[]
}): StorageChangeSet => ({
  block: hexToBytes(json.block),
  changes: json.changes.map(([key, v]) => [key.toLowerCase(), value(v)] as const),
})

/**
 * The state_* methods. `at` is a block hash; absent means the best block.
 *
 * @example const raw = await client.request(state.getStorage(key, blockHash))
 */
export const state = {
  /** `state_getStorage`: a value, or `undefined` when absent. */
  getStorage: (key: BytesLike, blockHash?: BytesLike): RpcRequest<Uint8Array | undefined> =>
    rpcCall('state_getStorage', withOptional([toHexParam(key)], at(blockHash)), value),
  /** `state_queryStorageAt`: the values of `keys` at one block, in one change set. */
  queryStorageAt: (
    keys: readonly BytesLike[],
    blockHash?: BytesLike,
  ): RpcRequest<StorageChangeSet> =>
    rpcCall('state_queryStorageAt', withOptional([keys.map(toHexParam)], at(blockHash)), sets => {
      const [first] = sets
      if (first === undefined || sets.length > 1)
        throw new ResponseFormatError(`expected one change set, got ${sets.length}`)
      return changeSet(first)
    }),
  /** `state_getKeysPaged`: up to `count` keys under `prefix`, sorted, strictly after `startKey`. */
  getKeysPaged: (
    prefix: BytesLike,
    count: number,
    startKey?: BytesLike,
    blockHash?: BytesLike,
  ): RpcRequest<readonly string[]> => {
    const hashParam = at(blockHash)
    const start =
      startKey === undefined ? (hashParam === undefined ? undefined : null) : toHexParam(startKey)
    const params: unknown[] = [toHexParam(prefix), count]
    if (start !== undefined) params.push(start)
    if (hashParam !== undefined) params.push(hashParam)
    return rpcCall('state_getKeysPaged', params, keys => keys.map(k => k.toLowerCase()))
  },
  /** `state_getMetadata`: `RuntimeMetadataPrefixed` bytes. */
  getMetadata: (blockHash?: BytesLike): RpcRequest<Uint8Array> =>
    rpcCall('state_getMetadata', withOptional([], at(blockHash)), hexToBytes),
  /** `state_getRuntimeVersion`: spec and transaction versions and the runtime APIs. */
  getRuntimeVersion: (blockHash?: BytesLike): RpcRequest<RuntimeVersionJson> =>
    rpcCall('state_getRuntimeVersion', withOptional([], at(blockHash))),
  /** `state_call`: a runtime API call, SCALE bytes in and out (e.g. `AccountNonceApi_account_nonce`). */
  call: (method: string, data: Uint8Array, blockHash?: BytesLike): RpcRequest<Uint8Array> =>
    rpcCall('state_call', withOptional([method, toHexParam(data)], at(blockHash)), hexToBytes),
  /** `state_subscribeStorage`: all of `keys` first, then the ones that changed, per block. */
  subscribeStorage: (keys: readonly BytesLike[]): SubscriptionRequest<StorageChangeSet> =>
    rpcSubscription('state_subscribeStorage', [keys.map(toHexParam)], changeSet),
  /** `state_subscribeRuntimeVersion`: the current version, then each change. */
  subscribeRuntimeVersion: (): SubscriptionRequest<RuntimeVersionJson> =>
    rpcSubscription('state_subscribeRuntimeVersion', []),
} as const

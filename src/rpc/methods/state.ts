// state_*: storage reads at a block, runtime calls, metadata, runtime version, subscriptions.
import { z } from 'zod'
import { invalidCount } from '../codes.ts'
import { HashJson, HexJson, RuntimeVersionJson, StorageChangeSetJson } from '../json.ts'
import {
  BlockHashParam,
  BytesParam,
  MAX_KEYS_PAGE,
  optional,
  positional,
  RuntimeApiNameParam,
  required,
  StorageKeyParam,
  StorageKeysParam,
} from '../params.ts'
import { call, subscription } from './define.ts'

const at = optional('at', BlockHashParam)
const keyAt = positional(required('key', StorageKeyParam), at)

/** The state_* methods. `at` absent or `null` means the best block. */
export const STATE_METHODS = {
  /** `state_call [method, data, at?]`: a runtime API call, SCALE in and out (§1.3). */
  state_call: call({
    name: 'state_call',
    aliases: ['state_callAt'],
    params: positional(required('method', RuntimeApiNameParam), required('data', BytesParam), at),
    result: HexJson,
  }),
  /** `state_getKeys [prefix, at?]`: every key under `prefix`, sorted (deprecated upstream). */
  state_getKeys: call({
    name: 'state_getKeys',
    params: positional(required('prefix', StorageKeyParam), at),
    result: z.array(HexJson).readonly(),
  }),
  /**
   * `state_getKeysPaged [prefix, count, startKey?, at?]`: up to `count` sorted keys under
   * `prefix` strictly after `startKey`. A `null` prefix is the empty prefix.
   */
  state_getKeysPaged: call({
    name: 'state_getKeysPaged',
    aliases: ['state_getKeysPagedAt'],
    params: positional(
      required(
        'prefix',
        StorageKeyParam.nullable().transform(p => p ?? '0x'),
      ),
      required('count', z.number().int().min(0).max(0xffff_ffff)),
      optional('startKey', StorageKeyParam),
      at,
    ),
    result: z.array(HexJson).readonly(),
    check: p => (p.count > MAX_KEYS_PAGE ? invalidCount(p.count, MAX_KEYS_PAGE) : undefined),
  }),
  /** `state_getStorage [key, at?]`: the value, or `null` if absent. */
  state_getStorage: call({
    name: 'state_getStorage',
    aliases: ['state_getStorageAt'],
    params: keyAt,
    result: HexJson.nullable(),
  }),
  /** `state_getStorageHash [key, at?]`: `blake2_256(value)`, or `null` if absent. */
  state_getStorageHash: call({
    name: 'state_getStorageHash',
    aliases: ['state_getStorageHashAt'],
    params: keyAt,
    result: HashJson.nullable(),
  }),
  /** `state_getStorageSize [key, at?]`: the value's length in bytes, or `null` if absent. */
  state_getStorageSize: call({
    name: 'state_getStorageSize',
    aliases: ['state_getStorageSizeAt'],
    params: keyAt,
    result: z.number().int().min(0).nullable(),
  }),
  /** `state_getMetadata [at?]`: `RuntimeMetadataPrefixed` as hex (no length prefix). */
  state_getMetadata: call({
    name: 'state_getMetadata',
    params: positional(at),
    result: HexJson,
  }),
  /** `state_getRuntimeVersion [at?]`. */
  state_getRuntimeVersion: call({
    name: 'state_getRuntimeVersion',
    aliases: ['chain_getRuntimeVersion'],
    params: positional(at),
    result: RuntimeVersionJson,
  }),
  /** `state_queryStorageAt [keys, at?]`: one change set holding every key (absent = `null`). */
  state_queryStorageAt: call({
    name: 'state_queryStorageAt',
    params: positional(required('keys', StorageKeysParam), at),
    result: z.array(StorageChangeSetJson).readonly(),
  }),
  /** `state_subscribeRuntimeVersion`: the current version at once, then each change. */
  state_subscribeRuntimeVersion: subscription({
    name: 'state_subscribeRuntimeVersion',
    aliases: ['chain_subscribeRuntimeVersion'],
    params: positional(),
    result: RuntimeVersionJson,
    notification: 'state_runtimeVersion',
    unsubscribe: ['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'],
  }),
  /**
   * `state_subscribeStorage [keys?]`: first a change set with every key, then one per block with
   * only the keys that changed. Absent `keys` means every key.
   */
  state_subscribeStorage: subscription({
    name: 'state_subscribeStorage',
    params: positional(optional('keys', StorageKeysParam)),
    result: StorageChangeSetJson,
    notification: 'state_storage',
    unsubscribe: ['state_unsubscribeStorage'],
  }),
} as const

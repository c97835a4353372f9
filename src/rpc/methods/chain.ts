// chain_*: block hashes, headers, blocks, and the three head subscriptions.
import { HashJson, HeaderJson, SignedBlockJson } from '../json.ts'
import { BlockHashParam, BlockNumberParam, optional, positional } from '../params.ts'
import { call, subscription } from './define.ts'

const none = positional()

/** The chain_* methods. */
export const CHAIN_METHODS = {
  /** `chain_getBlockHash [number?]`: the hash of block `number` (best if absent), `null` if unknown. */
  chain_getBlockHash: call({
    name: 'chain_getBlockHash',
    aliases: ['chain_getHead'],
    params: positional(optional('number', BlockNumberParam)),
    result: HashJson.nullable(),
  }),
  /** `chain_getHeader [hash?]`: a header (best if absent), `null` if unknown. */
  chain_getHeader: call({
    name: 'chain_getHeader',
    params: positional(optional('hash', BlockHashParam)),
    result: HeaderJson.nullable(),
  }),
  /** `chain_getBlock [hash?]`: a block with its extrinsics (best if absent), `null` if unknown. */
  chain_getBlock: call({
    name: 'chain_getBlock',
    params: positional(optional('hash', BlockHashParam)),
    result: SignedBlockJson.nullable(),
  }),
  /** `chain_getFinalizedHead`: the last finalized block's hash. */
  chain_getFinalizedHead: call({
    name: 'chain_getFinalizedHead',
    aliases: ['chain_getFinalisedHead'],
    params: none,
    result: HashJson,
  }),
  /** `chain_subscribeNewHeads`: each new best header (`chain_newHead`). */
  chain_subscribeNewHeads: subscription({
    name: 'chain_subscribeNewHeads',
    aliases: ['chain_subscribeNewHead', 'subscribe_newHead'],
    params: none,
    result: HeaderJson,
    notification: 'chain_newHead',
    unsubscribe: ['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead', 'unsubscribe_newHead'],
  }),
  /** `chain_subscribeFinalizedHeads`: each newly finalized header (`chain_finalizedHead`). */
  chain_subscribeFinalizedHeads: subscription({
    name: 'chain_subscribeFinalizedHeads',
    aliases: ['chain_subscribeFinalisedHeads'],
    params: none,
    result: HeaderJson,
    notification: 'chain_finalizedHead',
    unsubscribe: ['chain_unsubscribeFinalizedHeads', 'chain_unsubscribeFinalisedHeads'],
  }),
  /** `chain_subscribeAllHeads`: every imported header, best or not (`chain_allHead`); PAPI needs it. */
  chain_subscribeAllHeads: subscription({
    name: 'chain_subscribeAllHeads',
    params: none,
    result: HeaderJson,
    notification: 'chain_allHead',
    unsubscribe: ['chain_unsubscribeAllHeads'],
  }),
} as const

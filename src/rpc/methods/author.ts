// author_*: transaction submission and watching; payment_queryInfo (deprecated upstream).
import { z } from 'zod'
import { ExtrinsicStatusJson, HashJson, HexJson, RuntimeDispatchInfoJson } from '../json.ts'
import { BlockHashParam, BytesParam, optional, positional, required } from '../params.ts'
import { call, subscription } from './define.ts'

const extrinsic = positional(required('extrinsic', BytesParam))

/** The author_* methods. Extrinsic bytes include their compact length prefix. */
export const AUTHOR_METHODS = {
  /** `author_submitExtrinsic [xt]`: the tx hash `blake2_256(xt)`, or a pool error (1001–1016). */
  author_submitExtrinsic: call({
    name: 'author_submitExtrinsic',
    params: extrinsic,
    result: HashJson,
  }),
  /** `author_submitAndWatchExtrinsic [xt]`: status updates (`author_extrinsicUpdate`). */
  author_submitAndWatchExtrinsic: subscription({
    name: 'author_submitAndWatchExtrinsic',
    params: extrinsic,
    result: ExtrinsicStatusJson,
    notification: 'author_extrinsicUpdate',
    unsubscribe: ['author_unwatchExtrinsic'],
  }),
  /** `author_pendingExtrinsics`: every extrinsic in the pool, as hex. */
  author_pendingExtrinsics: call({
    name: 'author_pendingExtrinsics',
    params: positional(),
    result: z.array(HexJson).readonly(),
  }),
} as const

/** The payment_* methods. */
export const PAYMENT_METHODS = {
  /** `payment_queryInfo [xt, at?]`: weight, class and partial fee of an extrinsic. */
  payment_queryInfo: call({
    name: 'payment_queryInfo',
    params: positional(required('extrinsic', BytesParam), optional('at', BlockHashParam)),
    result: RuntimeDispatchInfoJson,
  }),
} as const

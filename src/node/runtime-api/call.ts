import {
  AccountId32,
  bytes,
  DecodeError,
  decode,
  encode,
  fixedBytes,
  option,
  Reader,
  type SignatureCheck,
  tuple,
  u32,
  vec,
} from '../../primitives/index.ts'
import {
  type ChainView,
  decodeExtrinsic,
  metadataAtVersion,
  metadataVersions,
  type ParsedExtrinsic,
  parseExtrinsic,
  RuntimeVersion,
  type StorageBackend,
} from '../../runtime/index.ts'
import type { Chain } from '../chain/chain.ts'
import { readOnlyIO } from '../chain/read-only-io.ts'
import type { TxPool } from '../txpool/index.ts'
import { FeeDetails, RuntimeDispatchInfo, TransactionValidity } from './shapes.ts'

/** What a runtime API call needs from the node. */
export interface RuntimeApiContext {
  readonly chain: Chain
  readonly pool: TxPool<ParsedExtrinsic>
  /** Verifies signatures (the worker pool). */
  readonly verify: (checks: readonly SignatureCheck[]) => Promise<boolean[]>
}

/** The block a runtime API call runs at: its number, whether it is the best one, its state. */
export interface RuntimeApiBlock {
  readonly number: number
  readonly isBest: boolean
  readonly state: StorageBackend
}

/** The answer of `state_call`: SCALE bytes, or why the call could not run. */
export type RuntimeApiResult =
  | { readonly type: 'Ok'; readonly value: Uint8Array }
  | { readonly type: 'UnknownMethod'; readonly value: string }
  | { readonly type: 'BadInput'; readonly value: string }

const MAX_U64 = 0xffff_ffff_ffff_ffffn
const ok = (value: Uint8Array): RuntimeApiResult => ({ type: 'Ok', value })
const badInput = (value: string): RuntimeApiResult => ({ type: 'BadInput', value })
const OpaqueMetadata = bytes
const MetadataVersions = vec(u32)
const OptionalMetadata = option(bytes)
/** `sp_inherents::InherentData`: a map of 8-byte identifiers to encoded data. */
const InherentData = vec(tuple(fixedBytes(8), bytes))

// Substrate refuses input to an API that takes none ("expected no parameters").
const noArgs = (args: Uint8Array): void => {
  if (args.length !== 0)
    throw new RangeError('expected no parameters, but input buffer is not empty')
}

/** `TransactionSource`: InBlock, Local or External. */
const MAX_TRANSACTION_SOURCE = 2

// `TaggedTransactionQueue_validate_transaction(source: u8, tx: UncheckedExtrinsic, block: H256)`;
// the extrinsic carries its own compact length, which bounds it inside the argument bytes.
const splitValidateArgs = (args: Uint8Array): Uint8Array | undefined => {
  const reader = new Reader(args)
  if (reader.u8() > MAX_TRANSACTION_SOURCE) return undefined
  const start = reader.offset
  const length = reader.compact()
  const end = reader.offset + length
  if (end + 32 !== args.length) return undefined
  return args.subarray(start, end)
}

/**
 * Runs the runtime API `method` (the `state_call` name, e.g. `Core_version`) with SCALE `args`
 * against the state after block `at`.
 *
 * @example await callRuntimeApi(ctx, 'Metadata_metadata_versions', new Uint8Array(), { number, isBest: true, state })
 */
export const callRuntimeApi = async (
  ctx: RuntimeApiContext,
  method: string,
  args: Uint8Array,
  at: RuntimeApiBlock,
): Promise<RuntimeApiResult> => {
  const { isBest: atBest, state } = at
  const { runtime } = ctx.chain
  try {
    switch (method) {
      case 'Core_version':
        noArgs(args)
        return ok(encode(RuntimeVersion, runtime.version))
      case 'Metadata_metadata':
        noArgs(args)
        return ok(encode(OpaqueMetadata, metadataAtVersion(runtime, 14) ?? new Uint8Array()))
      case 'Metadata_metadata_versions':
        noArgs(args)
        return ok(encode(MetadataVersions, metadataVersions()))
      case 'Metadata_metadata_at_version':
        return ok(encode(OptionalMetadata, metadataAtVersion(runtime, decode(u32, args))))
      case 'AccountNonceApi_account_nonce': {
        const who = decode(AccountId32, args)
        const nonce = atBest
          ? ctx.pool.pendingNonce(who)
          : runtime.system.storage.Account.get(readOnlyIO(state), who).nonce
        return ok(encode(u32, nonce))
      }
      case 'TaggedTransactionQueue_validate_transaction':
        return ok(encode(TransactionValidity, await validate(ctx, args, at)))
      case 'TransactionPaymentApi_query_info': {
        const xt = decodeExtrinsic(runtime, args.subarray(0, args.length - 4))
        return ok(
          encode(RuntimeDispatchInfo, {
            weight: runtime.weigh(xt.call),
            class: 'Normal',
            // No currency pallet is composed, so nothing is charged.
            partial_fee: 0n,
          }),
        )
      }
      case 'TransactionPaymentApi_query_fee_details': {
        const xt = decodeExtrinsic(runtime, args.subarray(0, args.length - 4))
        return ok(encode(FeeDetails, { inclusion_fee: undefined, tip: xt.signed?.extra.tip ?? 0n }))
      }
      case 'BlockBuilder_inherent_extrinsics':
        // This runtime has no inherents (no timestamp, no consensus data), whatever the data.
        decode(InherentData, args)
        return ok(new Uint8Array([0]))
      case 'BlockBuilder_check_inherents':
        // CheckInherentsResult { okay: true, fatal_error: false, errors: empty InherentData }
        return ok(new Uint8Array([1, 0, 0]))
      default:
        return { type: 'UnknownMethod', value: method }
    }
  } catch (error) {
    // Arguments come from the RPC caller: bytes that do not decode are their mistake, not ours.
    if (error instanceof DecodeError || error instanceof RangeError) return badInput(error.message)
    throw error
  }
}

/** What validation reads at block `number`: the block after it is the one being built. */
const viewAt = (chain: Chain, number: number): ChainView => {
  const next = number + 1
  const keep = chain.runtime.blockHashCount
  return {
    ...chain.view(),
    blockNumber: next,
    blockHash: (n: number) =>
      n < next && (n === 0 || n >= next - keep) ? chain.store.hashAt(n) : undefined,
  }
}

// As a Substrate runtime does, validation runs against the state of the block it is called at.
const validate = async (ctx: RuntimeApiContext, args: Uint8Array, at: RuntimeApiBlock) => {
  const xt = splitValidateArgs(args)
  if (xt === undefined)
    throw new RangeError('arguments are not (TransactionSource, extrinsic, H256)')
  const { chain } = ctx
  const view = at.isBest ? chain.view() : viewAt(chain, at.number)
  const parsed = parseExtrinsic(chain.runtime, xt, view)
  if (parsed.type === 'Err') {
    if (parsed.value.type === 'BadFormat') throw new RangeError(parsed.value.value)
    return { type: 'Err' as const, value: parsed.value.value }
  }
  const tx = parsed.value
  const signed = tx.signed
  // parseExtrinsic already refuses bare extrinsics; this only narrows the type.
  if (signed === undefined) {
    return {
      type: 'Err' as const,
      value: { type: 'Unknown' as const, value: { type: 'NoUnsignedValidator' as const } },
    }
  }
  const [valid] = await ctx.verify([signed.signature])
  if (valid !== true) {
    return {
      type: 'Err' as const,
      value: { type: 'Invalid' as const, value: { type: 'BadProof' as const } },
    }
  }
  // The state of the block asked about (for the best block: its committed state, not a block
  // being made durable).
  const current = chain.runtime.system.storage.Account.get(
    readOnlyIO(at.state),
    signed.signer,
  ).nonce
  if (signed.nonce < current) {
    return {
      type: 'Err' as const,
      value: { type: 'Invalid' as const, value: { type: 'Stale' as const } },
    }
  }
  const tag = (nonce: number) => providesTag(signed.signer, nonce)
  return {
    type: 'Ok' as const,
    value: {
      priority: signed.tip > MAX_U64 ? MAX_U64 : signed.tip,
      requires: signed.nonce > current ? [tag(signed.nonce - 1)] : [],
      provides: [tag(signed.nonce)],
      longevity: BigInt(signed.longevity),
      propagate: true,
    },
  }
}

/** Substrate's CheckNonce tag: SCALE `(AccountId, Nonce)`. */
const providesTag = (who: Uint8Array, nonce: number): Uint8Array => {
  const tag = new Uint8Array(36)
  tag.set(who, 0)
  new DataView(tag.buffer).setUint32(32, nonce, true)
  return tag
}

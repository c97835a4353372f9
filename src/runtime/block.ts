import { decode, encode } from '../primitives/index.ts'
import { type EventRecord, ExecutionContext } from './frame/context.ts'
import type { DispatchResult, Origin } from './frame/dispatch.ts'
import { RuntimeFault } from './frame/runtime-fault.ts'
import type { Digest, DispatchInfo, TransactionValidityError } from './frame/types.ts'
import type { Runtime, RuntimeCall } from './runtime.ts'
import type { ChangeSet, StorageBackend } from './storage/backend.ts'
import { StorageOverlay } from './storage/overlay.ts'

/** What a block is built on. */
export interface BlockInput {
  readonly number: number
  readonly parentHash: Uint8Array
  readonly digest?: Digest
}

/**
 * An extrinsic whose signature the node has verified: the call, its origin and, when signed, the
 * nonce it was signed with.
 */
export type CheckedExtrinsic =
  | {
      readonly origin: Extract<Origin, { type: 'Signed' }>
      readonly nonce: number
      readonly call: RuntimeCall
    }
  | { readonly origin: Exclude<Origin, { type: 'Signed' }>; readonly call: RuntimeCall }

/**
 * `Err`: the transaction is invalid here (wrong nonce) and must not be included.
 * `Ok`: it was included; its `DispatchResult` says whether the call itself succeeded.
 */
export type ApplyExtrinsicResult =
  | { readonly type: 'Ok'; readonly value: DispatchResult }
  | { readonly type: 'Err'; readonly value: TransactionValidityError }

/** A finished block: its state changes and events. */
export interface FinalizedBlock {
  readonly number: number
  readonly changes: ChangeSet
  readonly events: readonly EventRecord[]
  readonly extrinsicCount: number
}

/** Builds one block: `applyExtrinsic` any number of times, then `finalize` once. */
export interface BlockBuilder {
  readonly context: ExecutionContext
  applyExtrinsic(extrinsic: CheckedExtrinsic): ApplyExtrinsicResult
  finalize(): FinalizedBlock
}

const invalid = (type: 'Stale' | 'Future'): ApplyExtrinsicResult => ({
  type: 'Err',
  value: { type: 'Invalid', value: { type } },
})

/**
 * Starts block `input.number` over `backend` (the parent's state): System records the parent
 * hash and clears the previous block's events.
 *
 * @example
 * const block = beginBlock(runtime, backend, { number: 1, parentHash: genesisHash })
 * block.applyExtrinsic({ origin: { type: 'Signed', value: alice }, nonce: 0, call })
 * backend.apply(block.finalize().changes)
 */
export const beginBlock = (
  runtime: Runtime,
  backend: StorageBackend,
  input: BlockInput,
): BlockBuilder => {
  const ctx = createContext(runtime, new StorageOverlay(backend), input.number, input.parentHash)
  runtime.system.initializeBlock(ctx, input.digest ?? { logs: [] })
  let index = 0
  let finalized = false

  const apply = (extrinsic: CheckedExtrinsic, dispatchInfo: DispatchInfo): ApplyExtrinsicResult => {
    if (extrinsic.origin.type === 'Signed') {
      const who = extrinsic.origin.value
      const nonce = 'nonce' in extrinsic ? extrinsic.nonce : undefined
      if (typeof nonce !== 'number') throw new RuntimeFault('a signed extrinsic without a nonce')
      const info = runtime.system.account(ctx, who)
      if (nonce < info.nonce) return invalid('Stale')
      if (nonce > info.nonce) return invalid('Future')
      // The nonce counts even when the call fails: it is outside the call's own layer.
      runtime.system.incrementNonce(ctx, who, info)
    }
    const result = runtime.dispatch(ctx, extrinsic.origin, extrinsic.call)
    ctx.deposit(
      'System',
      result.type === 'Ok'
        ? { type: 'ExtrinsicSuccess', value: { dispatch_info: dispatchInfo } }
        : {
            type: 'ExtrinsicFailed',
            value: { dispatch_error: result.value, dispatch_info: dispatchInfo },
          },
    )
    return { type: 'Ok', value: result }
  }

  return {
    context: ctx,
    applyExtrinsic(extrinsic) {
      if (finalized) throw new RuntimeFault('applyExtrinsic after finalize')
      if (ctx.storage.depth !== 0)
        throw new RuntimeFault('a storage layer is still open between extrinsics')
      ctx.phase = { type: 'ApplyExtrinsic', value: index }
      // Known before the call runs, as in Substrate; also refuses a call no pallet owns before
      // any state changes.
      const dispatchInfo: DispatchInfo = {
        weight: runtime.weigh(extrinsic.call),
        class: 'Normal',
        pays_fee: 'Yes',
      }
      // A fault while applying undoes the nonce bump and every event of this extrinsic, so the
      // block stays consistent and the next extrinsic gets this index.
      const result = ctx.atomic(() => apply(extrinsic, dispatchInfo))
      if (result.type === 'Ok') index++
      return result
    },
    finalize() {
      if (finalized) throw new RuntimeFault('block finalized twice')
      if (ctx.storage.depth !== 0)
        throw new RuntimeFault('finalize with a storage layer still open')
      finalized = true
      ctx.phase = { type: 'Finalization' }
      runtime.system.finalizeBlock(ctx)
      const changes = ctx.storage.changes()
      return {
        number: input.number,
        changes,
        // Decoded from their encodings only if someone reads them.
        get events() {
          return ctx.events
        },
        extrinsicCount: index,
      }
    },
  }
}

/** An execution context over `storage` whose events are encoded with `runtime`'s record type. */
export const createContext = (
  runtime: Runtime,
  storage: StorageOverlay,
  blockNumber: number,
  parentHash: Uint8Array,
): ExecutionContext =>
  new ExecutionContext({
    storage,
    blockNumber,
    parentHash,
    encodeEvent: record => encode(runtime.EventRecord, record),
    decodeEvent: bytes => decode(runtime.EventRecord, bytes),
  })

import { bytesToHex } from '../../primitives/index.ts'
import type { SubscriptionSink as Sink } from '../../rpc/index.ts'
import {
  alreadyImported,
  type ExtrinsicStatusJson,
  immediatelyDropped,
  invalidTransaction,
  type RpcError,
  rpcError,
  tooLowPriority,
  unknownTransaction,
} from '../../rpc/index.ts'
import { decodeExtrinsic } from '../../runtime/index.ts'
import { describeLimit, type ExtrinsicStatus, type PoolRejection } from '../txpool/index.ts'
import type { NodeRpcContext } from './context.ts'
import { resolveAt } from './context.ts'
import { statusToJson } from './json.ts'

/** The JSON-RPC error Substrate answers a pool rejection with. */
export const rejectionToRpcError = (rejection: PoolRejection, hash?: Uint8Array): RpcError => {
  switch (rejection.type) {
    case 'BadFormat':
      return rpcError('BadFormat', { detail: rejection.value })
    case 'VerificationFailed':
      return rpcError('VerificationError', { data: rejection.value })
    case 'Invalid':
      return invalidTransaction(rejection.value)
    case 'Unknown':
      return unknownTransaction(rejection.value)
    case 'AlreadyImported':
      return alreadyImported(bytesToHex(hash ?? rejection.value))
    case 'TemporarilyBanned':
      return rpcError('TemporarilyBanned')
    case 'TooLowPriority':
      return tooLowPriority(rejection.value.old, rejection.value.new)
    case 'ImmediatelyDropped':
      return immediatelyDropped(describeLimit(rejection.value))
  }
}

/**
 * How long after `inBlock` a watcher hears `finalized`. Measured with @polkadot/api 16.5: 100 ms
 * still lost InBlock for two transactions in one block; 250 ms lost none.
 */
export const FINALIZED_NOTIFY_DELAY_MS = 250

/** author_* and payment_*: submitting transactions and watching them. */
export const createAuthorHandlers = (ctx: NodeRpcContext) => {
  const { pool, chain } = ctx
  return {
    async author_submitExtrinsic(p: { extrinsic: Uint8Array }): Promise<string> {
      const result = await pool.submit(p.extrinsic)
      if (result.type === 'Err') throw rejectionToRpcError(result.value)
      return bytesToHex(result.value.hash)
    },
    async author_submitAndWatchExtrinsic(
      p: { extrinsic: Uint8Array },
      sink: Sink<ExtrinsicStatusJson>,
    ) {
      let stop = false
      let timer: ReturnType<typeof setTimeout> | undefined
      const result = await pool.submit(p.extrinsic)
      if (result.type === 'Err') throw rejectionToRpcError(result.value)
      // Attached right after admission: blocks are only made after this continuation runs.
      sink.send(statusToJson({ type: result.value.status }))
      const end = (status: ExtrinsicStatus): void => {
        if (stop) return
        stop = true
        detach()
        sink.send(statusToJson(status))
        sink.close()
      }
      const detach = pool.watch(result.value.hash, status => {
        if (stop) return
        if (status.type === 'ready' || status.type === 'future' || status.type === 'inBlock') {
          sink.send(statusToJson(status))
        } else if (status.type === 'finalized') {
          // Finality is instant, but @polkadot/api drops its InBlock result when Finalized
          // arrives while it still fetches the block's events; a short pause lets it report both.
          timer = setTimeout(() => end(status), FINALIZED_NOTIFY_DELAY_MS)
        } else end(status)
      })
      // Unwatching (or a closed connection) detaches from the pool at once.
      return () => {
        stop = true
        detach()
        if (timer !== undefined) clearTimeout(timer)
      }
    },
    author_pendingExtrinsics: (): string[] => pool.pending().map(bytesToHex),
    payment_queryInfo(p: { extrinsic: Uint8Array; at?: string | undefined }) {
      resolveAt(ctx, p.at)
      let call: ReturnType<typeof decodeExtrinsic>['call']
      try {
        call = decodeExtrinsic(chain.runtime, p.extrinsic).call
      } catch (error) {
        throw rpcError('BadFormat', {
          detail: error instanceof Error ? error.message : 'undecodable',
        })
      }
      const weight = chain.runtime.weigh(call)
      return {
        weight: { ref_time: Number(weight.ref_time), proof_size: Number(weight.proof_size) },
        class: 'normal' as const,
        partialFee: '0',
      }
    },
  }
}

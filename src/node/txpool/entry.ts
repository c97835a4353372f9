import type { PoolExtrinsic, PoolTransaction } from './types.ts'

/** A pooled transaction with the pool's bookkeeping (never handed out as mutable). */
export interface PoolEntry<P extends PoolExtrinsic> extends PoolTransaction<P> {
  /** `hash` as a `Map` key. */
  readonly key: string
  readonly account: AccountQueue<P>
  /** Part of its sender's contiguous run from the state nonce. */
  ready: boolean
  /** The block count at which it is no longer valid (mortal era), or `undefined` when immortal. */
  readonly expiresAt: number | undefined
}

/** One sender's transactions by nonce. Ready ones are exactly the nonces `[nonce, readyEnd)`. */
export interface AccountQueue<P extends PoolExtrinsic> {
  /** `signer` as a `Map` key. */
  readonly key: string
  readonly signer: Uint8Array
  /** The state nonce when last read. Every transaction here has a nonce at least this. */
  nonce: number
  /** The first nonce not ready: `nonce` plus the number of ready transactions. */
  readyEnd: number
  readonly txs: Map<number, PoolEntry<P>>
}

/** Block-building order between two senders' next transactions: higher tip, then earlier arrival. */
export const comesBefore = <P extends PoolExtrinsic>(
  a: PoolTransaction<P>,
  b: PoolTransaction<P>,
): boolean => (a.tip !== b.tip ? a.tip > b.tip : a.arrival < b.arrival)

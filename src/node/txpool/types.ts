import type { SignatureCheck } from '../../primitives/index.ts'
import type { ExtrinsicRejection, ParsedExtrinsic, ParsedSigner } from '../../runtime/index.ts'
import type { PoolRejection } from './rejection.ts'

export type { SignatureCheck }

/** What the pool reads of a signed extrinsic: the runtime's `ParsedSigner`. */
export type PoolSigned = ParsedSigner

/** What the pool reads of a parsed extrinsic: `ParsedExtrinsic` without the call it never reads. */
export type PoolExtrinsic = Omit<ParsedExtrinsic, 'call'>

/** Why `parse` refused the bytes: the runtime's `ExtrinsicRejection`. */
export type ParseRejection = ExtrinsicRejection

/** The result of `parse`: every check before the signature, done. */
export type PoolParseResult<P extends PoolExtrinsic> =
  | { readonly type: 'Ok'; readonly value: P }
  | { readonly type: 'Err'; readonly value: ParseRejection }

/** Bounds on what the pool holds; each refusal names the bound it hit. */
export interface TxPoolLimits {
  /** Transactions in the pool, ready and future together. */
  readonly maxCount?: number
  /** Total encoded bytes of the transactions in the pool. */
  readonly maxBytes?: number
  /** Transactions of one sender. */
  readonly maxPerAccount?: number
  /** Transactions waiting for a nonce gap to close; the oldest is dropped to make room. */
  readonly maxFutureCount?: number
  /** How far past the sender's pending nonce a nonce may be (`Invalid Future` beyond). */
  readonly maxNonceGap?: number
  /** Signatures per `verify` call. */
  readonly maxBatch?: number
  /** Blocks a hash stays banned after the transaction turned out invalid. */
  readonly banBlocks?: number
  /** Banned hashes kept at most (the oldest are forgotten first). */
  readonly maxBanned?: number
  /** Blocks whose included hashes are remembered, to answer `AlreadyImported`. */
  readonly recentBlocks?: number
  /** Included hashes remembered at most (the oldest blocks are forgotten first). */
  readonly maxRecent?: number
  /** Blocks a watched transaction waits in a block for `finalized` before `finalityTimeout`. */
  readonly finalityTimeoutBlocks?: number
}

/** What the pool needs from the node; everything is injected so the pool stays testable. */
export interface TxPoolOptions<P extends PoolExtrinsic = PoolExtrinsic> {
  /** Decodes and checks the bytes up to (not including) the signature: `parseExtrinsic` over the best block. */
  parse(bytes: Uint8Array): PoolParseResult<P>
  /** Verifies signatures (worker threads); the pool batches concurrent submissions into one call. */
  verify(checks: readonly SignatureCheck[]): Promise<boolean[]>
  /** The sender's nonce in the current best state. */
  accountNonce(who: Uint8Array): number
  /** Bounds; defaults in `DEFAULT_TXPOOL_LIMITS`. */
  readonly limits?: TxPoolLimits
  /** Runs `task` soon: collects a batch of submissions and coalesces `onReady`. Defaults to `setImmediate`. */
  schedule?(task: () => void): void
  /** Called with whatever a status or ready listener throws; the pool itself carries on. */
  onListenerError?(error: unknown): void
}

/** A transaction in the pool, as the block builder sees it. */
export interface PoolTransaction<P extends PoolExtrinsic = PoolExtrinsic> {
  readonly hash: Uint8Array
  readonly bytes: Uint8Array
  readonly length: number
  readonly signer: Uint8Array
  readonly nonce: number
  /** The priority: the tip, as `ChargeTransactionPayment` with zero fees makes it. */
  readonly tip: bigint
  /** Admission order, the tie-breaker between equal tips. */
  readonly arrival: number
  /** The parsed extrinsic, for the builder (its call). */
  readonly extrinsic: P
}

/**
 * A transaction's lifecycle (Substrate's `TransactionStatus`): `future`? → `ready` → `inBlock` →
 * `finalized`. `usurped` (replaced; the value is the replacement's hash), `dropped`, `invalid`,
 * `finalized` and `finalityTimeout` end it.
 */
export type ExtrinsicStatus =
  | { readonly type: 'future' }
  | { readonly type: 'ready' }
  | { readonly type: 'inBlock'; readonly value: Uint8Array }
  | { readonly type: 'finalized'; readonly value: Uint8Array }
  | { readonly type: 'finalityTimeout'; readonly value: Uint8Array }
  | { readonly type: 'usurped'; readonly value: Uint8Array }
  | { readonly type: 'dropped' }
  | { readonly type: 'invalid' }

/** Receives a transaction's status changes. */
export type StatusListener = (status: ExtrinsicStatus) => void

/** The outcome of `submit`. */
export type SubmitResult =
  | {
      readonly type: 'Ok'
      readonly value: { readonly hash: Uint8Array; readonly status: 'ready' | 'future' }
    }
  | { readonly type: 'Err'; readonly value: PoolRejection }

/** What the block producer reports after building or importing a block. */
export interface PoolBlock {
  readonly hash: Uint8Array
  /** Hashes of the transactions in the block. */
  readonly included: readonly Uint8Array[]
  /** Hashes of pool transactions the builder found invalid: removed and banned. */
  readonly invalid: readonly Uint8Array[]
}

/** The ready transactions in block order; `skipSender` leaves out the rest of one sender's. */
export interface ReadyTransactions<P extends PoolExtrinsic = PoolExtrinsic>
  extends IterableIterator<PoolTransaction<P>> {
  /** Yields no more transactions of `tx`'s sender (they depend on `tx`, which was not applied). */
  skipSender(tx: PoolTransaction<P>): void
}

/** The node's transaction pool: ready and future queues by nonce, dedup, bans, limits, watchers. */
export interface TxPool<P extends PoolExtrinsic = PoolExtrinsic> {
  /**
   * Parses, verifies (batched) and admits a transaction. `listener`, when given, is attached at
   * admission and first receives `ready` or `future` (what `author_submitAndWatchExtrinsic` needs).
   */
  submit(bytes: Uint8Array, listener?: StatusListener): Promise<SubmitResult>
  /** Block-building order: per sender by nonce, across senders by tip, then arrival. */
  readyTransactions(): ReadyTransactions<P>
  /** The sender's state nonce plus its contiguous ready transactions (`AccountNonceApi`). */
  pendingNonce(who: Uint8Array): number
  /**
   * A block became the best: its transactions leave (`inBlock`), so do those it made stale
   * (`invalid`) or whose era ended, and future ones it unblocked become ready. Call it once per
   * block, when `accountNonce` already reads the block's state; submissions that see that state
   * first are handled (what it passed waits for this call to learn whether it was included).
   */
  onBlock(block: PoolBlock): void
  /** A block was finalized: watchers of its transactions receive `finalized` and end. */
  finalized(blockHash: Uint8Array, included: readonly Uint8Array[]): void
  /**
   * Listens to a pooled or in-block transaction's later statuses (the current one is not
   * repeated; `submit`'s listener gets every status); returns the unsubscribe. A no-op for
   * unknown hashes.
   */
  watch(hash: Uint8Array, listener: StatusListener): () => void
  /** Called once (coalesced) after new transactions became ready; returns the unsubscribe. */
  onReady(listener: () => void): () => void
  /** Re-reads the state nonce of every sender in the pool (after state changed outside blocks). */
  resync(): void
  /** Counts and total bytes. */
  status(): { ready: number; future: number; bytes: number }
  /** Every pooled transaction's bytes, ready ones in block order first (`author_pendingExtrinsics`). */
  pending(): Uint8Array[]
}

import { bytesEqual } from '../../primitives/index.ts'
import {
  beginBlock,
  type ChainView,
  type ChangeSet,
  type Header,
  headerHash,
  type ParsedExtrinsic,
  type Runtime,
  type StorageBackend,
} from '../../runtime/index.ts'
import { NodeFault } from '../errors.ts'
import type { BlockStore } from '../store/index.ts'
import type { TxPool } from '../txpool/index.ts'
import type { GenesisBlock } from './genesis-block.ts'
import { decodeHeader, encodeHeader } from './header.ts'
import { readOnlyIO } from './read-only-io.ts'
import { extrinsicsRoot, stateRoot } from './roots.ts'

/** How much one block may hold. */
export interface BlockLimits {
  /** Total `ref_time` of the block's calls, in picoseconds. */
  readonly maxWeight: bigint
  /** Total encoded length of the block's extrinsics, in bytes. */
  readonly maxLength: number
}

/** Substrate's defaults for normal transactions: 75% of a 2 s, 5 MiB block. */
export const DEFAULT_BLOCK_LIMITS: BlockLimits = {
  maxWeight: 1_500_000_000_000n,
  maxLength: (5 * 1024 * 1024 * 3) / 4,
}

/** A block the chain has made durable. */
export interface ImportedBlock {
  readonly number: number
  readonly hash: Uint8Array
  readonly header: Header
  readonly extrinsics: readonly Uint8Array[]
  /** The hashes of `extrinsics`, in order. */
  readonly extrinsicHashes: readonly Uint8Array[]
  readonly changes: ChangeSet
}

/** A block reference: number, hash and header. */
export interface BlockRef {
  readonly number: number
  readonly hash: Uint8Array
  readonly header: Header
}

/** Options of `Chain.open`. */
export interface ChainOptions {
  readonly runtime: Runtime
  readonly store: BlockStore
  readonly pool: TxPool<ParsedExtrinsic>
  /** Block 0 as this node's configuration builds it; a store of another chain is refused. */
  readonly genesis: GenesisBlock
  readonly limits?: BlockLimits
  /** Told about extrinsics dropped because applying them faulted (a runtime bug). */
  readonly onFault?: (fault: unknown, extrinsicHash: Uint8Array) => void
}

/**
 * The node's chain: a single authority with instant finality. It builds blocks from the pool's
 * ready transactions, commits each durably with its state, and only then announces it, so every
 * block a client hears of survives a crash.
 *
 * @example
 * const chain = await Chain.open({ runtime, store, pool, genesis })
 * const block = await chain.produceBlock()
 */
export class Chain {
  readonly runtime: Runtime
  readonly #store: BlockStore
  readonly #pool: TxPool<ParsedExtrinsic>
  readonly #limits: BlockLimits
  readonly #genesisHash: Uint8Array
  readonly #onFault: ((fault: unknown, extrinsicHash: Uint8Array) => void) | undefined
  readonly #listeners = new Set<(block: ImportedBlock) => void>()
  #best: BlockRef
  #tail: Promise<unknown> = Promise.resolve()
  #closed = false
  #failed: NodeFault | undefined

  private constructor(options: ChainOptions, best: BlockRef) {
    this.runtime = options.runtime
    this.#store = options.store
    this.#pool = options.pool
    this.#limits = options.limits ?? DEFAULT_BLOCK_LIMITS
    this.#genesisHash = options.genesis.hash
    this.#onFault = options.onFault
    this.#best = best
  }

  /** Opens the chain on `store`, committing genesis into an empty store. */
  static async open(options: ChainOptions): Promise<Chain> {
    const { store, genesis } = options
    if (store.best === undefined) {
      await store.commit({
        number: 0,
        hash: genesis.hash,
        header: genesis.encodedHeader,
        extrinsics: [],
        changes: genesis.changes,
      })
    } else {
      const stored = store.hashAt(0)
      if (stored === undefined || !bytesEqual(stored, genesis.hash)) {
        throw new NodeFault(
          'GENESIS_MISMATCH',
          'the store holds another chain: its genesis differs from this configuration',
        )
      }
    }
    const best = store.best
    if (best === undefined) throw new NodeFault('GENESIS_MISMATCH', 'genesis was not committed')
    const header = store.header(best.hash)
    if (header === undefined) throw new NodeFault('GENESIS_MISMATCH', 'best header missing')
    return new Chain(options, {
      number: best.number,
      hash: best.hash,
      header: decodeHeader(header),
    })
  }

  /** The best block, which is also finalized (instant finality). */
  get best(): BlockRef {
    return this.#best
  }

  /** The hash of block 0. */
  get genesisHash(): Uint8Array {
    return this.#genesisHash
  }

  /** The block store, for reads by hash or number. */
  get store(): BlockStore {
    return this.#store
  }

  /** What transaction validation reads: versions, genesis, and the block being built next. */
  view(): ChainView {
    const next = this.#best.number + 1
    const keep = this.runtime.blockHashCount
    return {
      specVersion: this.runtime.version.spec_version,
      transactionVersion: this.runtime.version.transaction_version,
      genesisHash: this.#genesisHash,
      blockNumber: next,
      // System keeps the last `blockHashCount` hashes, and genesis always.
      blockHash: (n: number) =>
        n < next && (n === 0 || n >= next - keep) ? this.#store.hashAt(n) : undefined,
    }
  }

  /** Whether `tx` is too heavy or too long for any block: such a transaction is refused. */
  exhaustsBlock(tx: Pick<ParsedExtrinsic, 'call' | 'length'>): boolean {
    return (
      tx.length > this.#limits.maxLength ||
      this.runtime.weigh(tx.call).ref_time > this.#limits.maxWeight
    )
  }

  /** The nonce `who` has in the best block's state. */
  accountNonce(who: Uint8Array): number {
    return this.runtime.system.storage.Account.get(readOnlyIO(this.#store.state), who).nonce
  }

  /** The state after block `hash`, or `undefined` for an unknown block. */
  stateAt(hash: Uint8Array): StorageBackend | undefined {
    const number = this.#store.numberOf(hash)
    return number === undefined ? undefined : this.#store.stateAt(number)
  }

  /** The header of block `hash`. */
  header(hash: Uint8Array): Header | undefined {
    const bytes = this.#store.header(hash)
    return bytes === undefined ? undefined : decodeHeader(bytes)
  }

  /** Calls `listener` with every block made durable from now on; returns the unsubscribe. */
  onBlock(listener: (block: ImportedBlock) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Builds, commits and announces one block from the pool's ready transactions. Calls queue up:
   * blocks are produced one at a time.
   */
  produceBlock(): Promise<ImportedBlock> {
    if (this.#closed) return Promise.reject(new NodeFault('NODE_CLOSED', 'the chain is closed'))
    if (this.#failed !== undefined) return Promise.reject(this.#failed)
    const next = this.#tail.then(() => this.#produce())
    this.#tail = next.catch(() => undefined)
    return next
  }

  /** Waits for the block in production, then refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true
    await this.#tail
  }

  async #produce(): Promise<ImportedBlock> {
    const parent = this.#best
    const number = parent.number + 1
    const builder = beginBlock(this.runtime, this.#store.state, {
      number,
      parentHash: parent.hash,
    })
    const extrinsics: Uint8Array[] = []
    const extrinsicHashes: Uint8Array[] = []
    const invalid: Uint8Array[] = []
    let weight = 0n
    let length = 0
    const ready = this.#pool.readyTransactions()
    for (const tx of ready) {
      const txWeight = this.runtime.weigh(tx.extrinsic.call).ref_time
      if (
        weight + txWeight > this.#limits.maxWeight ||
        length + tx.length > this.#limits.maxLength
      ) {
        // Too big even for an empty block: it never will fit (admission refuses these too).
        if (extrinsics.length === 0) invalid.push(tx.hash)
        // The sender's later nonces depend on this one, so none of them fits either.
        ready.skipSender(tx)
        continue
      }
      let result: ReturnType<typeof builder.applyExtrinsic>
      try {
        result = builder.applyExtrinsic({
          origin: { type: 'Signed', value: tx.signer },
          nonce: tx.nonce,
          call: tx.extrinsic.call,
        })
      } catch (fault) {
        // The extrinsic's own writes were rolled back; the block goes on without it.
        this.#onFault?.(fault, tx.hash)
        invalid.push(tx.hash)
        ready.skipSender(tx)
        continue
      }
      if (result.type === 'Err') {
        if (result.value.type === 'Invalid' && result.value.value.type === 'Stale')
          invalid.push(tx.hash)
        ready.skipSender(tx)
        continue
      }
      extrinsics.push(tx.bytes)
      extrinsicHashes.push(tx.hash)
      weight += txWeight
      length += tx.length
    }
    const finalized = builder.finalize()
    const header: Header = {
      parentHash: parent.hash,
      number,
      stateRoot: stateRoot(parent.header.stateRoot, finalized.changes),
      extrinsicsRoot: extrinsicsRoot(extrinsics),
      digest: { logs: [] },
    }
    const encodedHeader = encodeHeader(header)
    const hash = headerHash(header)
    try {
      await this.#store.commit({
        number,
        hash,
        header: encodedHeader,
        extrinsics,
        changes: finalized.changes,
      })
    } catch (error) {
      // The store may already serve this block's state; building on it would fork from disk.
      this.#failed = new NodeFault('BLOCK_PRODUCTION_FAILED', `block ${number} was not committed`, {
        cause: error,
      })
      throw this.#failed
    }
    this.#best = { number, hash, header }
    const block: ImportedBlock = {
      number,
      hash,
      header,
      extrinsics,
      extrinsicHashes,
      changes: finalized.changes,
    }
    this.#pool.onBlock({ hash, included: extrinsicHashes, invalid })
    this.#pool.finalized(hash, extrinsicHashes)
    for (const listener of this.#listeners) {
      try {
        listener(block)
      } catch (fault) {
        this.#onFault?.(fault, hash)
      }
    }
    return block
  }
}

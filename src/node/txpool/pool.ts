import { bytesToBinaryString } from '../../primitives/index.ts'
import { BlockWindowSet } from './block-window.ts'
import { type AccountQueue, comesBefore, type PoolEntry } from './entry.ts'
import { type BatchOutcome, createMicroBatch } from './micro-batch.ts'
import { createReadyIterator } from './ready-iterator.ts'
import type { PoolLimit, PoolRejection } from './rejection.ts'
import { StatusWatchers } from './status-watchers.ts'
import type {
  ExtrinsicStatus,
  PoolBlock,
  PoolExtrinsic,
  PoolSigned,
  ReadyTransactions,
  StatusListener,
  SubmitResult,
  TxPool,
  TxPoolLimits,
  TxPoolOptions,
} from './types.ts'

/** The bounds a pool uses where `TxPoolOptions.limits` says nothing. */
export const DEFAULT_TXPOOL_LIMITS: Readonly<Required<TxPoolLimits>> = Object.freeze({
  maxCount: 65_536,
  maxBytes: 64 * 1024 * 1024,
  maxPerAccount: 16_384,
  maxFutureCount: 4_096,
  maxNonceGap: 4_096,
  maxBatch: 1_024,
  banBlocks: 64,
  maxBanned: 16_384,
  recentBlocks: 64,
  maxRecent: 131_072,
  finalityTimeoutBlocks: 512,
})

/** Longevities at or above this never run out: block numbers are `u32`. */
const IMMORTAL = 0x1_0000_0000

const reject = (value: PoolRejection): SubmitResult => ({ type: 'Err', value })
const invalid = (type: 'Stale' | 'Future' | 'BadProof' | 'AncientBirthBlock'): SubmitResult =>
  reject({ type: 'Invalid', value: { type } })
const dropped = (value: PoolLimit): SubmitResult => reject({ type: 'ImmediatelyDropped', value })

const READY: ExtrinsicStatus = { type: 'ready' }
const FUTURE: ExtrinsicStatus = { type: 'future' }
const DROPPED: ExtrinsicStatus = { type: 'dropped' }
const INVALID: ExtrinsicStatus = { type: 'invalid' }

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/** A transaction whose signature is being verified. */
interface PendingAdmission<P extends PoolExtrinsic> {
  readonly xt: P
  readonly signed: PoolSigned
  readonly key: string
  /** The block count when it was parsed: its longevity counts from there. */
  readonly checkedAt: number
  readonly listener: StatusListener | undefined
  readonly resolve: (result: SubmitResult) => void
}

const defaultSchedule = (task: () => void): void => {
  setImmediate(task)
}

/**
 * The transaction pool. Admission: parse (format, era, birth hash) → already known or banned →
 * signature, verified once in a micro-batch → nonce against state → replacement by tip → limits.
 * Each sender's transactions sit in one queue by nonce; those from the state nonce on without a
 * gap are ready, the rest are future until the gap closes.
 */
class TransactionPool<P extends PoolExtrinsic> implements TxPool<P> {
  readonly #parse: TxPoolOptions<P>['parse']
  readonly #accountNonce: (who: Uint8Array) => number
  readonly #enqueue: (pending: PendingAdmission<P>) => void
  readonly #limits: Readonly<Required<TxPoolLimits>>
  readonly #schedule: (task: () => void) => void
  readonly #onListenerError: (error: unknown) => void

  readonly #byHash = new Map<string, PoolEntry<P>>()
  readonly #accounts = new Map<string, AccountQueue<P>>()
  /** Future transactions, oldest first (the first to go when the future queue is full). */
  readonly #future = new Map<string, PoolEntry<P>>()
  /** Hashes between parsing and admission (their signatures are being verified). */
  readonly #inFlight = new Set<string>()
  readonly #banned: BlockWindowSet
  readonly #recent: BlockWindowSet
  readonly #watchers: StatusWatchers
  /**
   * Transactions found behind the state nonce between blocks (the state moved before `onBlock`
   * said why): the next `onBlock` tells whether they were included or are invalid.
   */
  readonly #limbo = new Set<string>()
  /** Watched transactions in a block, waiting for `finalized`, oldest first. */
  readonly #awaitingFinality = new Map<string, { blockHash: Uint8Array; at: number }>()
  /** Mortal transactions by the block count at which they expire. */
  readonly #expiries = new Map<number, Set<PoolEntry<P>>>()
  readonly #readyListeners = new Set<() => void>()

  /** Between blocks the state moved past it: the next block says whether it was included. */
  readonly #toLimbo = (entry: PoolEntry<P>): void => {
    this.#limbo.add(entry.key)
  }

  #blockCount = 0
  #arrival = 0
  #readyCount = 0
  #bytes = 0
  #readySignalled = false

  constructor(options: TxPoolOptions<P>) {
    this.#parse = bytes => options.parse(bytes)
    this.#accountNonce = who => options.accountNonce(who)
    this.#limits = { ...DEFAULT_TXPOOL_LIMITS, ...options.limits }
    const schedule = options.schedule
    this.#schedule = schedule ? task => schedule.call(options, task) : defaultSchedule
    const onError = options.onListenerError
    this.#onListenerError = onError ? error => onError(error) : () => {}
    this.#enqueue = createMicroBatch<PendingAdmission<P>, boolean>({
      run: batch => options.verify(batch.map(pending => pending.signed.signature)),
      done: (batch, outcome) => this.#verified(batch, outcome),
      maxBatch: Math.max(1, this.#limits.maxBatch),
      schedule: this.#schedule,
    })
    this.#banned = new BlockWindowSet(this.#limits.banBlocks, this.#limits.maxBanned)
    this.#recent = new BlockWindowSet(this.#limits.recentBlocks, this.#limits.maxRecent)
    this.#watchers = new StatusWatchers(this.#onListenerError)
  }

  submit(bytes: Uint8Array, listener?: StatusListener): Promise<SubmitResult> {
    const early = this.#precheck(bytes)
    if (early.type === 'Err') return Promise.resolve(early)
    const { xt, signed, key } = early.value
    this.#inFlight.add(key)
    return new Promise(resolve => {
      this.#enqueue({ xt, signed, key, checkedAt: this.#blockCount, listener, resolve })
    })
  }

  /** Everything before the signature: parse, ban, already known, signed at all. */
  #precheck(
    bytes: Uint8Array,
  ):
    | { type: 'Ok'; value: { xt: P; signed: PoolSigned; key: string } }
    | { type: 'Err'; value: PoolRejection } {
    let parsed: ReturnType<TxPoolOptions<P>['parse']>
    try {
      parsed = this.#parse(bytes)
    } catch (error) {
      return { type: 'Err', value: { type: 'BadFormat', value: messageOf(error) } }
    }
    if (parsed.type === 'Err') {
      const why = parsed.value
      if (why.type === 'BadFormat') return { type: 'Err', value: why }
      return {
        type: 'Err',
        value:
          why.value.type === 'Invalid'
            ? { type: 'Invalid', value: why.value.value }
            : { type: 'Unknown', value: why.value.value },
      }
    }
    const xt = parsed.value
    const key = bytesToBinaryString(xt.hash)
    // Substrate's order: a ban answers before "already imported".
    if (this.#banned.has(key)) return { type: 'Err', value: { type: 'TemporarilyBanned' } }
    if (
      this.#byHash.has(key) ||
      this.#inFlight.has(key) ||
      this.#recent.has(key) ||
      this.#limbo.has(key) ||
      this.#awaitingFinality.has(key)
    ) {
      return { type: 'Err', value: { type: 'AlreadyImported', value: xt.hash } }
    }
    const signed = xt.signed
    if (signed === undefined) {
      return { type: 'Err', value: { type: 'Unknown', value: { type: 'NoUnsignedValidator' } } }
    }
    return { type: 'Ok', value: { xt, signed, key } }
  }

  /** A batch of signatures came back: admit each transaction in submission order. */
  #verified(batch: readonly PendingAdmission<P>[], outcome: BatchOutcome<boolean>): void {
    for (let i = 0; i < batch.length; i++) {
      const pending = batch[i] as PendingAdmission<P>
      const { xt, signed, key } = pending
      this.#inFlight.delete(key)
      let result: SubmitResult
      if (outcome.type === 'Err') {
        result = reject({ type: 'VerificationFailed', value: messageOf(outcome.value) })
      } else if (i >= outcome.value.length) {
        result = reject({ type: 'VerificationFailed', value: 'the verifier gave no answer' })
      } else if (!outcome.value[i]) {
        this.#banned.add(key)
        result = invalid('BadProof')
      } else {
        try {
          result = this.#admit(xt, signed, key, pending.checkedAt, pending.listener)
        } catch (fault) {
          // A bug must not leave the rest of the batch waiting forever.
          result = reject({ type: 'VerificationFailed', value: messageOf(fault) })
        }
      }
      // Anyone who started watching while the signature was checked learns the outcome.
      if (result.type === 'Err' && !this.#awaitingFinality.has(key)) {
        const why = result.value.type
        const invalidNow = why === 'Invalid' || why === 'Unknown' || why === 'VerificationFailed'
        this.#watchers.emit(key, invalidNow ? INVALID : DROPPED)
      }
      pending.resolve(result)
    }
  }

  readyTransactions(): ReadyTransactions<P> {
    return createReadyIterator(this.#accounts.values())
  }

  pendingNonce(who: Uint8Array): number {
    const stateNonce = this.#accountNonce(who)
    const key = bytesToBinaryString(who)
    const account = this.#accounts.get(key)
    if (account === undefined) return stateNonce
    if (account.nonce !== stateNonce) this.#sync(account, stateNonce, this.#toLimbo)
    return this.#accounts.get(key)?.readyEnd ?? stateNonce
  }

  onBlock(block: PoolBlock): void {
    this.#blockCount++
    this.#banned.advance()
    this.#recent.advance()
    const touched = new Map<string, AccountQueue<P>>()
    const included = new Set<string>()
    for (const hash of block.included) {
      const key = bytesToBinaryString(hash)
      included.add(key)
      this.#recent.add(key)
      const entry = this.#byHash.get(key)
      if (entry !== undefined) touched.set(entry.account.key, entry.account)
    }
    for (const key of this.#limbo) {
      if (included.has(key)) this.#inBlock(key, block.hash)
      else this.#invalidate(key)
    }
    this.#limbo.clear()
    for (const hash of block.invalid) {
      const key = bytesToBinaryString(hash)
      if (included.has(key)) continue
      this.#banned.add(key)
      const entry = this.#byHash.get(key)
      if (entry === undefined) continue
      touched.set(entry.account.key, entry.account)
      this.#remove(entry)
      this.#watchers.emit(key, INVALID)
    }
    const staleAfterBlock = (entry: PoolEntry<P>) => {
      if (included.has(entry.key)) this.#inBlock(entry.key, block.hash)
      else this.#invalidate(entry.key)
    }
    for (const account of touched.values()) {
      if (this.#accounts.get(account.key) !== account) continue
      this.#sync(account, this.#accountNonce(account.signer), staleAfterBlock)
    }
    // Reported as included although the state nonce did not pass them: they are gone either way.
    for (const key of included) {
      const entry = this.#byHash.get(key)
      if (entry === undefined) continue
      this.#remove(entry)
      this.#inBlock(key, block.hash)
    }
    this.#expire()
    this.#timeOutFinality()
  }

  finalized(blockHash: Uint8Array, included: readonly Uint8Array[]): void {
    for (const hash of included) {
      const key = bytesToBinaryString(hash)
      if (!this.#awaitingFinality.delete(key)) continue
      this.#watchers.emit(key, { type: 'finalized', value: blockHash })
    }
  }

  watch(hash: Uint8Array, listener: StatusListener): () => void {
    const key = bytesToBinaryString(hash)
    const known =
      this.#byHash.has(key) ||
      this.#inFlight.has(key) ||
      this.#limbo.has(key) ||
      this.#awaitingFinality.has(key)
    if (!known) return () => {}
    return this.#watchers.add(key, listener)
  }

  onReady(listener: () => void): () => void {
    const own = () => listener()
    this.#readyListeners.add(own)
    return () => {
      this.#readyListeners.delete(own)
    }
  }

  resync(): void {
    const stale = (entry: PoolEntry<P>) => this.#invalidate(entry.key)
    for (const account of [...this.#accounts.values()]) {
      this.#sync(account, this.#accountNonce(account.signer), stale)
    }
  }

  status(): { ready: number; future: number; bytes: number } {
    return { ready: this.#readyCount, future: this.#future.size, bytes: this.#bytes }
  }

  pending(): Uint8Array[] {
    const out: Uint8Array[] = []
    for (const tx of this.readyTransactions()) out.push(tx.bytes)
    for (const entry of this.#future.values()) out.push(entry.bytes)
    return out
  }

  /** The synchronous part of admission, against the state as it is once the signature checked out. */
  #admit(
    xt: P,
    signed: PoolSigned,
    key: string,
    checkedAt: number,
    listener: StatusListener | undefined,
  ): SubmitResult {
    const limits = this.#limits
    const expiresAt = signed.longevity >= IMMORTAL ? undefined : checkedAt + signed.longevity
    if (expiresAt !== undefined && expiresAt <= this.#blockCount) {
      this.#banned.add(key)
      return invalid('AncientBirthBlock')
    }
    const accountKey = bytesToBinaryString(signed.signer)
    let stateNonce: number
    try {
      stateNonce = this.#accountNonce(signed.signer)
    } catch {
      // The state could not be read: validity is unknown, not invalid.
      return reject({ type: 'Unknown', value: { type: 'CannotLookup' } })
    }
    const known = this.#accounts.get(accountKey)
    if (known !== undefined && known.nonce !== stateNonce) {
      this.#sync(known, stateNonce, this.#toLimbo)
    }
    if (signed.nonce < stateNonce) {
      this.#banned.add(key)
      return invalid('Stale')
    }
    const existing = this.#accounts.get(accountKey)?.txs.get(signed.nonce)
    if (existing !== undefined) return this.#replace(existing, xt, signed, key, expiresAt, listener)

    const pending = this.#accounts.get(accountKey)?.readyEnd ?? stateNonce
    if (signed.nonce - pending > limits.maxNonceGap) return invalid('Future')
    const perAccount = this.#accounts.get(accountKey)?.txs.size ?? 0
    if (perAccount >= limits.maxPerAccount) {
      return dropped({ limit: 'maxPerAccount', max: limits.maxPerAccount })
    }
    const ready = signed.nonce === pending
    if (!ready) {
      if (limits.maxFutureCount <= 0) {
        return dropped({ limit: 'maxFutureCount', max: limits.maxFutureCount })
      }
      if (this.#future.size >= limits.maxFutureCount) this.#dropOldestFuture()
    }
    const full = this.#makeRoom(xt.length, ready ? signed.tip : undefined, accountKey)
    if (full !== undefined) return dropped(full)

    // Evictions may have emptied (and removed) the sender's queue.
    const account = this.#accounts.get(accountKey) ?? {
      key: accountKey,
      signer: signed.signer,
      nonce: stateNonce,
      readyEnd: stateNonce,
      txs: new Map(),
    }
    // Entered as future; `#promote` makes it ready (and says so) when it closes the run.
    const entry = this.#insert(account, xt, signed, key, expiresAt, false)
    if (listener !== undefined) this.#watchers.add(key, listener)
    if (ready) this.#promote(account)
    else this.#watchers.emit(key, FUTURE)
    return { type: 'Ok', value: { hash: xt.hash, status: entry.ready ? 'ready' : 'future' } }
  }

  /** A second transaction for a taken (sender, nonce): it replaces the first only with a higher tip. */
  #replace(
    old: PoolEntry<P>,
    xt: P,
    signed: PoolSigned,
    key: string,
    expiresAt: number | undefined,
    listener: StatusListener | undefined,
  ): SubmitResult {
    if (signed.tip <= old.tip) {
      return reject({ type: 'TooLowPriority', value: { old: old.tip, new: signed.tip } })
    }
    if (this.#bytes - old.length + xt.length > this.#limits.maxBytes) {
      return dropped({ limit: 'maxBytes', max: this.#limits.maxBytes })
    }
    const account = old.account
    const wasReady = old.ready
    this.#detach(old)
    const entry = this.#insert(account, xt, signed, key, expiresAt, wasReady)
    if (listener !== undefined) this.#watchers.add(key, listener)
    this.#watchers.emit(old.key, { type: 'usurped', value: xt.hash })
    this.#watchers.emit(key, wasReady ? READY : FUTURE)
    if (wasReady) this.#signalReady()
    return { type: 'Ok', value: { hash: xt.hash, status: entry.ready ? 'ready' : 'future' } }
  }

  #insert(
    account: AccountQueue<P>,
    xt: P,
    signed: PoolSigned,
    key: string,
    expiresAt: number | undefined,
    ready: boolean,
  ): PoolEntry<P> {
    const entry: PoolEntry<P> = {
      hash: xt.hash,
      bytes: xt.bytes,
      length: xt.length,
      signer: account.signer,
      nonce: signed.nonce,
      tip: signed.tip,
      arrival: this.#arrival++,
      extrinsic: xt,
      key,
      account,
      ready,
      expiresAt,
    }
    if (this.#accounts.get(account.key) !== account) this.#accounts.set(account.key, account)
    account.txs.set(entry.nonce, entry)
    this.#byHash.set(key, entry)
    this.#bytes += entry.length
    if (ready) this.#readyCount++
    else this.#future.set(key, entry)
    if (expiresAt !== undefined) {
      const bucket = this.#expiries.get(expiresAt)
      if (bucket === undefined) this.#expiries.set(expiresAt, new Set([entry]))
      else bucket.add(entry)
    }
    return entry
  }

  /** Makes future transactions ready while the sender's run continues without a gap. */
  #promote(account: AccountQueue<P>): void {
    for (;;) {
      const next = account.txs.get(account.readyEnd)
      if (next === undefined) return
      account.readyEnd++
      if (next.ready) continue
      next.ready = true
      this.#future.delete(next.key)
      this.#readyCount++
      this.#watchers.emit(next.key, READY)
      this.#signalReady()
    }
  }

  /** Takes `entry` out of every index; the caller restores the sender's ready run. */
  #detach(entry: PoolEntry<P>): void {
    const account = entry.account
    account.txs.delete(entry.nonce)
    this.#byHash.delete(entry.key)
    this.#bytes -= entry.length
    if (entry.ready) this.#readyCount--
    else this.#future.delete(entry.key)
    if (entry.expiresAt !== undefined) this.#expiries.get(entry.expiresAt)?.delete(entry)
    if (account.txs.size === 0 && this.#accounts.get(account.key) === account) {
      this.#accounts.delete(account.key)
    }
  }

  /** Removes `entry`; the sender's transactions after it wait (future) until the gap closes. */
  #remove(entry: PoolEntry<P>): void {
    const account = entry.account
    const wasReady = entry.ready
    this.#detach(entry)
    if (!wasReady) return
    for (let nonce = entry.nonce + 1; nonce < account.readyEnd; nonce++) {
      const next = account.txs.get(nonce)
      if (next === undefined || !next.ready) continue
      next.ready = false
      this.#readyCount--
      this.#future.set(next.key, next)
      this.#watchers.emit(next.key, FUTURE)
    }
    account.readyEnd = entry.nonce
  }

  /**
   * Brings a sender's queue to the state nonce: transactions below it leave (`stale` says what
   * became of them) and the ready run restarts from it.
   */
  #sync(account: AccountQueue<P>, stateNonce: number, stale: (entry: PoolEntry<P>) => void): void {
    const old = account.nonce
    if (stateNonce < old) {
      // The state went back (a dev reset): nothing here is ready any more.
      for (let nonce = old; nonce < account.readyEnd; nonce++) {
        const entry = account.txs.get(nonce)
        if (entry === undefined || !entry.ready) continue
        entry.ready = false
        this.#readyCount--
        this.#future.set(entry.key, entry)
        this.#watchers.emit(entry.key, FUTURE)
      }
      account.readyEnd = stateNonce
    } else if (stateNonce > old) {
      const behind: PoolEntry<P>[] = []
      if (stateNonce - old <= account.txs.size) {
        for (let nonce = old; nonce < stateNonce; nonce++) {
          const entry = account.txs.get(nonce)
          if (entry !== undefined) behind.push(entry)
        }
      } else {
        for (const entry of account.txs.values()) if (entry.nonce < stateNonce) behind.push(entry)
      }
      for (const entry of behind) {
        this.#detach(entry)
        stale(entry)
      }
      if (account.readyEnd < stateNonce) account.readyEnd = stateNonce
    }
    account.nonce = stateNonce
    this.#promote(account)
  }

  /** It can never be included: banned, and its watchers hear `invalid`. */
  #invalidate(key: string): void {
    this.#banned.add(key)
    this.#watchers.emit(key, INVALID)
  }

  #inBlock(key: string, blockHash: Uint8Array): void {
    if (!this.#watchers.has(key)) return
    this.#watchers.emit(key, { type: 'inBlock', value: blockHash })
    this.#awaitingFinality.set(key, { blockHash, at: this.#blockCount })
  }

  /** Frees room for `length` more bytes and one more transaction, or names the limit in the way. */
  #makeRoom(
    length: number,
    readyTip: bigint | undefined,
    ownAccount: string,
  ): PoolLimit | undefined {
    const { maxCount, maxBytes } = this.#limits
    if (length > maxBytes) return { limit: 'maxBytes', max: maxBytes }
    if (maxCount <= 0) return { limit: 'maxCount', max: maxCount }
    for (;;) {
      const overCount = this.#byHash.size + 1 > maxCount
      if (!overCount && this.#bytes + length <= maxBytes) return undefined
      if (this.#dropOldestFuture()) continue
      // A ready transaction may push out a lower-tipped one that nothing else depends on.
      const victim = readyTip !== undefined ? this.#lowestTail(readyTip, ownAccount) : undefined
      if (victim === undefined) {
        return overCount
          ? { limit: 'maxCount', max: maxCount }
          : { limit: 'maxBytes', max: maxBytes }
      }
      this.#remove(victim)
      this.#watchers.emit(victim.key, DROPPED)
    }
  }

  /** The last ready transaction of another sender with the lowest tip below `tip`, if any. */
  #lowestTail(tip: bigint, ownAccount: string): PoolEntry<P> | undefined {
    if (tip === 0n) return undefined
    let worst: PoolEntry<P> | undefined
    for (const account of this.#accounts.values()) {
      if (account.key === ownAccount || account.readyEnd === account.nonce) continue
      const tail = account.txs.get(account.readyEnd - 1)
      if (tail === undefined || tail.tip >= tip) continue
      if (worst === undefined || comesBefore(worst, tail)) worst = tail
    }
    return worst
  }

  #dropOldestFuture(): boolean {
    const oldest = this.#future.values().next()
    if (oldest.done) return false
    this.#detach(oldest.value)
    this.#watchers.emit(oldest.value.key, DROPPED)
    return true
  }

  /** Mortal transactions whose era ended with this block leave as invalid. */
  #expire(): void {
    const bucket = this.#expiries.get(this.#blockCount)
    if (bucket === undefined) return
    this.#expiries.delete(this.#blockCount)
    for (const entry of bucket) {
      if (this.#byHash.get(entry.key) !== entry) continue
      this.#remove(entry)
      this.#invalidate(entry.key)
    }
  }

  #timeOutFinality(): void {
    const oldest = this.#blockCount - this.#limits.finalityTimeoutBlocks
    for (const [key, waiting] of this.#awaitingFinality) {
      if (waiting.at > oldest) return
      this.#awaitingFinality.delete(key)
      this.#watchers.emit(key, { type: 'finalityTimeout', value: waiting.blockHash })
    }
  }

  #signalReady(): void {
    if (this.#readySignalled || this.#readyListeners.size === 0) return
    this.#readySignalled = true
    this.#schedule(() => {
      this.#readySignalled = false
      for (const listener of [...this.#readyListeners]) {
        try {
          listener()
        } catch (error) {
          this.#onListenerError(error)
        }
      }
    })
  }
}

/**
 * Creates the node's transaction pool over injected parsing, signature verification and state
 * nonces.
 *
 * @example
 * const pool = createTxPool({ parse: b => parseExtrinsic(runtime, b, view()), verify, accountNonce })
 * const result = await pool.submit(bytes) // { type: 'Ok', value: { hash, status: 'ready' } }
 * for (const tx of pool.readyTransactions()) builder.apply(tx.extrinsic)
 */
export const createTxPool = <P extends PoolExtrinsic>(options: TxPoolOptions<P>): TxPool<P> =>
  new TransactionPool(options)

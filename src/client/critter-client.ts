import {
  type AccountId,
  blake2_256,
  bytesEqual,
  bytesToHex,
  decode,
  type Keypair,
} from '../primitives/index.ts'
import { MAX_KEYS_PAGE } from '../rpc/index.ts'
import {
  type BoundMap,
  birthOf,
  type DispatchError,
  type EraValue,
  type EventRecord,
  IMMORTAL,
  mortalEra,
  type Query,
  type Runtime,
  type RuntimeCall,
  type StorageIO,
  signExtrinsic,
} from '../runtime/index.ts'
import { author, type ExtrinsicStatus } from './author.ts'
import { chain } from './chain.ts'
import { type Client, type Subscription, unwrap } from './client.ts'
import {
  ClientUsageError,
  ResponseFormatError,
  RuntimeMismatchError,
  TransactionError,
} from './errors.ts'
import type { BytesLike } from './hash.ts'
import { readRemote, remoteValues } from './remote-storage.ts'
import { decodeOrFail } from './request.ts'
import { state } from './state.ts'
import { system } from './system.ts'

/** Options of `createCritterClient`. */
export interface CritterClientOptions {
  /** The JSON-RPC client to talk through. */
  readonly client: Client
  /** The runtime the node runs (`createRuntime` with the same pallets and config). */
  readonly runtime: Runtime
  /** Keys per page for `entries` and multi-key reads (default 1000, the node's page limit). */
  readonly pageSize?: number
}

/** Where a read happens: a block hash, or the best block when absent. */
export interface AtOptions {
  readonly at?: BytesLike
}

/** How long a transaction stays valid: `{ period }` blocks from the finalized block, or forever. */
export type Mortality = { readonly period: number } | 'immortal'

/** Options of `sign` and `submit`. */
export interface SignOptions {
  /** The nonce; by default the node's next index for the signer (counting its pool). */
  readonly nonce?: number
  /** Default `{ period: 64 }` (as polkadot-js and PAPI), capped at the runtime's `blockHashCount`. */
  readonly mortality?: Mortality
  /** Tip for the block author (default 0). */
  readonly tip?: bigint
}

/** Options of `submit`. */
export interface SubmitOptions extends SignOptions {
  /** Resolve at `inBlock` (default) or wait for `finalized`. */
  readonly waitFor?: 'inBlock' | 'finalized'
  /** Told about every status the node reports. */
  readonly onStatus?: (status: ExtrinsicStatus) => void
}

/** A signed extrinsic, ready to submit. */
export interface SignedTransaction {
  /** Wire bytes, compact length prefix included. */
  readonly bytes: Uint8Array
  /** `blake2_256(bytes)`: the hash the node reports and blocks are searched by. */
  readonly hash: Uint8Array
  readonly nonce: number
  readonly era: EraValue
}

/** What a dispatched call returned: `Ok`, or the typed error with its readable name. */
export type CallOutcome =
  | { readonly type: 'Ok' }
  | {
      readonly type: 'Err'
      readonly value: DispatchError
      /** e.g. `CritterNfts.ConcurrentModification` */
      readonly name: string
    }

/** Where a transaction landed and what it did. */
export interface SubmitResult {
  readonly txHash: Uint8Array
  readonly blockHash: Uint8Array
  readonly blockNumber: number
  /** Its index in the block body (the `ApplyExtrinsic` phase of its events). */
  readonly index: number
  /** Its events, in order, ending with `System.ExtrinsicSuccess` or `System.ExtrinsicFailed`. */
  readonly events: readonly EventRecord[]
  readonly result: CallOutcome
}

/** A client that speaks the runtime's own types: storage items, calls, events. */
export interface CritterClient {
  readonly client: Client
  readonly runtime: Runtime
  /**
   * Runs a storage read against the node's state at one block, with the runtime's bound storage
   * items, exactly as code reads the local overlay.
   */
  query<T>(read: (io: StorageIO) => T, options?: AtOptions): Promise<T>
  /** Every entry of a storage map at one block, fetched a page at a time. */
  entries<K, V>(item: BoundMap<K, V, Query>, options?: AtOptions): Promise<[K, V][]>
  /** The entries of a storage map a page at a time (for maps too large to hold at once). */
  entryPages<K, V>(item: BoundMap<K, V, Query>, options?: AtOptions): AsyncGenerator<[K, V][]>
  /** The event records of a block (`System.Events` at its hash). */
  events(blockHash: BytesLike): Promise<EventRecord[]>
  /**
   * The event records of many blocks, in order, read in JSON-RPC batches of `batchSize` (default
   * 100): for catching up over a range of blocks.
   */
  eventsOf(blockHashes: readonly BytesLike[], batchSize?: number): Promise<EventRecord[][]>
  /** The account's next nonce, counting its transactions in the node's pool. */
  nonce(account: AccountId): Promise<number>
  /** Builds and signs a v4 extrinsic for `call`, fetching what the payload commits to. */
  sign(call: RuntimeCall, signer: Keypair, options?: SignOptions): Promise<SignedTransaction>
  /**
   * Signs, submits and watches `call`; resolves with its block, index, events and outcome. A pool
   * refusal rejects with the node's `RpcError` (1010 with the reason in `data`, …), a transaction
   * that leaves the pool without a block with `TransactionError`, and a dropped connection with
   * `ConnectionError` (the transaction may still land: look for its hash).
   */
  submit(call: RuntimeCall, signer: Keypair, options?: SubmitOptions): Promise<SubmitResult>
  /** Submits already-signed bytes and watches them, as `submit` does. */
  submitSigned(
    transaction: Pick<SignedTransaction, 'bytes' | 'hash'>,
    options?: Omit<SubmitOptions, keyof SignOptions>,
  ): Promise<SubmitResult>
}

const DEFAULT_PERIOD = 64

const FAILURES: Partial<Record<ExtrinsicStatus['type'], TransactionError['code']>> = {
  invalid: 'TX_INVALID',
  dropped: 'TX_DROPPED',
  usurped: 'TX_USURPED',
  finalityTimeout: 'TX_FINALITY_TIMEOUT',
}

/** The largest power of two that is at most `n` (at least 4, the shortest era). */
const floorPowerOfTwo = (n: number): number => {
  let p = 4
  while (p * 2 <= n) p *= 2
  return p
}

/**
 * A high-level client over a `Runtime`: storage reads with the runtime's bound items, decoded
 * events, and signed submission with the outcome matched by hash and phase.
 *
 * @example
 * const critter = createCritterNfts()
 * const runtime = createRuntime({ pallets: [critter.pallet] })
 * const api = createCritterClient({ client: createClient(createWsProvider(url)), runtime })
 * const minted = await api.submit(critterCall('mint_pet_nft', { species, name }), devKeypair('Alice'))
 * const pet = await api.query(io => critter.storage.PetNfts.get(io, 0))
 */
export const createCritterClient = (options: CritterClientOptions): CritterClient => {
  const { client, runtime } = options
  const pageSize = options.pageSize ?? 1000
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_KEYS_PAGE)
    throw new ClientUsageError(
      `pageSize must be an integer from 1 to ${MAX_KEYS_PAGE}, got ${pageSize}`,
    )
  const Events = runtime.system.storage.Events
  let genesisHash: Uint8Array | undefined
  // Per account with submissions of ours in flight: the next nonce to hand out, so that
  // concurrent submits from one signer do not both take the node's next index before either
  // reaches the pool. Dropped once none is in flight, so the node's count is the truth again.
  const reserved = new Map<string, { next: number; inFlight: number }>()
  const release = (account: string, failed: boolean) => {
    const entry = reserved.get(account)
    if (entry === undefined) return
    entry.inFlight -= 1
    // A refused transaction did not use its nonce: the node's count is right again.
    if (entry.inFlight <= 0 || failed) reserved.delete(account)
  }

  const pin = async (at: BytesLike | undefined): Promise<BytesLike> => {
    if (at !== undefined) return at
    const best = await client.request(chain.getBlockHash())
    if (best === undefined) throw new ResponseFormatError('the node has no best block')
    return best
  }

  const query = async <T>(read: (io: StorageIO) => T, at?: AtOptions): Promise<T> =>
    readRemote(client, read, { at: await pin(at?.at), pageSize })

  async function* entryPages<K, V>(
    item: BoundMap<K, V, Query>,
    at?: AtOptions,
  ): AsyncGenerator<[K, V][]> {
    const block = await pin(at?.at)
    let after: string | undefined
    for (;;) {
      const keys = await client.request(
        state.getKeysPaged(`0x${item.prefix}`, pageSize, after, block),
      )
      if (keys.length === 0) return
      const values = await remoteValues(
        client,
        keys.map(k => k.slice(2)),
        block,
        pageSize,
      )
      const page: [K, V][] = []
      for (const [key, value] of values) {
        if (value === undefined) continue
        page.push(
          decodeOrFail(`${item.name} at 0x${key}`, () => [
            item.decodeKey(key),
            decode(item.shape, value),
          ]),
        )
      }
      yield page
      if (keys.length < pageSize) return
      after = keys.at(-1)
    }
  }

  const entries = async <K, V>(item: BoundMap<K, V, Query>, at?: AtOptions) => {
    const all: [K, V][] = []
    for await (const page of entryPages(item, at)) all.push(...page)
    return all
  }

  const eventsKey = `0x${Events.storageKey}`
  const decodeEvents = (raw: Uint8Array | undefined): EventRecord[] =>
    raw === undefined
      ? []
      : decodeOrFail('System.Events', () => [...decode(Events.shape, raw)] as EventRecord[])

  const events = async (blockHash: BytesLike): Promise<EventRecord[]> =>
    decodeEvents(await client.request(state.getStorage(eventsKey, blockHash)))

  const eventsOf = async (
    blockHashes: readonly BytesLike[],
    batchSize = 100,
  ): Promise<EventRecord[][]> => {
    const out: EventRecord[][] = []
    for (let i = 0; i < blockHashes.length; i += batchSize) {
      const answers = await client.batch(
        blockHashes.slice(i, i + batchSize).map(hash => state.getStorage(eventsKey, hash)),
      )
      for (const answer of answers) out.push(decodeEvents(unwrap(answer)))
    }
    return out
  }

  const nonce = (account: AccountId) => client.request(system.accountNextIndex(account))

  const signTransaction = async (
    call: RuntimeCall,
    signer: Keypair,
    signOptions: SignOptions,
    reserve: boolean,
  ): Promise<SignedTransaction> => {
    const mortality = signOptions.mortality ?? { period: DEFAULT_PERIOD }
    const [genesis, version, finalized, remoteNonce] = await client.batch([
      chain.getBlockHash(0),
      state.getRuntimeVersion(),
      chain.getFinalizedHead(),
      system.accountNextIndex(signer.publicKey),
    ])
    const v = unwrap(version)
    if (
      v.specVersion !== runtime.version.spec_version ||
      v.transactionVersion !== runtime.version.transaction_version
    ) {
      throw new RuntimeMismatchError(
        `the node runs spec ${v.specVersion} / tx ${v.transactionVersion}, this client was given spec ${runtime.version.spec_version} / tx ${runtime.version.transaction_version}`,
      )
    }
    genesisHash ??= unwrap(genesis)
    if (genesisHash === undefined) throw new ResponseFormatError('the node has no genesis block')

    let era: EraValue = IMMORTAL
    let birthHash = genesisHash
    if (mortality !== 'immortal') {
      const head = await client.request(chain.getHeader(unwrap(finalized)))
      if (head === undefined) throw new ResponseFormatError('the finalized block has no header')
      era = mortalEra(
        Math.min(mortality.period, floorPowerOfTwo(runtime.blockHashCount)),
        head.number,
      )
      const birth = birthOf(era, head.number)
      const hash =
        birth === head.number ? head.hash : await client.request(chain.getBlockHash(birth))
      if (hash === undefined) throw new ResponseFormatError(`the node has no block ${birth}`)
      birthHash = hash
    }
    // Decided after the last await, so concurrent submits see each other's reservations.
    const account = bytesToHex(signer.publicKey)
    let txNonce = signOptions.nonce
    if (txNonce === undefined) {
      txNonce = Math.max(unwrap(remoteNonce), reserved.get(account)?.next ?? 0)
    }
    const bytes = signExtrinsic(runtime, {
      call,
      signer,
      nonce: txNonce,
      tip: signOptions.tip ?? 0n,
      era,
      genesisHash,
      birthHash,
      specVersion: v.specVersion,
      transactionVersion: v.transactionVersion,
    })
    if (reserve && signOptions.nonce === undefined) {
      const entry = reserved.get(account) ?? { next: 0, inFlight: 0 }
      entry.next = txNonce + 1
      entry.inFlight += 1
      reserved.set(account, entry)
    }
    return { bytes, hash: blake2_256(bytes), nonce: txNonce, era }
  }

  /** Finds the transaction in the block and reads its events and outcome. */
  const inclusion = async (txHash: Uint8Array, blockHash: Uint8Array): Promise<SubmitResult> => {
    const [block, records] = await Promise.all([
      client.request(chain.getBlock(blockHash)),
      events(blockHash),
    ])
    if (block === undefined)
      throw new ResponseFormatError(
        `the node reported block ${bytesToHex(blockHash)}, then had none`,
      )
    const index = block.extrinsics.findIndex(xt => bytesEqual(blake2_256(xt), txHash))
    if (index < 0) {
      throw new TransactionError(
        'TX_NOT_IN_BLOCK',
        `transaction ${bytesToHex(txHash)} is not in block ${bytesToHex(blockHash)}`,
      )
    }
    const own = records.filter(r => r.phase.type === 'ApplyExtrinsic' && r.phase.value === index)
    let result: CallOutcome | undefined
    for (const record of own) {
      if (record.event.type !== 'System') continue
      const event = record.event.value as {
        type: string
        value: { dispatch_error?: DispatchError }
      }
      if (event.type === 'ExtrinsicSuccess') result = { type: 'Ok' }
      else if (event.type === 'ExtrinsicFailed' && event.value.dispatch_error !== undefined) {
        const value = event.value.dispatch_error
        result = { type: 'Err', value, name: runtime.describeError(value) }
      }
    }
    if (result === undefined) {
      throw new ResponseFormatError(
        `block ${bytesToHex(blockHash)} has no outcome event for extrinsic ${index}`,
      )
    }
    return {
      txHash,
      blockHash,
      blockNumber: block.header.number,
      index,
      events: own,
      result,
    }
  }

  const submitSigned: CritterClient['submitSigned'] = (transaction, submitOptions = {}) =>
    new Promise<SubmitResult>((resolve, reject) => {
      const waitFor = submitOptions.waitFor ?? 'inBlock'
      let subscription: Subscription | undefined
      let settled = false
      let looking = false
      const finish = (settle: () => void) => {
        if (settled) return
        settled = true
        void subscription?.unsubscribe()
        settle()
      }
      const lookUp = (blockHash: Uint8Array) => {
        if (looking) return
        looking = true
        inclusion(transaction.hash, blockHash).then(
          result => finish(() => resolve(result)),
          error => finish(() => reject(error)),
        )
      }
      client
        .subscribe(author.submitAndWatchExtrinsic(transaction.bytes), {
          next: status => {
            submitOptions.onStatus?.(status)
            const failure = FAILURES[status.type]
            if (failure !== undefined && !looking) {
              finish(() =>
                reject(
                  new TransactionError(
                    failure,
                    `transaction ${bytesToHex(transaction.hash)} ended ${status.type}`,
                  ),
                ),
              )
            } else if (status.type === 'finalized') lookUp(status.value)
            else if (status.type === 'inBlock' && waitFor === 'inBlock') lookUp(status.value)
          },
          error: error => finish(() => reject(error)),
        })
        .then(
          sub => {
            subscription = sub
            if (settled) void sub.unsubscribe()
          },
          error => finish(() => reject(error)),
        )
    })

  const sign: CritterClient['sign'] = (call, signer, signOptions = {}) =>
    signTransaction(call, signer, signOptions, false)

  const submit: CritterClient['submit'] = async (call, signer, submitOptions = {}) => {
    const signed = await signTransaction(call, signer, submitOptions, true)
    const account = bytesToHex(signer.publicKey)
    const reservedHere = submitOptions.nonce === undefined
    try {
      const result = await submitSigned(
        signed,
        submitOptions.onStatus === undefined
          ? { waitFor: submitOptions.waitFor ?? 'inBlock' }
          : { waitFor: submitOptions.waitFor ?? 'inBlock', onStatus: submitOptions.onStatus },
      )
      if (reservedHere) release(account, false)
      return result
    } catch (error) {
      if (reservedHere) release(account, true)
      throw error
    }
  }

  return {
    client,
    runtime,
    query,
    entries,
    entryPages,
    events,
    eventsOf,
    nonce,
    sign,
    submit,
    submitSigned,
  }
}

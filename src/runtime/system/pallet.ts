import {
  type AccountId,
  AccountId32,
  blake2_256,
  decode,
  encode,
  fields,
  type Infer,
  type Shape,
  struct,
  u16,
  u32,
  variant,
  vec,
} from '../../primitives/index.ts'
import type { ExecutionContext } from '../frame/context.ts'
import { BAD_ORIGIN, OK, signer } from '../frame/dispatch.ts'
import { constant, type Pallet } from '../frame/pallet.ts'
import { BlockNumber, Digest, DispatchError, DispatchInfo, H256, Phase } from '../frame/types.ts'
import type { StorageKey } from '../storage/backend.ts'
import { bindStorage, storageMap, storageValue } from '../storage/items.ts'
import { AccountInfo, EMPTY_ACCOUNT, Remark, RuntimeVersion } from './types.ts'

const DECODED_ACCOUNTS = 4096

/** `data` if it is frozen through, else a frozen copy: a caller's record may still change. */
const frozenData = (data: AccountInfo['data']): AccountInfo['data'] =>
  Object.isFrozen(data) && Object.isFrozen(data.flags)
    ? data
    : Object.freeze({ ...data, flags: Object.freeze({ ...data.flags }) })

/** Freezes a freshly decoded record in place, nested records included. */
const freezeDecoded = (info: AccountInfo): AccountInfo => {
  Object.freeze(info.data.flags)
  Object.freeze(info.data)
  return Object.freeze(info)
}

/** Index of the System pallet in every critter runtime. */
export const SYSTEM_INDEX = 0

/** `frame_system::pallet::Event`, with Substrate's indices. */
export const SystemEvent = variant(
  ['frame_system', 'pallet', 'Event'],
  {
    ExtrinsicSuccess: fields({ dispatch_info: DispatchInfo }),
    ExtrinsicFailed: fields({ dispatch_error: DispatchError, dispatch_info: DispatchInfo }),
    NewAccount: fields({ account: AccountId32 }),
    Remarked: fields({ sender: AccountId32, hash: H256 }),
  },
  {
    indices: { ExtrinsicSuccess: 0, ExtrinsicFailed: 1, NewAccount: 3, Remarked: 5 },
    params: [{ name: 'T', type: undefined }],
    docs: ['Events of the System pallet.'],
    variantDocs: {
      ExtrinsicSuccess: ['An extrinsic completed successfully.'],
      ExtrinsicFailed: ['An extrinsic failed; its writes were reverted, its nonce still counts.'],
      NewAccount: ['A new account was created (its first transaction).'],
      Remarked: ['A remark was made on chain (the hash of its bytes).'],
    },
  },
)
/** An event of the System pallet. */
export type SystemEvent = Infer<typeof SystemEvent>

/** `frame_system::pallet::Call`, with Substrate's indices. */
export const SystemCall = variant(
  ['frame_system', 'pallet', 'Call'],
  { remark: fields({ remark: Remark }), remark_with_event: fields({ remark: Remark }) },
  {
    indices: { remark: 0, remark_with_event: 7 },
    params: [{ name: 'T', type: undefined }],
    variantDocs: {
      remark: ['Makes a remark: does nothing but cost a transaction.'],
      remark_with_event: ['Makes a remark and emits `Remarked` with the hash of its bytes.'],
    },
  },
)
/** A call of the System pallet. */
export type SystemCall = Infer<typeof SystemCall>

/** Options of the System pallet. */
export interface SystemOptions {
  /** The composed `RuntimeEvent` enum, which `System.Events` holds. */
  readonly runtimeEvent: Shape<unknown>
  /** The runtime's version, exposed as the `Version` constant. */
  readonly version: RuntimeVersion
  /** How many recent block hashes `System.BlockHash` keeps (mortal transactions need them). */
  readonly blockHashCount: number
  /** The SS58 address prefix. */
  readonly ss58Prefix: number
}

/** Builds the `frame_system::EventRecord` shape for a composed `RuntimeEvent`. */
export const eventRecordShape = (runtimeEvent: Shape<unknown>) =>
  struct(
    ['frame_system', 'EventRecord'],
    { phase: Phase, event: runtimeEvent, topics: vec(H256) },
    {
      params: [
        { name: 'E', type: runtimeEvent.def },
        { name: 'T', type: H256.def },
      ],
    },
  )

/**
 * The System pallet: accounts and nonces, the block number and hashes, the digest and the
 * block's events, all with Substrate's storage layout so that unmodified clients can read them.
 */
export const createSystemPallet = (options: SystemOptions) => {
  const EventRecordShape = eventRecordShape(options.runtimeEvent)
  const storage = bindStorage('System', {
    Account: storageMap('Blake2_128Concat', AccountId32, AccountInfo, {
      query: 'Value',
      default: EMPTY_ACCOUNT,
      docs: ['The full account information for a particular account ID.'],
    }),
    Number: storageValue(BlockNumber, {
      query: 'Value',
      default: 0,
      docs: ['The current block number being processed.'],
    }),
    ParentHash: storageValue(H256, {
      query: 'Value',
      default: new Uint8Array(32),
      docs: ['Hash of the previous block.'],
    }),
    BlockHash: storageMap('Twox64Concat', BlockNumber, H256, {
      query: 'Value',
      default: new Uint8Array(32),
      docs: ['Map of block numbers to block hashes (the last `BlockHashCount` blocks).'],
    }),
    Digest: storageValue(Digest, {
      query: 'Value',
      default: { logs: [] },
      docs: ['Digest of the current block.'],
    }),
    Events: storageValue(vec(EventRecordShape), {
      query: 'Value',
      default: [],
      docs: ['Events deposited for the current block. Reset when the next block begins.'],
    }),
    EventCount: storageValue(u32, {
      query: 'Value',
      default: 0,
      docs: ['The number of events in `Events`.'],
    }),
  })

  // Every extrinsic reads its signer's account twice (the caller checking the nonce, then the
  // block) and writes it once, and the next extrinsic of that signer reads what was written:
  // the decoded record is remembered per key with the stored bytes it stands for, and used only
  // while those very bytes are still what storage holds.
  const decodedAccounts = new Map<StorageKey, { raw: Uint8Array; info: AccountInfo }>()
  const remember = (key: StorageKey, raw: Uint8Array, info: AccountInfo): void => {
    const entry = decodedAccounts.get(key)
    if (entry !== undefined) {
      entry.raw = raw
      entry.info = info
      return
    }
    if (decodedAccounts.size >= DECODED_ACCOUNTS) decodedAccounts.clear()
    decodedAccounts.set(key, { raw, info })
  }

  const pallet: Pallet<SystemCall> = {
    name: 'System',
    index: SYSTEM_INDEX,
    docs: ['Accounts, block bookkeeping and events.'],
    storage: { prefix: 'System', items: storage },
    calls: SystemCall,
    events: SystemEvent as Shape<unknown>,
    errors: undefined,
    constants: {
      BlockHashCount: constant(
        BlockNumber,
        options.blockHashCount,
        'Maximum number of block number to block hash mappings to keep.',
      ),
      Version: constant(RuntimeVersion, options.version, 'Get the chain’s current version.'),
      SS58Prefix: constant(u16, options.ss58Prefix, 'The designated SS58 prefix of this chain.'),
    },
    dispatch(ctx, origin, call) {
      const who = signer(origin)
      if (who === undefined) return BAD_ORIGIN
      if (call.type === 'remark_with_event') {
        ctx.deposit(
          'System',
          { type: 'Remarked', value: { sender: who, hash: blake2_256(call.value.remark) } },
          [who],
        )
      }
      return OK
    },
    weigh: call => ({
      ref_time: 1_000_000n + BigInt(call.value.remark.length) * 1_000n,
      proof_size: 0n,
    }),
  }

  return {
    pallet,
    storage,
    EventRecord: EventRecordShape,
    /** Starts block `number`: records the parent hash and clears the previous block's events. */
    initializeBlock(ctx: ExecutionContext, digest: Digest): void {
      const io = ctx.storage
      storage.Number.set(io, ctx.blockNumber)
      storage.ParentHash.set(io, ctx.parentHash)
      if (ctx.blockNumber > 0) storage.BlockHash.set(io, ctx.blockNumber - 1, ctx.parentHash)
      storage.Digest.set(io, digest)
      storage.Events.remove(io)
      storage.EventCount.remove(io)
      const expired = ctx.blockNumber - options.blockHashCount - 1
      if (expired > 0) storage.BlockHash.remove(io, expired)
    },
    /**
     * Ends the block: writes its events as `System.Events`. Each record was encoded when it was
     * deposited, so this only joins them behind the vector's length.
     */
    finalizeBlock(ctx: ExecutionContext): void {
      ctx.storage.set(storage.Events.storageKey, ctx.encodedEventVec())
      storage.EventCount.set(ctx.storage, ctx.eventCount)
    },
    /**
     * The account's record (zeroed when it has never transacted), frozen as the zeroed default
     * always was: records are shared between the reads of one stored value.
     */
    account: (ctx: ExecutionContext, who: AccountId): AccountInfo => {
      const key = storage.Account.keyOf(who)
      const raw = ctx.storage.get(key)
      if (raw === undefined) return EMPTY_ACCOUNT
      const known = decodedAccounts.get(key)
      if (known !== undefined && known.raw === raw) return known.info
      const info = freezeDecoded(decode(storage.Account.shape, raw))
      remember(key, raw, info)
      return info
    },
    /**
     * Counts a transaction of `who`. The first one creates the account (`providers = 1`) and
     * deposits `NewAccount`.
     */
    incrementNonce(ctx: ExecutionContext, who: AccountId, info: AccountInfo): void {
      const created = info.providers === 0 && info.nonce === 0
      const next: AccountInfo = Object.freeze({
        ...info,
        nonce: info.nonce + 1,
        providers: created ? 1 : info.providers,
        data: frozenData(info.data),
      })
      const raw = encode(storage.Account.shape, next)
      const key = storage.Account.keyOf(who)
      ctx.storage.set(key, raw)
      remember(key, raw, next)
      if (created) ctx.deposit('System', { type: 'NewAccount', value: { account: who } }, [who])
    },
  }
}

/** The System pallet and its block bookkeeping, as `createSystemPallet` returns them. */
export type SystemPallet = ReturnType<typeof createSystemPallet>

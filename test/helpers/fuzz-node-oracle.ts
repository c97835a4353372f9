// The node fuzzer's model of what the node must answer for extrinsic bytes: parsing and the
// signature checked on this thread, and a model of the pool (accepted transactions per sender,
// bans, what is already known). Submissions of one parse-valid hash are never in flight twice at
// once, so the model's order of events is the node's.
import {
  blake2_256,
  bool,
  bytesToBinaryString,
  bytesToHex,
  encode,
  result,
  struct,
  u64,
  u128,
  vec,
  bytes as vecU8,
  verifySignature,
} from '../../src/primitives/index.ts'
import {
  type ChainView,
  DispatchClass,
  decodeExtrinsic,
  type ParsedExtrinsic,
  parseExtrinsic,
  type Runtime,
  TransactionValidityError,
  Weight,
} from '../../src/runtime/index.ts'
import type { Original, XtClass } from './fuzz-node-extrinsics.ts'

/** `sp_runtime::transaction_validity::TransactionValidity`, written out here independently. */
const TransactionValidity = result(
  struct(['ValidTransaction'], {
    priority: u64,
    requires: vec(vecU8),
    provides: vec(vecU8),
    longevity: u64,
    propagate: bool,
  }),
  TransactionValidityError,
)

/** `pallet_transaction_payment::RuntimeDispatchInfo`. */
const RuntimeDispatchInfo = struct(['RuntimeDispatchInfo'], {
  weight: Weight,
  class: DispatchClass,
  partial_fee: u128,
})

/** Substrate's `data` of error 1010, by reason. */
export const INVALID_REASON = {
  BadProof: 'Transaction has a bad signature',
  Stale: 'Transaction is outdated',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  Future: 'Transaction will be valid in the future',
} as const

/** A JSON-RPC error as it arrives. */
export interface RpcErrorJson {
  readonly code: number
  readonly message: string
  readonly data?: unknown
}

/** What one author submission must get. */
export interface AuthorVerdict {
  /** Outcome class, for the counts. */
  readonly label: string
  /** The pool key of a parse-valid extrinsic (in flight until the answer arrives). */
  readonly key: string | undefined
  /** The original it accepts, if any. */
  readonly accepts: Original | undefined
  /** Checks the error (or `undefined` for a result); returns a problem. */
  check(error: RpcErrorJson | undefined, result: unknown): string | undefined
  /** Bookkeeping once the answer is in. */
  settle(error: RpcErrorJson | undefined): void
}

/** What a `state_call` runtime API call must answer: bytes, or a state error. */
export type ApiVerdict =
  | { readonly label: string; readonly hex: string }
  | { readonly label: string; readonly trap: true }

/** Options of `createPoolModel`. */
export interface PoolModelOptions {
  readonly runtime: Runtime
  /** The chain as of the best block (nothing is built while the cases run). */
  readonly view: ChainView
  readonly stateNonce: (who: Uint8Array) => number
  readonly originals: readonly Original[]
  /** The pool's ban capacity (oldest bans go first) and the furthest nonce ahead it queues. */
  readonly maxBanned: number
  readonly maxNonceGap: number
  /** How many submissions may be in flight at once: ban eviction is fuzzy by this much. */
  readonly slack: number
}

/** What parsing and the signature say, with the parsed extrinsic when it parsed. */
export interface Classified {
  readonly cls: XtClass
  readonly parsed?: ParsedExtrinsic
  readonly key?: string
}

const tagOf = (who: Uint8Array, nonce: number): Uint8Array => {
  const tag = new Uint8Array(36)
  tag.set(who, 0)
  new DataView(tag.buffer).setUint32(32, nonce, true)
  return tag
}

const MAX_U64 = 0xffff_ffff_ffff_ffffn

/**
 * The model. `expectSubmit` is called when a case is generated and updates the model at once.
 *
 * @example const model = createPoolModel({ runtime, view, stateNonce, originals, ... })
 */
export const createPoolModel = (options: PoolModelOptions) => {
  const { runtime, view } = options
  const originalByKey = new Map(options.originals.map(o => [o.key, o]))
  /** Accepted transactions by key. */
  const accepted = new Map<string, Original>()
  /** Accepted nonces per sender (binary key of the signer). */
  const acceptedNonces = new Map<string, Set<number>>()
  /** Key → the ban sequence number when it was (last) banned. */
  const bans = new Map<string, number>()
  let banSeq = 0
  const inFlight = new Set<string>()
  const forged: string[] = []

  const classify = (bytes: Uint8Array, at: ChainView = view): Classified => {
    const parsed = parseExtrinsic(runtime, bytes, at)
    if (parsed.type === 'Err') {
      const why = parsed.value
      if (why.type === 'BadFormat') return { cls: 'bad-format' }
      const v = why.value
      if (v.type === 'Unknown')
        return { cls: v.value.type === 'CannotLookup' ? 'cannot-lookup' : 'no-unsigned-validator' }
      if (v.value.type === 'AncientBirthBlock') return { cls: 'ancient' }
      throw new TypeError(`parseExtrinsic gave an unexpected validity error ${v.value.type}`)
    }
    const xt = parsed.value
    const key = bytesToBinaryString(xt.hash)
    if (xt.signed === undefined) return { cls: 'no-unsigned-validator' }
    return {
      cls: verifySignature(xt.signed.signature) ? 'valid' : 'bad-proof',
      parsed: xt,
      key,
    }
  }

  /** 0: not banned, 1: banned, 2: maybe (its ban may have been evicted by now). */
  const banState = (key: string): 0 | 1 | 2 => {
    const seq = bans.get(key)
    if (seq === undefined) return 0
    const age = banSeq - seq
    if (age < options.maxBanned - options.slack) return 1
    return age > options.maxBanned + options.slack ? 0 : 2
  }
  const ban = (key: string) => {
    bans.set(key, ++banSeq)
  }

  const readyEnd = (who: Uint8Array): number => {
    const nonces = acceptedNonces.get(bytesToBinaryString(who))
    let n = options.stateNonce(who)
    while (nonces?.has(n)) n++
    return n
  }

  const errorCheck =
    (code: number, data?: string) =>
    (error: RpcErrorJson | undefined): string | undefined => {
      if (error === undefined) return `a result where error ${code} was due`
      if (error.code !== code) return `error ${error.code} (${error.message}) where ${code} was due`
      if (data !== undefined && error.data !== data)
        return `error ${code} with data ${JSON.stringify(error.data)} where ${JSON.stringify(data)} was due`
      return undefined
    }

  const plain = (label: string, code: number, data?: string, key?: string): AuthorVerdict => ({
    label,
    key,
    accepts: undefined,
    check: errorCheck(code, data),
    settle: () => {},
  })

  /**
   * What `author_submitExtrinsic` / `author_submitAndWatchExtrinsic` must answer for `bytes`, in
   * the model's current state; the model takes the submission in. `undefined` when a submission
   * of the same hash is still in flight (the caller picks other bytes).
   */
  const expectSubmit = (bytes: Uint8Array, watch: boolean): AuthorVerdict | undefined => {
    const c = classify(bytes)
    switch (c.cls) {
      case 'bad-format':
        return {
          ...plain('1001 bad format', 1001),
          check: error =>
            errorCheck(1001)(error) ??
            (error?.message.startsWith('Extrinsic has invalid format') === true
              ? undefined
              : `1001 with message ${error?.message}`),
        }
      case 'no-unsigned-validator':
        return plain('1011 NoUnsignedValidator', 1011, 'NoUnsignedValidator')
      case 'cannot-lookup':
        return plain('1011 CannotLookup', 1011, 'CannotLookup')
      case 'ancient':
        return plain('1010 ancient birth block', 1010, INVALID_REASON.AncientBirthBlock)
    }
    const key = c.key as string
    const xt = c.parsed as ParsedExtrinsic
    const signed = xt.signed as NonNullable<ParsedExtrinsic['signed']>
    if (inFlight.has(key)) return undefined
    const hashHex = bytesToHex(xt.hash)
    const banned = banState(key)
    // What it gets when it is not banned: signature, then nonce, then the pool.
    const fresh = (): AuthorVerdict => {
      if (accepted.has(key)) return plain('1013 already imported', 1013, hashHex, key)
      if (c.cls === 'bad-proof') {
        ban(key)
        return plain('1010 bad signature', 1010, INVALID_REASON.BadProof, key)
      }
      if (signed.nonce < options.stateNonce(signed.signer)) {
        ban(key)
        return plain('1010 outdated', 1010, INVALID_REASON.Stale, key)
      }
      if (signed.nonce - readyEnd(signed.signer) > options.maxNonceGap)
        return plain('1010 future', 1010, INVALID_REASON.Future, key)
      const original = originalByKey.get(key)
      if (original === undefined) {
        // A valid signature on bytes nobody signed: record it, and expect what the pool would do.
        forged.push(bytesToHex(bytes))
      }
      const signerKey = bytesToBinaryString(signed.signer)
      const nonces = acceptedNonces.get(signerKey) ?? new Set<number>()
      if (nonces.has(signed.nonce)) {
        // Never planned (each original has its own nonce); the forged list fails the run.
        forged.push(`replacement of ${bytesToHex(signed.signer)}/${signed.nonce}`)
        return plain('1014 replacement', 1014, undefined, key)
      }
      nonces.add(signed.nonce)
      acceptedNonces.set(signerKey, nonces)
      if (original !== undefined) accepted.set(key, original)
      return {
        label: watch ? 'accepted (watched)' : 'accepted',
        key,
        accepts: original,
        check: (error, value) => {
          if (error !== undefined)
            return `error ${error.code} (${error.message}, ${JSON.stringify(error.data)}) where the pool had to accept`
          if (watch)
            return typeof value === 'string' ? undefined : 'subscription id is not a string'
          return value === hashHex ? undefined : `result ${JSON.stringify(value)}, ${hashHex} due`
        },
        settle: () => {},
      }
    }
    if (banned === 1) return plain('1012 banned', 1012, undefined, key)
    if (banned === 0) {
      bans.delete(key)
      return fresh()
    }
    // The ban may have been evicted: either answer is right; a fresh rejection bans it again.
    const rest = fresh()
    return {
      label: `${rest.label} or 1012`,
      key,
      accepts: rest.accepts,
      check: (error, value) => (error?.code === 1012 ? undefined : rest.check(error, value)),
      settle: error => {
        if (error?.code === 1012) bans.set(key, bans.get(key) ?? banSeq)
      },
    }
  }

  /**
   * What `TaggedTransactionQueue_validate_transaction` must answer for its SCALE `args`, run at
   * a block (by default the best one): its view and its accounts' nonces.
   */
  const expectValidate = (
    args: Uint8Array,
    at: { view: ChainView; stateNonce: (who: Uint8Array) => number } = {
      view,
      stateNonce: options.stateNonce,
    },
  ): ApiVerdict => {
    const trap = (label: string): ApiVerdict => ({ label: `validate trap: ${label}`, trap: true })
    // (TransactionSource, UncheckedExtrinsic, BlockHash), all of it consumed.
    if (args.length < 1) return trap('no source')
    if ((args[0] as number) > 2) return trap('bad source')
    let length: number
    let start: number
    try {
      const r = decodeCompactAt(args, 1)
      length = r.value
      start = r.end
    } catch {
      return trap('bad length')
    }
    if (start + length + 32 !== args.length) return trap('bad length')
    const xtBytes = args.subarray(1, start + length)
    const c = classify(xtBytes, at.view)
    const invalid = (type: 'BadProof' | 'Stale' | 'AncientBirthBlock') =>
      encode(TransactionValidity, {
        type: 'Err',
        value: { type: 'Invalid', value: { type } },
      } as never)
    const unknown = (type: 'CannotLookup' | 'NoUnsignedValidator') =>
      encode(TransactionValidity, {
        type: 'Err',
        value: { type: 'Unknown', value: { type } },
      } as never)
    switch (c.cls) {
      case 'bad-format':
        return trap('bad format')
      case 'no-unsigned-validator':
        return { label: 'validate Unknown', hex: bytesToHex(unknown('NoUnsignedValidator')) }
      case 'cannot-lookup':
        return { label: 'validate Unknown', hex: bytesToHex(unknown('CannotLookup')) }
      case 'ancient':
        return { label: 'validate Invalid', hex: bytesToHex(invalid('AncientBirthBlock')) }
      case 'bad-proof':
        return { label: 'validate Invalid', hex: bytesToHex(invalid('BadProof')) }
    }
    const signed = (c.parsed as ParsedExtrinsic).signed as NonNullable<ParsedExtrinsic['signed']>
    const current = at.stateNonce(signed.signer)
    if (signed.nonce < current)
      return { label: 'validate Invalid', hex: bytesToHex(invalid('Stale')) }
    const valid = encode(TransactionValidity, {
      type: 'Ok',
      value: {
        priority: signed.tip > MAX_U64 ? MAX_U64 : signed.tip,
        requires: signed.nonce > current ? [tagOf(signed.signer, signed.nonce - 1)] : [],
        provides: [tagOf(signed.signer, signed.nonce)],
        longevity: BigInt(signed.longevity),
        propagate: true,
      },
    } as never)
    return { label: 'validate Ok', hex: bytesToHex(valid) }
  }

  /** The weight info of decodable extrinsic bytes, or `undefined`. */
  const weightOf = (bytes: Uint8Array) => {
    try {
      return runtime.weigh(decodeExtrinsic(runtime, bytes).call)
    } catch {
      return undefined
    }
  }

  /** What `TransactionPaymentApi_query_info` must answer for `(extrinsic, u32 length)`. */
  const expectQueryInfo = (args: Uint8Array): ApiVerdict => {
    const weight = args.length < 4 ? undefined : weightOf(args.subarray(0, args.length - 4))
    if (weight === undefined) return { label: 'query_info trap', trap: true }
    return {
      label: 'query_info Ok',
      hex: bytesToHex(
        encode(RuntimeDispatchInfo, { weight, class: 'Normal', partial_fee: 0n } as never),
      ),
    }
  }

  /** What `payment_queryInfo` must answer: its JSON, or `undefined` for error 1001. */
  const expectPaymentInfo = (bytes: Uint8Array) => {
    const weight = weightOf(bytes)
    if (weight === undefined) return undefined
    return {
      weight: { ref_time: Number(weight.ref_time), proof_size: Number(weight.proof_size) },
      class: 'normal',
      partialFee: '0',
    }
  }

  return {
    /** The chain as of the best block. */
    view,
    classify,
    expectSubmit,
    expectValidate,
    expectQueryInfo,
    expectPaymentInfo,
    /** Marks a parse-valid key as in flight (until `landed`). */
    sent: (key: string) => inFlight.add(key),
    landed: (key: string) => inFlight.delete(key),
    /** Accepted originals. */
    accepted: () => [...accepted.values()],
    isAccepted: (key: string) => accepted.has(key),
    /** Signatures that verified on bytes no original has (should never happen). */
    forged: () => forged,
    /** The pool's next nonce for `who` as far as the model knows. */
    readyEnd,
    hashKey: (bytes: Uint8Array) => bytesToBinaryString(blake2_256(bytes)),
  }
}

/** The fuzzer's model of the pool. */
export type PoolModel = ReturnType<typeof createPoolModel>

/** A SCALE compact u32 at `offset`: its value and where it ends. Throws on bad bytes. */
const decodeCompactAt = (bytes: Uint8Array, offset: number): { value: number; end: number } => {
  const first = bytes[offset]
  if (first === undefined) throw new RangeError('no compact')
  const mode = first & 3
  const read = (n: number): number => {
    if (offset + n > bytes.length) throw new RangeError('short compact')
    let v = 0
    for (let i = n - 1; i >= 0; i--) v = v * 256 + (bytes[offset + i] as number)
    return v
  }
  if (mode === 0) return { value: first >>> 2, end: offset + 1 }
  if (mode === 1) return { value: read(2) >>> 2, end: offset + 2 }
  if (mode === 2) return { value: Math.floor(read(4) / 4), end: offset + 4 }
  if (first >>> 2 !== 0) throw new RangeError('compact too big for a length')
  if (offset + 5 > bytes.length) throw new RangeError('short compact')
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset + 1, 4)
  return { value: view.getUint32(0, true), end: offset + 5 }
}

// Transaction checks before the signature (substrate-wire.md section 3), in Substrate's order:
// decode (length, version, canonical form) → address lookup (MultiAddress::Id only) → extra →
// mortality and birth hash → the signed message. The signature itself is verified by the
// caller, so that the node can batch it into worker threads; nonces are checked against state
// by the pool and again by `beginBlock`.
import {
  blake2_256,
  DecodeError,
  EncodeError,
  type SignatureCheck,
  verifySignature,
} from '../../primitives/index.ts'
import type { CheckedExtrinsic } from '../block.ts'
import type { TransactionValidityError } from '../frame/types.ts'
import type { Runtime, RuntimeCall } from '../runtime.ts'
import { decodeExtrinsic } from './codec.ts'
import { birthOf, eraLongevity } from './era.ts'
import { signedMessage } from './payload.ts'

export type { SignatureCheck } from '../../primitives/index.ts'

/** What transaction validation reads from the chain. */
export interface ChainView {
  readonly specVersion: number
  readonly transactionVersion: number
  readonly genesisHash: Uint8Array
  /** The number of the block being built (best + 1). */
  readonly blockNumber: number
  /** The hash of block `n`, or `undefined` when it is unknown or no longer kept. */
  blockHash(n: number): Uint8Array | undefined
}

/** The signer's part of a parsed extrinsic. */
export interface ParsedSigner {
  /** The AccountId32 of the `MultiAddress::Id` address. */
  readonly signer: Uint8Array
  readonly nonce: number
  readonly tip: bigint
  /** Blocks left until the era ends, counting the block being built (immortal: `NEVER`). */
  readonly longevity: number
  /** What the caller must verify before trusting the extrinsic. */
  readonly signature: SignatureCheck
}

/** An extrinsic that passed every check but its signature and nonce. */
export interface ParsedExtrinsic {
  /** The wire bytes, length prefix included (kept by reference: do not mutate). */
  readonly bytes: Uint8Array
  /** `blake2_256(bytes)`: the hash clients track the transaction by. */
  readonly hash: Uint8Array
  /** `bytes.length`: the encoded length Substrate charges for. */
  readonly length: number
  readonly call: RuntimeCall
  readonly signed: ParsedSigner | undefined
}

/** Why an extrinsic was refused: bytes that are no extrinsic, or a transaction-validity error. */
export type ExtrinsicRejection =
  | { readonly type: 'BadFormat'; readonly value: string }
  | { readonly type: 'Validity'; readonly value: TransactionValidityError }

/** The outcome of `parseExtrinsic` / `checkParsed`. */
export type ParseResult =
  | { readonly type: 'Ok'; readonly value: ParsedExtrinsic }
  | { readonly type: 'Err'; readonly value: ExtrinsicRejection }

const validity = (value: TransactionValidityError): ParseResult => ({
  type: 'Err',
  value: { type: 'Validity', value },
})

// No pallet here validates unsigned calls, so a bare extrinsic gets what construct_runtime's
// `validate_unsigned` answers for such a call.
const NO_UNSIGNED_VALIDATOR = validity({ type: 'Unknown', value: { type: 'NoUnsignedValidator' } })
// AccountIdLookup resolves only `Id`; any other address is a LookupError.
const CANNOT_LOOKUP = validity({ type: 'Unknown', value: { type: 'CannotLookup' } })
// CheckMortality::additional_signed fails this way when the birth block's hash is not kept.
const ANCIENT_BIRTH_BLOCK = validity({ type: 'Invalid', value: { type: 'AncientBirthBlock' } })
const BAD_PROOF = validity({ type: 'Invalid', value: { type: 'BadProof' } })
// CheckNonZeroSender: sr25519 accepts a universal forgery for the all-zero key, so that account
// must never sign anything.
const BAD_SIGNER = validity({ type: 'Invalid', value: { type: 'BadSigner' } })

/**
 * Decodes and checks an extrinsic up to its signature: bad bytes are `BadFormat`; a bare
 * extrinsic is `Unknown(NoUnsignedValidator)`; an address other than `MultiAddress::Id` is
 * `Unknown(CannotLookup)`; an era whose birth block is in the future, outside the last
 * `BlockHashCount` blocks or unknown to `view` is `Invalid(AncientBirthBlock)`. On `Ok`,
 * `signed.signature` holds the message (the signed payload, hashed when over 256 bytes) for the
 * caller to verify. Never throws on any input bytes.
 *
 * @example
 * const parsed = parseExtrinsic(runtime, bytes, chain.view())
 * if (parsed.type === 'Ok' && parsed.value.signed && verifySignature(parsed.value.signed.signature)) pool.add(parsed.value)
 */
export const parseExtrinsic = (
  runtime: Runtime,
  bytes: Uint8Array,
  view: ChainView,
): ParseResult => {
  let decoded: ReturnType<typeof decodeExtrinsic>
  try {
    decoded = decodeExtrinsic(runtime, bytes)
  } catch (error) {
    // EncodeError: the bytes decoded to a value that cannot be encoded back, so they are no
    // extrinsic of ours either.
    if (error instanceof DecodeError || error instanceof EncodeError)
      return { type: 'Err', value: { type: 'BadFormat', value: error.message } }
    throw error
  }
  const { signed } = decoded
  if (signed === undefined) return NO_UNSIGNED_VALIDATOR
  if (signed.address.type !== 'Id') return CANNOT_LOOKUP
  if (signed.address.value.every(byte => byte === 0)) return BAD_SIGNER
  const { era, nonce, tip } = signed.extra
  const current = view.blockNumber
  const birth = birthOf(era, current)
  // System keeps the hashes of the last BlockHashCount blocks, and the genesis hash forever.
  const kept = birth < current && (birth === 0 || current - birth <= runtime.blockHashCount)
  const birthHash = kept ? view.blockHash(birth) : undefined
  if (birthHash === undefined) return ANCIENT_BIRTH_BLOCK
  const message = signedMessage(decoded.callBytes, signed.extraBytes, {
    specVersion: view.specVersion,
    transactionVersion: view.transactionVersion,
    genesisHash: view.genesisHash,
    birthHash,
  })
  return {
    type: 'Ok',
    value: {
      bytes,
      hash: blake2_256(bytes),
      length: bytes.length,
      call: decoded.call,
      signed: {
        signer: signed.address.value,
        nonce,
        tip,
        longevity: eraLongevity(era, current),
        signature: {
          scheme: signed.signature.type,
          publicKey: signed.address.value,
          message,
          signature: signed.signature.value,
        },
      },
    },
  }
}

/**
 * Verifies a parsed extrinsic's signature on this thread: `Invalid(BadProof)` when it does not
 * verify. The node verifies in worker threads instead; this is for tools and tests.
 *
 * @example const result = checkParsed(parsed.value)
 */
export const checkParsed = (
  parsed: ParsedExtrinsic,
  verify: (check: SignatureCheck) => boolean = verifySignature,
): ParseResult =>
  parsed.signed === undefined || verify(parsed.signed.signature)
    ? { type: 'Ok', value: parsed }
    : BAD_PROOF

/**
 * `parseExtrinsic` then `checkParsed`: every check but the nonce, on this thread.
 *
 * @example const result = checkExtrinsic(runtime, bytes, chain.view())
 */
export const checkExtrinsic = (
  runtime: Runtime,
  bytes: Uint8Array,
  view: ChainView,
  verify: (check: SignatureCheck) => boolean = verifySignature,
): ParseResult => {
  const parsed = parseExtrinsic(runtime, bytes, view)
  return parsed.type === 'Ok' ? checkParsed(parsed.value, verify) : parsed
}

/**
 * What `beginBlock`'s `applyExtrinsic` takes for a verified, signed extrinsic; `undefined` for an
 * unsigned one (which `parseExtrinsic` never lets through).
 *
 * @example block.applyExtrinsic(toCheckedExtrinsic(tx) ?? fail())
 */
export const toCheckedExtrinsic = (parsed: ParsedExtrinsic): CheckedExtrinsic | undefined =>
  parsed.signed === undefined
    ? undefined
    : {
        origin: { type: 'Signed', value: parsed.signed.signer },
        nonce: parsed.signed.nonce,
        call: parsed.call,
      }

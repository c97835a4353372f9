// The bytes a signer signs (substrate-wire.md section 3):
//   payload           = call ++ extra ++ additional_signed
//   additional_signed = u32 spec_version ++ u32 transaction_version ++ genesis hash ++ birth hash
// (from CheckSpecVersion, CheckTxVersion, CheckGenesis and CheckMortality; the other signed
// extensions add nothing). A payload longer than 256 bytes is signed as its blake2_256.
import { blake2_256, EncodeError, encode, type Keypair } from '../../primitives/index.ts'
import type { Runtime, RuntimeCall } from '../runtime.ts'
import { encodeExtrinsic } from './codec.ts'
import { IMMORTAL, InvalidEraError } from './era.ts'
import { type EraValue, SignedExtra } from './types.ts'

/** What the signed extensions put in the signed payload but not in the extrinsic. */
export interface AdditionalSigned {
  readonly specVersion: number
  readonly transactionVersion: number
  readonly genesisHash: Uint8Array
  /** The hash of the era's birth block: the genesis hash for an immortal transaction. */
  readonly birthHash: Uint8Array
}

/** Payloads longer than this are signed as their blake2_256 (`SignedPayload::using_encoded`). */
export const MAX_UNHASHED_PAYLOAD = 256

const ADDITIONAL_LENGTH = 4 + 4 + 32 + 32

const checkAdditional = (a: AdditionalSigned): void => {
  for (const [what, n] of [
    ['spec version', a.specVersion],
    ['transaction version', a.transactionVersion],
  ] as const) {
    if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff)
      throw new EncodeError(`${what} must be a u32, got ${n}`)
  }
  if (a.genesisHash.length !== 32)
    throw new EncodeError(`genesis hash must be 32 bytes, got ${a.genesisHash.length}`)
  if (a.birthHash.length !== 32)
    throw new EncodeError(`birth hash must be 32 bytes, got ${a.birthHash.length}`)
}

/**
 * The full signed payload: `call ++ extra ++ additional_signed`, before any hashing.
 *
 * @example signingPayload(xt.callBytes, xt.signed.extraBytes, { specVersion: 100, transactionVersion: 1, genesisHash, birthHash })
 */
export const signingPayload = (
  callBytes: Uint8Array,
  extraBytes: Uint8Array,
  additional: AdditionalSigned,
): Uint8Array => {
  checkAdditional(additional)
  const out = new Uint8Array(callBytes.length + extraBytes.length + ADDITIONAL_LENGTH)
  out.set(callBytes, 0)
  let at = callBytes.length
  out.set(extraBytes, at)
  at += extraBytes.length
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength)
  view.setUint32(at, additional.specVersion, true)
  view.setUint32(at + 4, additional.transactionVersion, true)
  out.set(additional.genesisHash, at + 8)
  out.set(additional.birthHash, at + 40)
  return out
}

/**
 * The message a signature covers: the signed payload, or its blake2_256 when it is longer than
 * 256 bytes.
 *
 * @example const ok = verifySignature({ scheme: 'Sr25519', publicKey, message: signedMessage(call, extra, additional), signature })
 */
export const signedMessage = (
  callBytes: Uint8Array,
  extraBytes: Uint8Array,
  additional: AdditionalSigned,
): Uint8Array => {
  const payload = signingPayload(callBytes, extraBytes, additional)
  return payload.length > MAX_UNHASHED_PAYLOAD ? blake2_256(payload) : payload
}

/** Options of `signExtrinsic`. */
export interface SignExtrinsicOptions {
  /** The call to sign. */
  readonly call: RuntimeCall
  /** Who signs; its public key becomes the `MultiAddress::Id` address. */
  readonly signer: Keypair
  /** The signer's next nonce. */
  readonly nonce: number
  /** Tip for the block author; 0 by default. */
  readonly tip?: bigint
  /** Immortal by default; build a mortal one with `mortalEra(period, birthBlockNumber)`. */
  readonly era?: EraValue
  /** The chain's genesis hash. */
  readonly genesisHash: Uint8Array
  /** The hash of the era's birth block; required for a mortal era, the genesis hash otherwise. */
  readonly birthHash?: Uint8Array
  /** Defaults to the runtime's. */
  readonly specVersion?: number
  /** Defaults to the runtime's. */
  readonly transactionVersion?: number
}

/**
 * Signs a call and returns the extrinsic's wire bytes (length prefix included), as a wallet
 * would: for tests, tools and the CLI.
 *
 * @example
 * const bytes = signExtrinsic(runtime, { call, signer: devKeypair('Alice'), nonce: 0, genesisHash })
 */
export const signExtrinsic = (runtime: Runtime, options: SignExtrinsicOptions): Uint8Array => {
  const era = options.era ?? IMMORTAL
  const birthHash = options.birthHash ?? (era.type === 'Immortal' ? options.genesisHash : undefined)
  if (birthHash === undefined)
    throw new InvalidEraError('a mortal era needs the hash of its birth block (birthHash)')
  const extra = { era, nonce: options.nonce, tip: options.tip ?? 0n }
  const callBytes = encode(runtime.RuntimeCall, options.call)
  const extraBytes = encode(SignedExtra, extra)
  const message = signedMessage(callBytes, extraBytes, {
    specVersion: options.specVersion ?? runtime.version.spec_version,
    transactionVersion: options.transactionVersion ?? runtime.version.transaction_version,
    genesisHash: options.genesisHash,
    birthHash,
  })
  const { signer } = options
  return encodeExtrinsic(runtime, {
    call: options.call,
    signed: {
      address: { type: 'Id', value: signer.publicKey },
      signature: { type: signer.scheme, value: signer.sign(message) },
      extra,
    },
  })
}

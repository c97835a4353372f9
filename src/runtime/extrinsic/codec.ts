// The v4 extrinsic wire format (substrate-wire.md section 3):
//   Compact<u32>(len(body)) ++ body
//   body = 0x84 ++ address ++ signature ++ extra ++ call   (signed)
//        | 0x04 ++ call                                   (bare)
import { bytesEqual, DecodeError, Reader, Writer } from '../../primitives/index.ts'
import type { Runtime, RuntimeCall } from '../runtime.ts'
import {
  EXTRINSIC_VERSION,
  MultiAddress,
  type MultiAddressValue,
  MultiSignature,
  type MultiSignatureValue,
  SignedExtra,
} from './types.ts'

const SIGNED_BIT = 0x80

/** What a signed extrinsic carries besides its call. */
export interface ExtrinsicSignature {
  readonly address: MultiAddressValue
  readonly signature: MultiSignatureValue
  readonly extra: SignedExtra
}

/** A decoded v4 extrinsic; `signed` is absent for a bare one. */
export interface DecodedExtrinsic {
  readonly version: 4
  readonly call: RuntimeCall
  /** The call's SCALE bytes, as they are signed. */
  readonly callBytes: Uint8Array
  readonly signed?: ExtrinsicSignature & {
    /** The `Extra` tuple's bytes, as they are signed. */
    readonly extraBytes: Uint8Array
  }
}

/** The parts of a bare (unsigned) extrinsic. */
export interface UnsignedParts {
  readonly call: RuntimeCall
}

/** The parts of a signed extrinsic, with the signature already computed over its payload. */
export interface SignedParts {
  readonly call: RuntimeCall
  readonly signed: ExtrinsicSignature
}

const writeBody = (runtime: Runtime, w: Writer, xt: UnsignedParts | SignedParts): void => {
  if ('signed' in xt) {
    w.u8(SIGNED_BIT | EXTRINSIC_VERSION)
    MultiAddress.encodeTo(w, xt.signed.address)
    MultiSignature.encodeTo(w, xt.signed.signature)
    SignedExtra.encodeTo(w, xt.signed.extra)
  } else {
    w.u8(EXTRINSIC_VERSION)
  }
  runtime.RuntimeCall.encodeTo(w, xt.call)
}

/**
 * The wire bytes of an extrinsic, with their compact length prefix. Throws `EncodeError` when a
 * part does not fit its type.
 *
 * @example
 * const bytes = encodeExtrinsic(runtime, {
 *   call,
 *   signed: { address: { type: 'Id', value: alice }, signature: { type: 'Sr25519', value: sig }, extra },
 * })
 */
export const encodeExtrinsic = (runtime: Runtime, xt: UnsignedParts | SignedParts): Uint8Array => {
  const body = new Writer()
  writeBody(runtime, body, xt)
  const bodyBytes = body.toBytes()
  const out = new Writer()
  out.compact(bodyBytes.length)
  out.raw(bodyBytes)
  return out.toBytes()
}

const decodeParts = (runtime: Runtime, bytes: Uint8Array): DecodedExtrinsic => {
  const r = new Reader(bytes)
  const length = r.compact()
  if (length !== r.remaining)
    throw new DecodeError(`extrinsic length prefix ${length} but ${r.remaining} bytes follow`)
  const head = r.u8()
  if ((head & ~SIGNED_BIT) !== EXTRINSIC_VERSION)
    throw new DecodeError(`unsupported extrinsic version byte 0x${head.toString(16)}`)
  let signed: DecodedExtrinsic['signed']
  if ((head & SIGNED_BIT) !== 0) {
    const address = MultiAddress.decodeFrom(r)
    const signature = MultiSignature.decodeFrom(r)
    const extraStart = r.offset
    const extra = SignedExtra.decodeFrom(r)
    signed = { address, signature, extra, extraBytes: bytes.slice(extraStart, r.offset) }
  }
  const callStart = r.offset
  const call = runtime.RuntimeCall.decodeFrom(r)
  if (r.remaining !== 0) throw new DecodeError(`${r.remaining} trailing byte(s) after the call`)
  const callBytes = bytes.slice(callStart)
  return signed === undefined
    ? { version: EXTRINSIC_VERSION, call, callBytes }
    : { version: EXTRINSIC_VERSION, call, callBytes, signed }
}

/**
 * Decodes a v4 extrinsic from its wire bytes (length prefix included). Strict: a wrong length,
 * an unknown version, trailing bytes or any non-canonical encoding throws `DecodeError`, so that
 * one transaction has exactly one encoding (and one hash).
 *
 * @example
 * const xt = decodeExtrinsic(runtime, bytes)
 * if (xt.signed?.address.type === 'Id') console.log(xt.signed.extra.nonce)
 */
export const decodeExtrinsic = (runtime: Runtime, bytes: Uint8Array): DecodedExtrinsic => {
  let decoded: DecodedExtrinsic
  try {
    decoded = decodeParts(runtime, bytes)
  } catch (error) {
    // Shapes signal impossible lengths with RangeError; to a caller, both mean bad bytes.
    if (error instanceof RangeError) throw new DecodeError(error.message)
    throw error
  }
  // The shapes refuse the non-canonical forms they know of; re-encoding catches any other, so a
  // second encoding of the same transaction can never enter a block.
  if (!bytesEqual(encodeExtrinsic(runtime, decoded), bytes))
    throw new DecodeError('extrinsic is not in canonical form')
  return decoded
}

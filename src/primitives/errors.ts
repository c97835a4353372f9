/**
 * Base class of every thrown error in critter. Thrown errors are bugs and faults (corrupt bytes,
 * a missing initialisation, a broken invariant); expected outcomes such as `PetNotFound` are values,
 * never exceptions.
 *
 * @example
 * try { decode(PetNft, bytes) } catch (e) { if (e instanceof CritterFault) log(e.code) }
 */
export abstract class CritterFault extends Error {
  /** Stable, machine-readable identifier, e.g. `DECODE_FAILED`. */
  abstract readonly code: string
}

/**
 * A fault whose code is one of a known set, given when it is thrown: the base of every module's
 * fault class with several codes (`NodeFault`, `StoreError`, ...), so each declares only its name
 * and its codes.
 *
 * @example
 * export class StoreError extends CodedFault<'STORE_CLOSED' | 'CORRUPT_STORE'> {
 *   override readonly name = 'StoreError'
 * }
 */
export abstract class CodedFault<C extends string> extends CritterFault {
  readonly code: C

  constructor(code: C, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** Bytes did not decode as the SCALE type they were read as (truncated, trailing, or out of range). */
export class DecodeError extends CritterFault {
  override readonly name = 'DecodeError'
  readonly code = 'DECODE_FAILED'
}

/** A value could not be encoded (out of range for its SCALE type, or over a bound). */
export class EncodeError extends CritterFault {
  override readonly name = 'EncodeError'
  readonly code = 'ENCODE_FAILED'
}

/** A string that should be `0x`-prefixed hex (or an SS58 address) is not. */
export class InvalidFormatError extends CritterFault {
  override readonly name = 'InvalidFormatError'
  readonly code = 'INVALID_FORMAT'
}

/** Hashing was used before `initCrypto()` resolved. */
export class CryptoNotReadyError extends CritterFault {
  override readonly name = 'CryptoNotReadyError'
  readonly code = 'CRYPTO_NOT_READY'
}

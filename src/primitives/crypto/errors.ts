import { CritterFault } from '../errors.ts'

/**
 * A key, seed, signature or chain code of the wrong length, or an unknown dev account. These are
 * caller bugs: bytes decoded from the wire always have the lengths their shapes fix.
 */
export class CryptoInputError extends CritterFault {
  override readonly name = 'CryptoInputError'
  readonly code = 'CRYPTO_INPUT'
}

/** Throws `CryptoInputError` unless `bytes` is exactly `length` bytes long. */
export const expectLength = (what: string, bytes: Uint8Array, length: number): void => {
  if (!(bytes instanceof Uint8Array))
    throw new CryptoInputError(`${what} must be a Uint8Array of ${length} bytes`)
  if (bytes.length !== length)
    throw new CryptoInputError(`${what} must be ${length} bytes, got ${bytes.length}`)
}

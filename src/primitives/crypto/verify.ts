import { ed25519Verify } from './ed25519.ts'
import { sr25519Verify } from './sr25519.ts'

/** The signature schemes of `sp_runtime::MultiSignature`. */
export type SignatureScheme = 'Ed25519' | 'Sr25519' | 'Ecdsa'

/** One signature to check: the scheme, the signer's key, the signed bytes and the signature. */
export interface SignatureCheck {
  readonly scheme: SignatureScheme
  readonly publicKey: Uint8Array
  readonly message: Uint8Array
  readonly signature: Uint8Array
}

/**
 * Checks one signature. `Ecdsa` always gives `false`: MultiAddress::Id accounts are 32-byte
 * sr25519/ed25519 keys here, and an ECDSA signer's account is the blake2 hash of its 33-byte key,
 * which this chain does not support. Throws `CryptoInputError` on keys or signatures of the wrong
 * length for their scheme.
 *
 * @example verifySignature({ scheme: 'Sr25519', publicKey, message, signature }) // true
 */
export const verifySignature = (check: SignatureCheck): boolean => {
  switch (check.scheme) {
    case 'Sr25519':
      return sr25519Verify(check.signature, check.message, check.publicKey)
    case 'Ed25519':
      return ed25519Verify(check.signature, check.message, check.publicKey)
    case 'Ecdsa':
      return false
  }
}

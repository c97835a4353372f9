import type { KeyObject } from 'node:crypto'
import { ed25519PrivateKey, ed25519PublicKey, ed25519Sign } from './ed25519.ts'
import { expectLength } from './errors.ts'
import { type Sr25519Pair, sr25519FromSeed, sr25519Sign } from './sr25519.ts'

/** The schemes a local key pair can sign with. */
export type KeypairScheme = 'Sr25519' | 'Ed25519'

/**
 * A key pair that can sign: its scheme, its 32-byte public key (the AccountId32 of a
 * MultiAddress::Id signer) and `sign`, which returns a 64-byte signature.
 */
export interface Keypair {
  readonly scheme: KeypairScheme
  readonly publicKey: Uint8Array
  sign(message: Uint8Array): Uint8Array
}

/** A signing key pair from an sr25519 pair (as derived by `sr25519FromSeed`). */
export const sr25519Keypair = (pair: Sr25519Pair): Keypair => ({
  scheme: 'Sr25519',
  publicKey: pair.publicKey,
  sign: message => sr25519Sign(pair, message),
})

/** A signing key pair from a 32-byte ed25519 seed; the OpenSSL key is imported once. */
export const ed25519Keypair = (seed: Uint8Array): Keypair => {
  const key: KeyObject = ed25519PrivateKey(seed)
  return {
    scheme: 'Ed25519',
    publicKey: ed25519PublicKey(seed),
    sign: message => ed25519Sign(key, message),
  }
}

/**
 * The key pair of a 32-byte seed (an sr25519 mini secret or an ed25519 seed).
 *
 * @example const pair = keypairFromSeed(new Uint8Array(32).fill(7), 'Ed25519')
 */
export const keypairFromSeed = (seed: Uint8Array, scheme: KeypairScheme = 'Sr25519'): Keypair => {
  expectLength('seed', seed, 32)
  return scheme === 'Sr25519' ? sr25519Keypair(sr25519FromSeed(seed)) : ed25519Keypair(seed)
}

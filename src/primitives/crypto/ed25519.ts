import {
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto'
import { bytesToBinaryString, concatBytes, utf8 } from '../bytes.ts'
import { blake2_256 } from '../hashing.ts'
import { expectLength } from './errors.ts'

// DER headers that turn a raw 32-byte key into the structures OpenSSL imports (RFC 8410):
// SubjectPublicKeyInfo for a public key, PKCS#8 PrivateKeyInfo for a seed.
const SPKI_PREFIX = Uint8Array.of(
  0x30,
  0x2a,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x03,
  0x21,
  0x00,
)
const PKCS8_PREFIX = Uint8Array.of(
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x04,
  0x22,
  0x04,
  0x20,
)

/**
 * How many verifying keys stay imported. Importing costs about as much as a verification, and a
 * busy pool sees the same few thousand senders again and again; the bound keeps memory flat
 * when it does not.
 */
export const ED25519_KEY_CACHE_SIZE = 4096

const publicKeys = new Map<string, KeyObject>()

const publicKeyObject = (publicKey: Uint8Array): KeyObject => {
  const id = bytesToBinaryString(publicKey)
  const cached = publicKeys.get(id)
  if (cached !== undefined) return cached
  const key = createPublicKey({
    key: Buffer.from(concatBytes(SPKI_PREFIX, publicKey)),
    format: 'der',
    type: 'spki',
  })
  // First in, first out: cheaper than LRU bookkeeping on every hit, and as good for a pool.
  if (publicKeys.size >= ED25519_KEY_CACHE_SIZE) {
    const oldest = publicKeys.keys().next().value
    if (oldest !== undefined) publicKeys.delete(oldest)
  }
  publicKeys.set(id, key)
  return key
}

/** The OpenSSL private key of a 32-byte ed25519 seed. */
export const ed25519PrivateKey = (seed: Uint8Array): KeyObject => {
  expectLength('ed25519 seed', seed, 32)
  return createPrivateKey({
    key: Buffer.from(concatBytes(PKCS8_PREFIX, seed)),
    format: 'der',
    type: 'pkcs8',
  })
}

/**
 * The 32-byte public key of an ed25519 seed.
 *
 * @example ed25519PublicKey(seed) // Uint8Array(32)
 */
export const ed25519PublicKey = (seed: Uint8Array): Uint8Array => {
  const der = createPublicKey(ed25519PrivateKey(seed)).export({ format: 'der', type: 'spki' })
  return new Uint8Array(der.subarray(SPKI_PREFIX.length))
}

const HDKD = concatBytes(Uint8Array.of(11 << 2), utf8('Ed25519HDKD'))

/**
 * The seed of the hard-derived child (`//name`): `blake2_256(SCALE(("Ed25519HDKD", seed,
 * chain_code)))`, as `sp_core::ed25519::Pair::derive`.
 */
export const ed25519DeriveHard = (seed: Uint8Array, chainCode: Uint8Array): Uint8Array => {
  expectLength('ed25519 seed', seed, 32)
  expectLength('chain code', chainCode, 32)
  return blake2_256(concatBytes(HDKD, seed, chainCode))
}

/**
 * Signs `message` with a 32-byte seed (or a key made by `ed25519PrivateKey`, to skip the import).
 *
 * @example const signature = ed25519Sign(seed, payload) // 64 bytes
 */
export const ed25519Sign = (seed: Uint8Array | KeyObject, message: Uint8Array): Uint8Array => {
  const key = seed instanceof Uint8Array ? ed25519PrivateKey(seed) : seed
  return new Uint8Array(nodeSign(null, message, key))
}

/**
 * Verifies an ed25519 signature through OpenSSL, with the imported key cached. Bytes that are
 * not a valid point or signature give `false`. (OpenSSL checks RFC 8032 strictly; Substrate's
 * ed25519-zebra also accepts some non-canonical encodings that honest signers never produce.)
 *
 * @example ed25519Verify(signature, payload, publicKey) // true
 */
export const ed25519Verify = (
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
): boolean => {
  expectLength('ed25519 signature', signature, 64)
  expectLength('ed25519 public key', publicKey, 32)
  try {
    return nodeVerify(null, message, publicKeyObject(publicKey), signature)
  } catch {
    // A key OpenSSL refuses to import cannot have signed anything.
    return false
  }
}

import { bip39ToMiniSecret, isReady } from '@polkadot/wasm-crypto'
import { CryptoNotReadyError } from '../errors.ts'
import { blake2_256 } from '../hashing.ts'
import { encode, str, u64 } from '../scale/index.ts'
import { ed25519DeriveHard } from './ed25519.ts'
import { CryptoInputError } from './errors.ts'
import { ed25519Keypair, type Keypair, type KeypairScheme, sr25519Keypair } from './keypair.ts'
import { sr25519DeriveHard, sr25519FromSeed } from './sr25519.ts'

/** Substrate's well-known development phrase; `//Alice` and friends derive from it. */
export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk'

/** The development accounts every Substrate dev chain knows. */
export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const

/** The name of a development account. */
export type DevAccountName = (typeof DEV_ACCOUNTS)[number]

const U64_MAX = 0xffff_ffff_ffff_ffffn

/**
 * The 32-byte chain code of the junction `//name`, as `sp_core::crypto::DeriveJunction`: the
 * SCALE encoding of the name (a u64 when it is all digits, a string otherwise), zero-padded to
 * 32 bytes, or its blake2_256 when longer.
 *
 * @example junctionChainCode('Alice') // 0x14416c696365 then 26 zero bytes
 */
export const junctionChainCode = (name: string): Uint8Array => {
  const numeric = /^\d+$/.test(name) && BigInt(name) <= U64_MAX
  const encoded = numeric ? encode(u64, BigInt(name)) : encode(str, name)
  if (encoded.length > 32) return blake2_256(encoded)
  const code = new Uint8Array(32)
  code.set(encoded)
  return code
}

/**
 * The 32-byte mini secret of a BIP-39 phrase (the entropy through PBKDF2 with salt
 * `mnemonic<password>`), as Substrate and @polkadot/keyring compute it.
 */
export const miniSecretFromPhrase = (phrase: string, password = ''): Uint8Array => {
  if (!isReady()) throw new CryptoNotReadyError('call `await initCrypto()` before deriving keys')
  try {
    return bip39ToMiniSecret(phrase, password)
  } catch (cause) {
    throw new CryptoInputError('not a valid BIP-39 phrase', { cause })
  }
}

/**
 * The key pair of `phrase//j1//j2…` for hard junctions only (soft derivation is not needed by
 * the node and is not supported for ed25519 at all).
 *
 * @example deriveHard(DEV_PHRASE, ['Alice']).publicKey // Alice's AccountId32
 */
export const deriveHard = (
  phrase: string,
  junctions: readonly string[],
  scheme: KeypairScheme = 'Sr25519',
): Keypair => {
  const seed = miniSecretFromPhrase(phrase)
  if (scheme === 'Ed25519') {
    let derived = seed
    for (const name of junctions) derived = ed25519DeriveHard(derived, junctionChainCode(name))
    return ed25519Keypair(derived)
  }
  let pair = sr25519FromSeed(seed)
  for (const name of junctions) pair = sr25519DeriveHard(pair, junctionChainCode(name))
  return sr25519Keypair(pair)
}

const devPairs = new Map<string, Keypair>()

/**
 * The development key pair `//<name>` of the dev phrase: the same public keys as
 * `new Keyring({ type }).addFromUri('//Alice')`. Derived once and cached (the phrase's PBKDF2
 * costs a few milliseconds).
 *
 * @example
 * const alice = devKeypair('Alice')
 * const signature = alice.sign(payload)
 */
export const devKeypair = (name: DevAccountName, scheme: KeypairScheme = 'Sr25519'): Keypair => {
  if (!DEV_ACCOUNTS.includes(name)) throw new CryptoInputError(`no dev account named ${name}`)
  if (scheme !== 'Sr25519' && scheme !== 'Ed25519')
    throw new CryptoInputError(`dev accounts sign with Sr25519 or Ed25519, not ${scheme}`)
  const id = `${scheme}/${name}`
  let pair = devPairs.get(id)
  if (pair === undefined) {
    pair = deriveHard(DEV_PHRASE, [name], scheme)
    devPairs.set(id, pair)
  }
  return pair
}

// Public surface of src/primitives/crypto: signing and verification for sr25519 (through
// @polkadot/wasm-crypto directly) and ed25519 (through node:crypto), and the dev accounts.

export {
  DEV_ACCOUNTS,
  DEV_PHRASE,
  type DevAccountName,
  deriveHard,
  devKeypair,
  junctionChainCode,
  miniSecretFromPhrase,
} from './dev.ts'
export {
  ED25519_KEY_CACHE_SIZE,
  ed25519DeriveHard,
  ed25519PrivateKey,
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
} from './ed25519.ts'
export { CryptoInputError } from './errors.ts'
export {
  ed25519Keypair,
  type Keypair,
  type KeypairScheme,
  keypairFromSeed,
  sr25519Keypair,
} from './keypair.ts'
export {
  type Sr25519Pair,
  sr25519DeriveHard,
  sr25519FromSeed,
  sr25519Sign,
  sr25519Verify,
} from './sr25519.ts'
export { type SignatureCheck, type SignatureScheme, verifySignature } from './verify.ts'

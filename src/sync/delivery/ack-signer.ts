import {
  DEV_PHRASE,
  deriveHard,
  hexToBytes,
  type Keypair,
  type KeypairScheme,
  keypairFromSeed,
} from '../../primitives/index.ts'
import { SyncFault } from '../errors.ts'

/** The signature scheme of a hook's acknowledgement key, as written in the hook config. */
export type AckScheme = 'sr25519' | 'ed25519'

const SEED = /^0x[0-9a-fA-F]{64}$/

/**
 * The key pair a hook acknowledges with, from its config's `signer`:
 *
 * - `//Alice`, `//Alice//stash`: hard junctions of the dev phrase (dev chains only);
 * - `<bip39 phrase>//hook//1`: hard junctions of a phrase (or the phrase alone);
 * - `0x<64 hex>`: a raw 32-byte seed (an sr25519 mini secret or an ed25519 seed).
 *
 * Soft junctions and passwords are refused. The error never repeats the signer, which is a
 * secret. Needs `await initCrypto()` first (sr25519 and phrases are WebAssembly).
 *
 * @example signerKeypair('//Alice', 'sr25519').publicKey // Alice's AccountId32
 */
export const signerKeypair = (signer: string, scheme: AckScheme): Keypair => {
  const keyScheme: KeypairScheme = scheme === 'ed25519' ? 'Ed25519' : 'Sr25519'
  if (SEED.test(signer)) return keypairFromSeed(hexToBytes(signer), keyScheme)
  if (signer.startsWith('0x'))
    throw new SyncFault('INVALID_OPTIONS', 'a hex seed must be 0x and 64 hex digits (32 bytes)')
  const at = signer.indexOf('//')
  const phrase = (at === -1 ? signer : signer.slice(0, at)).trim()
  const path = at === -1 ? '' : signer.slice(at)
  // `//a//b` splits into '', 'a', 'b'; an empty junction, a single `/` or `///` is not ours.
  const junctions = path === '' ? [] : path.slice(2).split('//')
  if (junctions.some(j => j === '' || j.includes('/')))
    throw new SyncFault(
      'INVALID_OPTIONS',
      'only hard junctions (//name) are supported: no soft junctions (/name) or passwords (///)',
    )
  if (phrase === '' && junctions.length === 0)
    throw new SyncFault('INVALID_OPTIONS', 'a signer is //Name, a phrase, or a 0x seed')
  try {
    return deriveHard(phrase === '' ? DEV_PHRASE : phrase, junctions, keyScheme)
  } catch (cause) {
    throw new SyncFault('INVALID_OPTIONS', 'not a valid BIP-39 phrase with hard junctions', {
      cause,
    })
  }
}

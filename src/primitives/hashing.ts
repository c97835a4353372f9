import { blake2b, isReady, twox, waitReady } from '@polkadot/wasm-crypto'
import { CryptoNotReadyError } from './errors.ts'

const NO_KEY = new Uint8Array(0)

/**
 * Loads the WebAssembly hashing and signature code. Await it once before any hash is taken;
 * it is idempotent.
 *
 * @example await initCrypto()
 */
export const initCrypto = async (): Promise<void> => {
  if (!(await waitReady()))
    throw new CryptoNotReadyError('@polkadot/wasm-crypto failed to initialise')
}

const ready = (): void => {
  if (!isReady()) throw new CryptoNotReadyError('call `await initCrypto()` before hashing')
}

/** BLAKE2b with a 256-bit output (`blake2_256` in Substrate). */
export const blake2_256 = (data: Uint8Array): Uint8Array => {
  ready()
  return blake2b(data, NO_KEY, 32)
}

/** BLAKE2b with a 128-bit output. */
export const blake2_128 = (data: Uint8Array): Uint8Array => {
  ready()
  return blake2b(data, NO_KEY, 16)
}

/** BLAKE2b with a 64-bit output (runtime API ids). */
export const blake2_64 = (data: Uint8Array): Uint8Array => {
  ready()
  return blake2b(data, NO_KEY, 8)
}

/** BLAKE2b with a 512-bit output (SS58 checksums). */
export const blake2_512 = (data: Uint8Array): Uint8Array => {
  ready()
  return blake2b(data, NO_KEY, 64)
}

/** xxHash64 twice (seeds 0 and 1), 128 bits: `twox_128`, used for storage prefixes. */
export const twox128 = (data: Uint8Array): Uint8Array => {
  ready()
  return twox(data, 2)
}

/** xxHash64 with seed 0, 64 bits: `twox_64`. */
export const twox64 = (data: Uint8Array): Uint8Array => {
  ready()
  return twox(data, 1)
}

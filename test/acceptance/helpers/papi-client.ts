// polkadot-api as an app uses it: a client over `polkadot-api/ws` (the ws provider with its
// legacy-RPC bridge, substrate-wire.md section 4.3) and PAPI signers around @polkadot/keyring pairs.
import { Keyring } from '@polkadot/keyring'
import { cryptoWaitReady } from '@polkadot/util-crypto'
import { createClient, type PolkadotClient } from 'polkadot-api'
import { getPolkadotSigner, type PolkadotSigner } from 'polkadot-api/signer'
import { getWsProvider, type WebSocketClass } from 'polkadot-api/ws'
import { WebSocket } from 'ws'

/** A dev account as a PAPI app holds it: its SS58 address, public key and a `PolkadotSigner`. */
export interface PapiAccount {
  readonly address: string
  readonly publicKey: Uint8Array
  readonly signer: PolkadotSigner
}

/**
 * A PAPI signer for a dev key URI (`//Alice`), sr25519 unless told otherwise.
 *
 * @example const alice = await papiAccount('//Alice')
 */
export const papiAccount = async (
  uri: string,
  scheme: 'Sr25519' | 'Ed25519' = 'Sr25519',
): Promise<PapiAccount> => {
  await cryptoWaitReady()
  const keyring = new Keyring({
    type: scheme === 'Sr25519' ? 'sr25519' : 'ed25519',
    ss58Format: 42,
  })
  const pair = keyring.addFromUri(uri)
  return {
    address: pair.address,
    publicKey: pair.publicKey,
    signer: getPolkadotSigner(pair.publicKey, scheme, message => pair.sign(message)),
  }
}

/**
 * A PAPI client over the ws provider. Node 20 has no global WebSocket, so the `ws` class is
 * passed, as PAPI's docs say to do on Node.
 *
 * @example const client = connectPapi(url); const api = client.getUnsafeApi()
 */
export const connectPapi = (url: string): PolkadotClient =>
  createClient(getWsProvider(url, { websocketClass: WebSocket as unknown as WebSocketClass }))

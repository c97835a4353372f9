import './pjs-augment.ts'
import { ApiPromise, WsProvider } from '@polkadot/api'
import { Keyring } from '@polkadot/keyring'
import type { KeyringPair } from '@polkadot/keyring/types'
import type { ProviderInterface } from '@polkadot/rpc-provider/types'
import { cryptoWaitReady } from '@polkadot/util-crypto'

/** A connected polkadot-js API and its provider (for methods polkadot-js does not decorate). */
export interface PjsConnection {
  readonly api: ApiPromise
  readonly provider: WsProvider
  disconnect(): Promise<void>
}

/**
 * Connects as a script does: `ApiPromise.create` over a `WsProvider`, nothing registered by hand.
 *
 * @example const { api, disconnect } = await connectPjs(node.url)
 */
export const connectPjs = async (url: string): Promise<PjsConnection> => {
  // No automatic reconnection: a node that goes away should fail the test, not hang it.
  const provider = new WsProvider(url, false)
  await provider.connect()
  // The cast only bridges polkadot-js' declarations and exactOptionalPropertyTypes (`ttl`).
  const api = await ApiPromise.create({
    provider: provider as ProviderInterface,
    noInitWarn: true,
    throwOnConnect: true,
  })
  return { api, provider, disconnect: () => api.disconnect() }
}

/** The dev keys, derived as users derive them (`//Alice` on the dev phrase). */
export interface DevKeys {
  readonly alice: KeyringPair
  readonly bob: KeyringPair
  readonly charlie: KeyringPair
  readonly dave: KeyringPair
  /** `//Alice` as an ed25519 key: a different account from sr25519 Alice. */
  readonly aliceEd: KeyringPair
}

/**
 * The dev keyring pairs, sr25519 unless said otherwise.
 *
 * @example const { alice, bob } = await devKeys()
 */
export const devKeys = async (): Promise<DevKeys> => {
  await cryptoWaitReady()
  const sr = new Keyring({ type: 'sr25519', ss58Format: 42 })
  const ed = new Keyring({ type: 'ed25519', ss58Format: 42 })
  return {
    alice: sr.addFromUri('//Alice'),
    bob: sr.addFromUri('//Bob'),
    charlie: sr.addFromUri('//Charlie'),
    dave: sr.addFromUri('//Dave'),
    aliceEd: ed.addFromUri('//Alice'),
  }
}

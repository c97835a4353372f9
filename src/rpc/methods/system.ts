// system_*: node and chain identity, health, and the pool-aware account nonce.
import { z } from 'zod'
import { ChainTypeJson, HealthJson, PeerInfoJson, PropertiesJson } from '../json.ts'
import { AccountParam, positional, required } from '../params.ts'
import { call } from './define.ts'

const none = positional()

/** The system_* methods. */
export const SYSTEM_METHODS = {
  /** `system_name`: the node implementation's name. */
  system_name: call({ name: 'system_name', params: none, result: z.string() }),
  /** `system_version`: the node implementation's version. */
  system_version: call({ name: 'system_version', params: none, result: z.string() }),
  /** `system_chain`: the chain's name, e.g. `"Critter Dev"`. */
  system_chain: call({ name: 'system_chain', params: none, result: z.string() }),
  /** `system_chainType`: `"Development"`, `"Local"`, `"Live"` or `{ Custom }`. */
  system_chainType: call({ name: 'system_chainType', params: none, result: ChainTypeJson }),
  /** `system_properties`: `ss58Format`, `tokenDecimals`, `tokenSymbol` (may be `{}`). */
  system_properties: call({ name: 'system_properties', params: none, result: PropertiesJson }),
  /** `system_health`: polkadot-js polls it every 10 s. */
  system_health: call({ name: 'system_health', params: none, result: HealthJson }),
  /** `system_peers`: connected peers (none, on a single-authority node). */
  system_peers: call({
    name: 'system_peers',
    params: none,
    result: z.array(PeerInfoJson).readonly(),
  }),
  /** `system_accountNextIndex [account]`: the next nonce, counting the account's pool txs. */
  system_accountNextIndex: call({
    name: 'system_accountNextIndex',
    aliases: ['account_nextIndex'],
    params: positional(required('account', AccountParam)),
    result: z.number().int().min(0),
  }),
} as const

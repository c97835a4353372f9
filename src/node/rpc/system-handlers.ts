import type { NodeRpcContext } from './context.ts'

/** The node software's name, as `system_name` reports it. */
export const NODE_NAME = 'critter-node'
/** The node software's version, as `system_version` reports it (package.json's version). */
export const NODE_VERSION = '0.1.0'

/** system_*: identity, properties, health, nonces. */
export const createSystemHandlers = (ctx: NodeRpcContext) => ({
  system_name: () => NODE_NAME,
  system_version: () => NODE_VERSION,
  system_chain: () => ctx.chainName,
  system_chainType: () => ctx.chainType,
  system_properties: () => ({ ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'PET' }),
  // A single authority: no peers, never syncing.
  system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
  system_peers: () => [],
  system_accountNextIndex: (p: { account: Uint8Array }) => ctx.pool.pendingNonce(p.account),
})

import { type AccountId, ss58Encode } from '../primitives/index.ts'
import { type RpcRequest, rpcCall } from './request.ts'

/**
 * The system_* methods and `rpc_methods`.
 *
 * @example const nonce = await client.request(system.accountNextIndex(alice.publicKey))
 */
export const system = {
  /** `system_chain`: the chain's name. */
  chain: (): RpcRequest<string> => rpcCall('system_chain', []),
  /** `system_name`: the node implementation's name. */
  name: (): RpcRequest<string> => rpcCall('system_name', []),
  /** `system_version`: the node implementation's version. */
  version: (): RpcRequest<string> => rpcCall('system_version', []),
  /** `system_properties`: `ss58Format`, `tokenDecimals`, `tokenSymbol`. */
  properties: () => rpcCall('system_properties', []),
  /** `system_health`: peers and sync state. */
  health: () => rpcCall('system_health', []),
  /** `system_accountNextIndex`: the account's next nonce, counting its transactions in the pool. */
  accountNextIndex: (account: AccountId | string): RpcRequest<number> =>
    rpcCall('system_accountNextIndex', [
      typeof account === 'string' ? account : ss58Encode(account),
    ]),
  /** `rpc_methods`: every method name the node serves, aliases included. */
  methods: (): RpcRequest<readonly string[]> => rpcCall('rpc_methods', [], r => r.methods),
} as const

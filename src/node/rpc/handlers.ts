import type { RpcHandlers } from '../../rpc/index.ts'
import { createAuthorHandlers } from './author-handlers.ts'
import { createChainHandlers } from './chain-handlers.ts'
import type { NodeRpcContext } from './context.ts'
import { createDevHandlers } from './dev-handlers.ts'
import { createStateHandlers } from './state-handlers.ts'
import { createSystemHandlers } from './system-handlers.ts'

/**
 * Every JSON-RPC method of the node, implemented over its chain, pool and block author.
 *
 * @example const server = await createRpcServer({ port: 9944, handlers: createRpcHandlers(ctx) })
 */
export const createRpcHandlers = (ctx: NodeRpcContext): RpcHandlers => ({
  ...createSystemHandlers(ctx),
  ...createChainHandlers(ctx),
  ...createStateHandlers(ctx),
  ...createAuthorHandlers(ctx),
  ...createDevHandlers(ctx),
})

// Public surface of src/node/server: the JSON-RPC server (WebSocket + HTTP on one port).
export {
  assertCompleteHandlers,
  createDispatcher,
  type Dispatcher,
  type Reply,
} from './dispatch.ts'
export {
  createEchoHandlers,
  ECHO_SLOW,
  ECHO_THROW_INTERNAL,
  ECHO_THROW_RPC,
  ECHO_UNKNOWN_HASH,
  type EchoHandlers,
  echoHash,
  echoHeader,
} from './echo-handlers.ts'
export { DEFAULT_RPC_LIMITS, type RpcServerLimits } from './limits.ts'
export { type RpcServerLogger, silentLogger, stderrLogger } from './logger.ts'
export {
  createRpcServer,
  type RpcServer,
  type RpcServerOptions,
  type RpcServerStats,
} from './rpc-server.ts'
export { RpcServerFault, type RpcServerFaultCode } from './server-fault.ts'

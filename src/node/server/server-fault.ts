import { CodedFault } from '../../primitives/index.ts'

/** Why the RPC server refused to start: bad options, or handlers missing for some methods. */
export type RpcServerFaultCode = 'INVALID_RPC_OPTIONS' | 'MISSING_RPC_HANDLERS'

/** A fault of the RPC server's setup (never of a request: those are answered, not thrown). */
export class RpcServerFault extends CodedFault<RpcServerFaultCode> {
  override readonly name = 'RpcServerFault'
}

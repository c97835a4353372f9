import { CritterFault } from '../primitives/index.ts'

/** A broken method table (a bug in `src/rpc`, found when the module loads). */
export class RpcDefinitionFault extends CritterFault {
  override readonly name = 'RpcDefinitionFault'
  readonly code = 'RPC_DEFINITION'
}

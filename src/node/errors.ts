import { CodedFault } from '../primitives/index.ts'

/** Why the node refused to start or stopped. */
export type NodeFaultCode =
  | 'GENESIS_MISMATCH'
  | 'INVALID_OPTIONS'
  | 'NODE_CLOSED'
  | 'BLOCK_PRODUCTION_FAILED'

/** A fault of the node itself: bad options, a store of another chain, use after close. */
export class NodeFault extends CodedFault<NodeFaultCode> {
  override readonly name = 'NodeFault'
}

import { CritterFault } from '../../primitives/index.ts'

/** A broken runtime invariant (a bug, never a user error). Blocks stop on it instead of guessing. */
export class RuntimeFault extends CritterFault {
  override readonly name = 'RuntimeFault'
  readonly code = 'RUNTIME_FAULT'
}

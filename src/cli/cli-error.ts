import { CritterFault } from '../primitives/index.ts'

/** A command line the CLI cannot run: unknown command, bad flag, bad value. Exit code 2. */
export class UsageError extends CritterFault {
  override readonly name = 'UsageError'
  readonly code = 'USAGE'
}

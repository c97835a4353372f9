import { CodedFault } from '../../primitives/index.ts'

/** Why a verification job failed instead of giving verdicts. */
export type VerifierFaultCode =
  /** The pool was closed before the job finished. */
  | 'VERIFIER_CLOSED'
  /** The worker running the job crashed or exited; a replacement has been started. */
  | 'VERIFIER_CRASHED'
  /** A worker could not load its crypto, or threw on a batch. */
  | 'VERIFIER_FAILED'

/** A signature-verification job that could not be answered (never a bad signature: that is `false`). */
export class VerifierFault extends CodedFault<VerifierFaultCode> {
  override readonly name = 'VerifierFault'
}

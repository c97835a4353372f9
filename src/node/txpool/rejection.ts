import { bytesToHex } from '../../primitives/index.ts'
import type { TransactionValidityError } from '../../runtime/index.ts'

/** `sp_runtime::transaction_validity::InvalidTransaction`: why a transaction can never be valid here. */
export type InvalidTransaction = Extract<TransactionValidityError, { type: 'Invalid' }>['value']
/** `sp_runtime::transaction_validity::UnknownTransaction`: why validity could not be decided. */
export type UnknownTransaction = Extract<TransactionValidityError, { type: 'Unknown' }>['value']

/** Which pool limit refused a transaction. */
export interface PoolLimit {
  readonly limit: 'maxCount' | 'maxBytes' | 'maxPerAccount' | 'maxFutureCount'
  /** The configured bound that was reached. */
  readonly max: number
}

/**
 * Why the pool refused a transaction. Each tag is one of Substrate's author RPC errors:
 * `BadFormat` 1001, `VerificationFailed` 1002, `Invalid` 1010, `Unknown` 1011,
 * `TemporarilyBanned` 1012, `AlreadyImported` 1013, `TooLowPriority` 1014,
 * `ImmediatelyDropped` 1016.
 */
export type PoolRejection =
  | { readonly type: 'BadFormat'; readonly value: string }
  | { readonly type: 'VerificationFailed'; readonly value: string }
  | { readonly type: 'Invalid'; readonly value: InvalidTransaction }
  | { readonly type: 'Unknown'; readonly value: UnknownTransaction }
  | { readonly type: 'TemporarilyBanned' }
  | { readonly type: 'AlreadyImported'; readonly value: Uint8Array }
  | {
      readonly type: 'TooLowPriority'
      readonly value: { readonly old: bigint; readonly new: bigint }
    }
  | { readonly type: 'ImmediatelyDropped'; readonly value: PoolLimit }

// The texts of `impl From<InvalidTransaction> for &'static str` in sp_runtime, which the author
// RPC sends as the `data` of error 1010.
const INVALID_TEXT: Record<InvalidTransaction['type'], string> = {
  Call: 'Transaction call is not expected',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  Custom: 'InvalidTransaction custom error',
  BadMandatory: 'A call was labelled as mandatory, but resulted in an Error.',
  MandatoryValidation: 'Transaction dispatch is mandatory; transactions must not be validated.',
  BadSigner: 'Invalid signing address',
}

const UNKNOWN_TEXT: Record<UnknownTransaction['type'], string> = {
  CannotLookup: 'Could not lookup information required to validate the transaction',
  NoUnsignedValidator: 'Could not find an unsigned validator for the unsigned transaction',
  Custom: 'UnknownTransaction custom error',
}

const LIMIT_TEXT: Record<PoolLimit['limit'], string> = {
  maxCount: 'the pool holds its maximum number of transactions',
  maxBytes: 'the pool holds its maximum total size in bytes',
  maxPerAccount: 'the sender has its maximum number of transactions in the pool',
  maxFutureCount: 'the future queue is full',
}

/**
 * Substrate's reason text for a rejection: for `Invalid` the exact `data` string of RPC error 1010
 * (`Custom error: n` for `Custom`), otherwise the message Substrate's author RPC gives, with the
 * limit named for `ImmediatelyDropped`.
 *
 * @example describeRejection({ type: 'Invalid', value: { type: 'Stale' } }) // 'Transaction is outdated'
 */
export const describeRejection = (rejection: PoolRejection): string => {
  switch (rejection.type) {
    case 'BadFormat':
      return `Extrinsic has invalid format: ${rejection.value}`
    case 'VerificationFailed':
      return `Verification Error: ${rejection.value}`
    case 'Invalid':
      return rejection.value.type === 'Custom'
        ? `Custom error: ${rejection.value.value}`
        : INVALID_TEXT[rejection.value.type]
    case 'Unknown':
      return UNKNOWN_TEXT[rejection.value.type]
    case 'TemporarilyBanned':
      return 'Transaction is temporarily banned'
    case 'AlreadyImported':
      return `Transaction Already Imported: ${bytesToHex(rejection.value)}`
    case 'TooLowPriority':
      return `Priority is too low: (${rejection.value.old} vs ${rejection.value.new})`
    case 'ImmediatelyDropped':
      return `The transaction couldn't enter the pool because of the limit: ${LIMIT_TEXT[rejection.value.limit]} (${rejection.value.max})`
  }
}

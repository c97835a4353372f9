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

const LIMIT_TEXT: Record<PoolLimit['limit'], string> = {
  maxCount: 'the pool holds its maximum number of transactions',
  maxBytes: 'the pool holds its maximum total size in bytes',
  maxPerAccount: 'the sender has its maximum number of transactions in the pool',
  maxFutureCount: 'the future queue is full',
}

/**
 * Which bound of the pool refused a transaction, in words (the `data` of error 1016).
 *
 * @example describeLimit({ limit: 'maxFutureCount', max: 4096 }) // 'the future queue is full (4096)'
 */
export const describeLimit = (limit: PoolLimit): string =>
  `${LIMIT_TEXT[limit.limit]} (${limit.max})`

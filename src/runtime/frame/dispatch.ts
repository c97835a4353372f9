import type { AccountId } from '../../primitives/index.ts'
import type { DispatchError } from './types.ts'

/** Who is calling: a signed account, the root (governance) origin, or nobody (unsigned). */
export type Origin = { type: 'Signed'; value: AccountId } | { type: 'Root' } | { type: 'None' }

/** A call's outcome: `Ok`, or `Err` with the reason. Failed calls change nothing. */
export type DispatchResult = { type: 'Ok' } | { type: 'Err'; value: DispatchError }

/** The successful outcome. */
export const OK: DispatchResult = Object.freeze({ type: 'Ok' })

/**
 * A failed outcome.
 *
 * @example return fail({ type: 'BadOrigin' })
 */
export const fail = (error: DispatchError): DispatchResult => ({ type: 'Err', value: error })

/** True when the outcome is a failure (narrows to the `Err` case). */
export const isErr = (result: DispatchResult): result is { type: 'Err'; value: DispatchError } =>
  result.type === 'Err'

/**
 * The signing account of `origin`, or `undefined` when the origin is not signed (answer
 * `BadOrigin`).
 *
 * @example
 * const who = signer(origin)
 * if (who === undefined) return BAD_ORIGIN
 */
export const signer = (origin: Origin): AccountId | undefined =>
  origin.type === 'Signed' ? origin.value : undefined

/** `Err(BadOrigin)`. */
export const BAD_ORIGIN: DispatchResult = Object.freeze({
  type: 'Err',
  value: { type: 'BadOrigin' },
} as const)

import { flagOf } from '../../runtime/index.ts'
import type { AckStatus, DeliveryRow } from '../types.ts'

/** What to do with one hook's unacknowledged changes of one pet. */
export type AckPlan =
  /** Nothing now: decide again on a later pass. */
  | { readonly type: 'wait'; readonly reason: string }
  /** Settle these rows without a call. */
  | {
      readonly type: 'settle'
      readonly ids: readonly number[]
      readonly status: AckStatus
      readonly reason?: string
    }
  /** Submit `acknowledge_sync(pet, flags, version)`; once it lands, settle the rows as listed. */
  | {
      readonly type: 'submit'
      readonly flags: number
      readonly version: number
      /** The latest delivered change of each acknowledged aspect. */
      readonly acked: readonly number[]
      /** Older delivered changes, covered by the call. */
      readonly superseded: readonly number[]
      /** Changes of aspects the hook is no longer interested in (the chain would refuse them). */
      readonly uninterested: readonly number[]
      /** Every row awaiting acknowledgement: what fails if the call does. */
      readonly ready: readonly number[]
    }

/** What `planAck` decides from. */
export interface AckPlanInput {
  readonly hookId: number
  readonly petId: number
  /** Every delivery of this hook and pet from the oldest one awaiting acknowledgement on, by id. */
  readonly rows: readonly DeliveryRow[]
  /** The hook's interests now (from the replica's hook mirror). */
  readonly interests: number
  /** The pet's version in the replica. */
  readonly current: number
}

/**
 * Decides one acknowledgement. A hook must never clear the flag of a change it did not get, so an
 * aspect is acknowledged only when its latest change for this hook was delivered (ids ascend with
 * versions); if that change was dead-lettered the flag stays set. While any change is still
 * pending delivery, wait: the call made once it is delivered carries these flags too. The version
 * is the replica's: the replica and the outbox are written in one transaction, so any change
 * since the newest delivery was of no interest to this hook.
 *
 * @example
 * planAck({ hookId: 0, petId: 7, rows, interests: 0xff, current: 3 })
 * // { type: 'submit', flags: 0x09, version: 3, acked: [12, 14], superseded: [10], … }
 */
export const planAck = (input: AckPlanInput): AckPlan => {
  const { hookId, petId, rows, interests, current } = input
  if (rows.some(r => r.status === 'pending'))
    return { type: 'wait', reason: 'a change of this pet is still on its way to the hook' }
  const ready = rows.filter(r => r.status === 'delivered' && r.ackStatus === 'pending')
  const latest = new Map<string, DeliveryRow>()
  for (const row of rows) latest.set(row.changeType, row)
  const acked: number[] = []
  const uninterested: number[] = []
  let flags = 0
  for (const row of latest.values()) {
    if (row.status !== 'delivered' || row.ackStatus !== 'pending') continue
    // The chain refuses flags outside the hook's interests, which may have narrowed since.
    if ((interests & flagOf(row.changeType)) === 0) uninterested.push(row.id)
    else {
      acked.push(row.id)
      flags |= flagOf(row.changeType)
    }
  }
  const readyIds = ready.map(r => r.id)
  if (flags === 0)
    return uninterested.length > 0
      ? {
          type: 'settle',
          ids: readyIds,
          status: 'failed',
          reason: `hook ${hookId} is no longer interested in these changes`,
        }
      : {
          type: 'settle',
          ids: readyIds,
          status: 'superseded',
          reason: `a newer change of pet ${petId} for hook ${hookId} was not delivered`,
        }
  const superseded = readyIds.filter(id => !acked.includes(id) && !uninterested.includes(id))
  const version = rows.reduce((v, r) => Math.max(v, r.version), current)
  return { type: 'submit', flags, version, acked, superseded, uninterested, ready: readyIds }
}

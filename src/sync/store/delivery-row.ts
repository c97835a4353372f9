import { STATE_CHANGE_TYPES } from '../../runtime/index.ts'
import type { AckStatus, DeliveryRow, DeliveryStatus, NewDelivery } from '../types.ts'
import { columns, flag, type RawRow, type SqlValue } from './row-check.ts'

/** Every delivery status, as stored. */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead']

/** Every acknowledgement status, as stored. */
export const ACK_STATUSES: readonly AckStatus[] = [
  'none',
  'pending',
  'acked',
  'superseded',
  'failed',
]

/**
 * The columns of `deliveries` a new delivery fills, in the order `newDeliveryValues` gives
 * them; the database fills the rest (`id` in insertion order, `pending`, no attempts, due at once).
 */
export const NEW_DELIVERY_COLUMNS = [
  'hook_id',
  'pet_id',
  'version',
  'change_type',
  'idempotency_key',
  'block_number',
  'event_index',
  'priority',
  'payload',
  'ack',
] as const

/** A new delivery as statement parameters, in `NEW_DELIVERY_COLUMNS` order (`ack` as 0/1). */
export const newDeliveryValues = (row: NewDelivery): SqlValue[] => [
  row.hookId,
  row.petId,
  row.version,
  row.changeType,
  row.idempotencyKey,
  row.blockNumber,
  row.eventIndex,
  row.priority,
  row.payload,
  flag(row.ack),
]

/** A `deliveries` row read back, checked. Throws `CORRUPT_ROW`. */
export const deliveryFromRow = (row: RawRow): DeliveryRow => {
  const c = columns('deliveries', row, `id ${String(row['id'])}`)
  return {
    id: c.count('id'),
    hookId: c.u32('hook_id'),
    petId: c.u32('pet_id'),
    version: c.u32('version'),
    changeType: c.oneOf('change_type', STATE_CHANGE_TYPES),
    idempotencyKey: c.text('idempotency_key'),
    blockNumber: c.u32('block_number'),
    eventIndex: c.u32('event_index'),
    priority: c.u8('priority'),
    payload: c.json('payload'),
    ack: c.bool('ack'),
    status: c.oneOf('status', DELIVERY_STATUSES),
    attempts: c.count('attempts'),
    nextAttemptAt: c.count('next_attempt_at'),
    lastError: c.optionalText('last_error'),
    deliveredAt: c.optionalCount('delivered_at'),
    ackStatus: c.oneOf('ack_status', ACK_STATUSES),
  }
}

import { STATE_CHANGE_TYPES } from '../../runtime/index.ts'
import type { AckStatus, DeliveryRow, DeliveryStatus, NewDelivery } from '../types.ts'
import { flag, type RawRow, rowReader, type SqlValue } from './row-check.ts'

const read = rowReader('deliveries', row => `id ${String(row['id'])}`)

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
export const deliveryFromRow = (row: RawRow): DeliveryRow => ({
  id: read.count(row, 'id'),
  hookId: read.u32(row, 'hook_id'),
  petId: read.u32(row, 'pet_id'),
  version: read.u32(row, 'version'),
  changeType: read.oneOf(row, 'change_type', STATE_CHANGE_TYPES),
  idempotencyKey: read.text(row, 'idempotency_key'),
  blockNumber: read.u32(row, 'block_number'),
  eventIndex: read.u32(row, 'event_index'),
  priority: read.u8(row, 'priority'),
  payload: read.json(row, 'payload'),
  ack: read.bool(row, 'ack'),
  status: read.oneOf(row, 'status', DELIVERY_STATUSES),
  attempts: read.count(row, 'attempts'),
  nextAttemptAt: read.count(row, 'next_attempt_at'),
  lastError: read.optionalText(row, 'last_error'),
  deliveredAt: read.optionalCount(row, 'delivered_at'),
  ackStatus: read.oneOf(row, 'ack_status', ACK_STATUSES),
})

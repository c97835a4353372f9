import type { DeliveryStatus, ReplicaStats } from '../types.ts'
import { DELIVERY_STATUSES } from './delivery-row.ts'
import { type RawRow, rowReader } from './row-check.ts'

const counts = rowReader('counts', () => 'totals')
const groups = rowReader('deliveries', row => `group ${String(row['status'])}`)

/**
 * `ReplicaStats` from two query results: one row of totals (`pets`, `changes`, `hooks`,
 * `repairs`) and one row per delivery status (`status`, `n`). A status the schema does not know
 * is `CORRUPT_ROW`.
 */
export const statsFromRows = (totals: RawRow, byStatus: readonly RawRow[]): ReplicaStats => {
  const deliveries: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, dead: 0 }
  for (const row of byStatus) {
    deliveries[groups.oneOf(row, 'status', DELIVERY_STATUSES)] = groups.count(row, 'n')
  }
  return {
    pets: counts.count(totals, 'pets'),
    changes: counts.count(totals, 'changes'),
    hooks: counts.count(totals, 'hooks'),
    repairs: counts.count(totals, 'repairs'),
    deliveries,
  }
}

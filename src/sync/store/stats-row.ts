import type { DeliveryStatus, ReplicaStats } from '../types.ts'
import { DELIVERY_STATUSES } from './delivery-row.ts'
import { columns, type RawRow } from './row-check.ts'

/**
 * `ReplicaStats` from two query results: one row of totals (`pets`, `changes`, `hooks`,
 * `repairs`) and one row per delivery status (`status`, `n`). A status the schema does not know
 * is `CORRUPT_ROW`.
 */
export const statsFromRows = (totals: RawRow, byStatus: readonly RawRow[]): ReplicaStats => {
  const t = columns('counts', totals, 'totals')
  const deliveries: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, dead: 0 }
  for (const row of byStatus) {
    const c = columns('deliveries', row, `group ${String(row['status'])}`)
    deliveries[c.oneOf('status', DELIVERY_STATUSES)] = c.count('n')
  }
  return {
    pets: t.count('pets'),
    changes: t.count('changes'),
    hooks: t.count('hooks'),
    repairs: t.count('repairs'),
    deliveries,
  }
}

import type { DeliveryFilter } from '../types.ts'
import { pageOf } from './page.ts'
import type { SqlValue } from './row-check.ts'

/**
 * The `WHERE` terms of a delivery listing (`id` after the page's, then each filter given), with
 * each value bound through `param`, which returns its placeholder (`?` in SQLite, `$n` in
 * PostgreSQL). Only the filters given become terms, so each shape of filter uses the indexes it can.
 *
 * @example
 * const values: SqlValue[] = []
 * deliveryWhere({ hookId: 3 }, v => (values.push(v), '?')) // 'id > ? AND hook_id = ?'
 */
export const deliveryWhere = (
  filter: DeliveryFilter,
  param: (value: SqlValue) => string,
): string => {
  const terms = [`id > ${param(pageOf(filter).after)}`]
  if (filter.hookId !== undefined) terms.push(`hook_id = ${param(filter.hookId)}`)
  if (filter.petId !== undefined) terms.push(`pet_id = ${param(filter.petId)}`)
  if (filter.status !== undefined) terms.push(`status = ${param(filter.status)}`)
  return terms.join(' AND ')
}

import type { HookRow } from '../types.ts'
import { columns, flag, type RawRow, type SqlValue } from './row-check.ts'

/** The columns of `hooks`, in the order `hookValues` gives them. */
export const HOOK_COLUMNS = [
  'id',
  'account',
  'interests',
  'priority',
  'enabled',
  'last_execution',
  'execution_count',
] as const

/** A mirrored hook as statement parameters, in `HOOK_COLUMNS` order (`enabled` as 0/1). */
export const hookValues = (row: HookRow): SqlValue[] => [
  row.id,
  row.account,
  row.interests,
  row.priority,
  flag(row.enabled),
  row.lastExecution,
  row.executionCount,
]

/** A `hooks` row read back, checked. Throws `CORRUPT_ROW`. */
export const hookFromRow = (row: RawRow): HookRow => {
  const c = columns('hooks', row, `id ${String(row['id'])}`)
  return {
    id: c.u32('id'),
    account: c.bytes('account', 32),
    interests: c.u8('interests'),
    priority: c.u8('priority'),
    enabled: c.bool('enabled'),
    lastExecution: c.u32('last_execution'),
    executionCount: c.u32('execution_count'),
  }
}

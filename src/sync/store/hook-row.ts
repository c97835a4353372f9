import type { HookRow } from '../types.ts'
import { flag, type RawRow, rowReader, type SqlValue } from './row-check.ts'

const read = rowReader('hooks', row => `id ${String(row['id'])}`)

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
export const hookFromRow = (row: RawRow): HookRow => ({
  id: read.u32(row, 'id'),
  account: read.bytes(row, 'account', 32),
  interests: read.u8(row, 'interests'),
  priority: read.u8(row, 'priority'),
  enabled: read.bool(row, 'enabled'),
  lastExecution: read.u32(row, 'last_execution'),
  executionCount: read.u32(row, 'execution_count'),
})

// Multi-row writes for PostgreSQL: one statement per table per batch, one array per column.
import type { CHANGE_COLUMNS } from './change-row.ts'
import type { NEW_DELIVERY_COLUMNS } from './delivery-row.ts'
import type { HOOK_COLUMNS } from './hook-row.ts'
import type { PET_COLUMNS } from './pet-row.ts'
import type { REPAIR_COLUMNS } from './repair-row.ts'
import type { SqlValue } from './row-check.ts'

const BIGINT = 'bigint'
/** The PostgreSQL type of each `pets` column, as the migrations declare it. */
export const PET_TYPES: Record<(typeof PET_COLUMNS)[number], string> = {
  id: BIGINT,
  dna_hash: 'bytea',
  initial_species: 'bytea',
  current_pet_name: 'bytea',
  base_strength: 'smallint',
  base_agility: 'smallint',
  base_intelligence: 'smallint',
  base_vitality: 'smallint',
  primary_elemental_affinity: 'text',
  level: BIGINT,
  experience_points: BIGINT,
  mood_indicator: 'smallint',
  last_fed_block: BIGINT,
  last_played_block: BIGINT,
  personality_traits: 'jsonb',
  last_state_update_block: BIGINT,
  state_version: BIGINT,
  sync_flags: 'smallint',
  owner: 'bytea',
  locked: 'boolean',
  updated_at_block: BIGINT,
}
/** The PostgreSQL type of each `pet_changes` column a writer fills. */
export const CHANGE_TYPES: Record<(typeof CHANGE_COLUMNS)[number], string> = {
  block_number: BIGINT,
  event_index: BIGINT,
  pet_id: BIGINT,
  change_type: 'text',
  version: BIGINT,
  payload: 'text',
}
/** The PostgreSQL type of each `hooks` column a writer fills. */
export const HOOK_TYPES: Record<(typeof HOOK_COLUMNS)[number], string> = {
  id: BIGINT,
  account: 'bytea',
  interests: 'smallint',
  priority: 'smallint',
  enabled: 'boolean',
  last_execution: BIGINT,
  execution_count: BIGINT,
}
/** The PostgreSQL type of each `deliveries` column a writer fills. */
export const DELIVERY_TYPES: Record<(typeof NEW_DELIVERY_COLUMNS)[number], string> = {
  hook_id: BIGINT,
  pet_id: BIGINT,
  version: BIGINT,
  change_type: 'text',
  idempotency_key: 'text',
  block_number: BIGINT,
  event_index: BIGINT,
  priority: 'smallint',
  payload: 'text',
  ack: 'boolean',
}
/** The PostgreSQL type of each `repairs` column a writer fills. */
export const REPAIR_TYPES: Record<(typeof REPAIR_COLUMNS)[number], string> = {
  block_number: BIGINT,
  pet_id: BIGINT,
  expected: BIGINT,
  found: BIGINT,
  repaired_to: BIGINT,
}

/**
 * `INSERT … SELECT FROM unnest(…)`: every row of a batch in one statement, one array parameter
 * per column, so a batch of 10,000 pets is one round trip and one plan. With `ordered`, rows are
 * inserted in array order, so identity columns (`deliveries.id`, `repairs.seq`) follow it.
 */
export const unnestInsert = (
  table: string,
  types: Readonly<Record<string, string>>,
  tail: string,
  ordered = false,
): string => {
  const cols = Object.keys(types)
  const arrays = cols.map((c, i) => `$${i + 1}::${types[c]}[]`).join(', ')
  const source = ordered
    ? `SELECT ${cols.join(', ')} FROM unnest(${arrays}) WITH ORDINALITY AS r(${cols.join(', ')}, ord) ORDER BY ord`
    : `SELECT * FROM unnest(${arrays})`
  return `INSERT INTO ${table} (${cols.join(', ')}) ${source} ${tail}`
}

/** The `ON CONFLICT (id)` clause of an upsert that replaces every column but the id. */
export const updateAll = (cols: readonly string[]): string =>
  `ON CONFLICT (id) DO UPDATE SET ${cols
    .filter(c => c !== 'id')
    .map(c => `${c} = EXCLUDED.${c}`)
    .join(', ')}`

/** Rows of parameters turned into one array literal per column, the parameters of `unnestInsert`. */
export const columnar = (rows: readonly SqlValue[][], width: number): string[] =>
  Array.from({ length: width }, (_, i) => arrayLiteral(rows.map(row => row[i] ?? null)))

/** The last row of each key: PostgreSQL refuses an upsert that touches one row twice. */
export const lastBy = <T>(rows: readonly T[], key: (row: T) => number): readonly T[] => {
  if (rows.length < 2) return rows
  const byKey = new Map<number, T>()
  for (const row of rows) byKey.set(key(row), row)
  return byKey.size === rows.length ? rows : [...byKey.values()]
}

/** An array element as PostgreSQL array-literal text (a quoted string escapes `\` and `"`). */
const element = (value: SqlValue): string => {
  if (value === null) return 'NULL'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string')
    return `"${/[\\"]/.test(value) ? value.replace(/[\\"]/g, '\\$&') : value}"`
  return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`
}

/**
 * A column as one PostgreSQL array literal (`{1,2,NULL}`, `{"a","b"}`, `{\\x01ff}`), built with
 * one `join`. pg's own array conversion concatenates element by element, and flattening that
 * string costs more than the database's work for a 10,000-row batch.
 */
export const arrayLiteral = (values: readonly SqlValue[]): string =>
  `{${values.map(element).join(',')}}`

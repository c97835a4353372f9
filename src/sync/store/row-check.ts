import { hexToBytes, isHex } from '../../primitives/index.ts'
import { SyncStoreError } from '../errors.ts'

/** A row as a database driver hands it back: column name to value, nothing trusted yet. */
export type RawRow = Readonly<Record<string, unknown>>

/** A value the adapters bind as a statement parameter (booleans travel as 0 and 1, see `flag`). */
export type SqlValue = number | string | Uint8Array | null

const MAX_U8 = 0xff
const MAX_U32 = 0xffff_ffff

/** A short description of a bad value for an error message. */
const show = (value: unknown): string => {
  if (value instanceof Uint8Array) return `${value.length} bytes`
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  return String(value)
}

/** 1 for true, 0 for false: SQLite has no boolean, and PostgreSQL reads '1' and '0' as booleans. */
export const flag = (value: boolean): number => (value ? 1 : 0)

/** A column reader for one row: each method returns the column checked, or throws `CORRUPT_ROW`. */
export interface ColumnReader {
  /** An integer from 0 to 255. */
  u8(column: string): number
  /** An integer from 0 to 2^32 - 1. */
  u32(column: string): number
  /** A non-negative safe integer (ids, counters, unix ms). */
  count(column: string): number
  /** A safe integer or SQL NULL (`undefined`). */
  optionalCount(column: string): number | undefined
  /** A boolean (PostgreSQL) or 0/1 (SQLite). */
  bool(column: string): boolean
  /** Bytes, of exactly `length` when given. */
  bytes(column: string, length?: number): Uint8Array
  /** Text. */
  text(column: string): string
  /** Text or SQL NULL (`undefined`). */
  optionalText(column: string): string | undefined
  /** Text that is one of `names`. */
  oneOf<N extends string>(column: string, names: readonly N[]): N
  /** Text that parses as JSON. */
  json(column: string): string
  /** A JSON array of 0x-hex strings (text in SQLite, already parsed jsonb in PostgreSQL). */
  hexList(column: string): Uint8Array[]
}

/**
 * Checks the columns of one row read back from `table`. A value of the wrong type or out of its
 * column's range is `SyncStoreError('CORRUPT_ROW')` naming the table, the row (`key`, e.g.
 * `id 7`) and the column: a hand-edited or damaged row never reaches callers as a wrong value.
 *
 * @example
 * const c = columns('pets', row, `id ${String(row['id'])}`)
 * const level = c.u32('level')
 */
export const columns = (table: string, row: RawRow, key: string): ColumnReader => {
  const corrupt = (column: string, want: string): SyncStoreError =>
    new SyncStoreError(
      'CORRUPT_ROW',
      `${table} row ${key}: column ${column} is ${show(row[column])}, not ${want}`,
    )
  const int = (column: string, max: number, want: string): number => {
    const value = row[column]
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
      throw corrupt(column, want)
    return value
  }
  const text = (column: string): string => {
    const value = row[column]
    if (typeof value !== 'string') throw corrupt(column, 'text')
    return value
  }
  return {
    u8: column => int(column, MAX_U8, 'a u8'),
    u32: column => int(column, MAX_U32, 'a u32'),
    count: column => int(column, Number.MAX_SAFE_INTEGER, 'a non-negative integer'),
    optionalCount: column =>
      row[column] === null
        ? undefined
        : int(column, Number.MAX_SAFE_INTEGER, 'a non-negative integer or NULL'),
    bool: column => {
      const value = row[column]
      if (value === true || value === 1) return true
      if (value === false || value === 0) return false
      throw corrupt(column, 'a boolean')
    },
    bytes: (column, length) => {
      const value = row[column]
      if (!(value instanceof Uint8Array) || (length !== undefined && value.length !== length))
        throw corrupt(column, length === undefined ? 'bytes' : `${length} bytes`)
      // A plain copy: drivers hand back Buffers, some of them views into a shared pool.
      return new Uint8Array(value)
    },
    text,
    optionalText: column => (row[column] === null ? undefined : text(column)),
    oneOf: <N extends string>(column: string, names: readonly N[]): N => {
      const value = row[column]
      if (!(names as readonly unknown[]).includes(value)) throw corrupt(column, names.join('|'))
      return value as N
    },
    json: column => {
      const value = text(column)
      try {
        JSON.parse(value)
      } catch {
        throw corrupt(column, 'JSON')
      }
      return value
    },
    hexList: column => {
      let value = row[column]
      if (typeof value === 'string') {
        try {
          value = JSON.parse(value)
        } catch {
          throw corrupt(column, 'a JSON array of 0x-hex strings')
        }
      }
      if (!Array.isArray(value) || !value.every(isHex))
        throw corrupt(column, 'a JSON array of 0x-hex strings')
      return value.map(hex => hexToBytes(hex))
    },
  }
}

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

/**
 * Reads the columns of one table's rows, each checked: every method returns the column's value
 * or throws `SyncStoreError('CORRUPT_ROW')` naming the table, the row and the column.
 */
export interface RowReader {
  /** An integer from 0 to 255. */
  u8(row: RawRow, column: string): number
  /** An integer from 0 to 2^32 - 1. */
  u32(row: RawRow, column: string): number
  /** A non-negative safe integer (ids, counters, unix ms). */
  count(row: RawRow, column: string): number
  /** A non-negative safe integer or SQL NULL (`undefined`). */
  optionalCount(row: RawRow, column: string): number | undefined
  /** A boolean (PostgreSQL) or 0/1 (SQLite). */
  bool(row: RawRow, column: string): boolean
  /** Bytes, of exactly `length` when given, as a plain `Uint8Array`. */
  bytes(row: RawRow, column: string, length?: number): Uint8Array
  /** Text. */
  text(row: RawRow, column: string): string
  /** Text or SQL NULL (`undefined`). */
  optionalText(row: RawRow, column: string): string | undefined
  /** Text that is one of `names`. */
  oneOf<N extends string>(row: RawRow, column: string, names: readonly N[]): N
  /** Text that parses as JSON. */
  json(row: RawRow, column: string): string
  /** A JSON array of 0x-hex strings (text in SQLite, already parsed jsonb in PostgreSQL). */
  hexList(row: RawRow, column: string): Uint8Array[]
}

/**
 * The checked column reader of `table`, whose rows `keyOf` names in errors (`id 7`). Made once
 * per table: reading a row allocates nothing but its values. A value of the wrong type or out of
 * its column's range never reaches callers as a wrong value, whoever edited the row.
 *
 * @example
 * const read = rowReader('pets', row => `id ${String(row['id'])}`)
 * const level = read.u32(row, 'level')
 */
export const rowReader = (table: string, keyOf: (row: RawRow) => string): RowReader => {
  const corrupt = (row: RawRow, column: string, want: string): SyncStoreError =>
    new SyncStoreError(
      'CORRUPT_ROW',
      `${table} row ${keyOf(row)}: column ${column} is ${show(row[column])}, not ${want}`,
    )
  const int = (row: RawRow, column: string, max: number, want: string): number => {
    const value = row[column]
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
      throw corrupt(row, column, want)
    return value
  }
  const text = (row: RawRow, column: string): string => {
    const value = row[column]
    if (typeof value !== 'string') throw corrupt(row, column, 'text')
    return value
  }
  const HEX_LIST = 'a JSON array of 0x-hex strings'
  return {
    u8: (row, column) => int(row, column, MAX_U8, 'a u8'),
    u32: (row, column) => int(row, column, MAX_U32, 'a u32'),
    count: (row, column) => int(row, column, Number.MAX_SAFE_INTEGER, 'a non-negative integer'),
    optionalCount: (row, column) =>
      row[column] === null
        ? undefined
        : int(row, column, Number.MAX_SAFE_INTEGER, 'a non-negative integer or NULL'),
    bool: (row, column) => {
      const value = row[column]
      if (value === true || value === 1) return true
      if (value === false || value === 0) return false
      throw corrupt(row, column, 'a boolean')
    },
    bytes: (row, column, length) => {
      const value = row[column]
      if (!(value instanceof Uint8Array) || (length !== undefined && value.length !== length))
        throw corrupt(row, column, length === undefined ? 'bytes' : `${length} bytes`)
      // A plain Uint8Array (a Buffer's slice and toString behave differently) viewing the
      // driver's fresh Buffer: no copy. Small Buffers from pg sit in Node's shared pool, so
      // `.buffer` may be larger than the value, as with any Buffer; its own bytes are its own.
      return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    },
    text,
    optionalText: (row, column) => (row[column] === null ? undefined : text(row, column)),
    oneOf: <N extends string>(row: RawRow, column: string, names: readonly N[]): N => {
      const value = row[column]
      if (!(names as readonly unknown[]).includes(value))
        throw corrupt(row, column, names.join('|'))
      return value as N
    },
    json: (row, column) => {
      const value = text(row, column)
      try {
        JSON.parse(value)
      } catch {
        throw corrupt(row, column, 'JSON')
      }
      return value
    },
    hexList: (row, column) => {
      let value = row[column]
      if (typeof value === 'string') {
        try {
          value = JSON.parse(value)
        } catch {
          throw corrupt(row, column, HEX_LIST)
        }
      }
      if (!Array.isArray(value) || !value.every(isHex)) throw corrupt(row, column, HEX_LIST)
      return value.map(hex => hexToBytes(hex))
    },
  }
}

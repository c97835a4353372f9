import { bytesToHex } from '../primitives/index.ts'

/** A JSON value. */
export type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | { readonly [k: string]: Json }

/**
 * A decoded SCALE value as JSON: bytes as 0x-hex, bigints as decimal strings, absent options as
 * null, enums as their `{ type, value }` objects. Lossless for every CritterNfts event.
 *
 * @example toJson({ pet_id: 7, name: utf8('Ember'), traits: undefined }) // { pet_id: 7, name: '0x456d626572', traits: null }
 */
export const toJson = (value: unknown): Json => {
  if (value === undefined || value === null) return null
  if (value instanceof Uint8Array) return bytesToHex(value)
  switch (typeof value) {
    case 'bigint':
      return value.toString()
    case 'number':
    case 'string':
    case 'boolean':
      return value
    case 'object': {
      if (Array.isArray(value)) return value.map(toJson)
      const out: Record<string, Json> = {}
      for (const [k, v] of Object.entries(value)) out[k] = toJson(v)
      return out
    }
    default:
      return null
  }
}

// JSON in and out of SCALE, driven by a type's `TypeDef`: how the CLI takes call arguments and
// storage keys on the command line and prints storage values. Going through bytes keeps it exact:
// what a user types is encoded by the declared type and decoded again by the runtime's own codec.
import {
  bytesToHex,
  DEV_ACCOUNTS,
  type DevAccountName,
  devKeypair,
  fromUtf8,
  hexToBytes,
  isHex,
  parseAccountId,
  Reader,
  ss58Encode,
  type TypeDef,
  utf8,
  Writer,
} from '../primitives/index.ts'
import { UsageError } from './cli-error.ts'

/** A JSON value as the CLI prints it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

const isAccountId = (def: TypeDef): boolean =>
  def.tag === 'composite' && def.path.join('::') === 'sp_core::crypto::AccountId32'
const isOption = (def: TypeDef): boolean => def.tag === 'variant' && def.path[0] === 'Option'
const isU8 = (def: TypeDef): boolean => def.tag === 'primitive' && def.name === 'u8'
const isBytes = (def: TypeDef): boolean =>
  (def.tag === 'sequence' || def.tag === 'array') && isU8(def.of)

const invalid = (where: string, message: string): UsageError =>
  new UsageError(`${where || 'value'}: ${message}`)

/** An account from an SS58 address, 32-byte hex or a dev name (`Alice`); `UsageError` otherwise. */
export const accountFromJson = (json: unknown, where: string): Uint8Array => {
  if (typeof json !== 'string')
    throw invalid(where, 'expected an account (SS58, 0x hex or a dev name)')
  const dev = DEV_ACCOUNTS.find(name => name.toLowerCase() === json.toLowerCase())
  if (dev !== undefined) return devKeypair(dev as DevAccountName).publicKey
  try {
    return parseAccountId(json)
  } catch {
    throw invalid(where, `'${json}' is not an SS58 address, 32-byte hex or dev account`)
  }
}

const bytesFromJson = (json: unknown, where: string): Uint8Array => {
  if (typeof json !== 'string') throw invalid(where, 'expected text or 0x hex')
  return isHex(json) && json.startsWith('0x') ? hexToBytes(json) : utf8(json)
}

const integer = (json: unknown, where: string, bits: number): bigint => {
  const text = typeof json === 'number' || typeof json === 'string' ? String(json) : ''
  if (!/^\d+$/.test(text)) throw invalid(where, 'expected a non-negative integer')
  const value = BigInt(text)
  if (value >= 1n << BigInt(bits)) throw invalid(where, `does not fit in u${bits}`)
  return value
}

const BITS = { u8: 8, u16: 16, u32: 32, u64: 64, u128: 128 } as const

/**
 * Encodes `json` as the SCALE value of `def`. Accounts take SS58, hex or a dev name; byte
 * strings take text (UTF-8) or `0x` hex; options take `null` for None; enums take `"Name"` or
 * `{ "Name": value }`.
 *
 * @example encodeJson(PetId.def, 7, writer)
 */
export const encodeJson = (def: TypeDef, json: unknown, writer: Writer, where = ''): void => {
  switch (def.tag) {
    case 'primitive':
      if (def.name === 'bool') {
        if (typeof json !== 'boolean') throw invalid(where, 'expected true or false')
        writer.u8(json ? 1 : 0)
      } else if (def.name === 'str') {
        if (typeof json !== 'string') throw invalid(where, 'expected a string')
        const bytes = utf8(json as string)
        writer.compact(bytes.length)
        writer.raw(bytes)
      } else {
        const value = integer(json, where, BITS[def.name])
        if (def.name === 'u8') writer.u8(Number(value))
        else if (def.name === 'u16') writer.u16(Number(value))
        else if (def.name === 'u32') writer.u32(Number(value))
        else if (def.name === 'u64') writer.u64(value)
        else writer.u128(value)
      }
      return
    case 'compact':
      writer.compactBig(integer(json, where, 128))
      return
    case 'sequence':
    case 'array': {
      if (isBytes(def)) {
        const bytes = bytesFromJson(json, where)
        if (def.tag === 'array' && bytes.length !== def.length)
          throw invalid(where, `expected exactly ${def.length} bytes`)
        if (def.tag === 'sequence') writer.compact(bytes.length)
        writer.raw(bytes)
        return
      }
      if (!Array.isArray(json)) throw invalid(where, 'expected a list')
      if (def.tag === 'array' && json.length !== def.length)
        throw invalid(where, `expected exactly ${def.length} items`)
      if (def.tag === 'sequence') writer.compact(json.length)
      for (const [i, item] of json.entries()) encodeJson(def.of, item, writer, `${where}[${i}]`)
      return
    }
    case 'tuple':
      if (!Array.isArray(json) || json.length !== def.items.length)
        throw invalid(where, `expected a list of ${def.items.length}`)
      for (const [i, item] of def.items.entries())
        encodeJson(item, (json as unknown[])[i], writer, `${where}[${i}]`)
      return
    case 'composite':
      if (isAccountId(def)) {
        writer.raw(accountFromJson(json, where))
        return
      }
      encodeFields(def.fields, json, writer, where)
      return
    case 'fields':
      encodeFields(def.fields, json, writer, where)
      return
    case 'variant': {
      if (isOption(def)) {
        const some = def.variants[1]?.fields[0]?.type
        if (json === null || json === undefined) writer.u8(0)
        else if (some !== undefined) {
          writer.u8(1)
          encodeJson(some, json, writer, where)
        }
        return
      }
      const [name, value] =
        typeof json === 'string'
          ? [json, undefined]
          : json !== null && typeof json === 'object' && Object.keys(json).length === 1
            ? (Object.entries(json)[0] ?? ['', undefined])
            : ['', undefined]
      const chosen = def.variants.find(v => v.name === name)
      if (chosen === undefined)
        throw invalid(where, `expected one of ${def.variants.map(v => v.name).join(', ')}`)
      writer.u8(chosen.index)
      encodeFields(chosen.fields, value, writer, `${where}.${name}`)
      return
    }
  }
}

const encodeFields = (
  fields: readonly { name: string | undefined; type: TypeDef }[],
  json: unknown,
  writer: Writer,
  where: string,
): void => {
  if (fields.length === 0) return
  const [only] = fields
  if (fields.length === 1 && only !== undefined && only.name === undefined) {
    encodeJson(only.type, json, writer, where)
    return
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw invalid(where, `expected an object with ${fields.map(f => f.name).join(', ')}`)
  const record = json as Record<string, unknown>
  const known = new Set(fields.map(f => f.name))
  for (const key of Object.keys(record))
    if (!known.has(key)) throw invalid(where, `unknown field '${key}'`)
  for (const [i, field] of fields.entries())
    encodeJson(field.type, record[field.name ?? String(i)], writer, `${where}.${field.name}`)
}

/** Encodes `json` as `def` and returns the bytes. */
export const jsonToScale = (def: TypeDef, json: unknown): Uint8Array => {
  const writer = new Writer()
  encodeJson(def, json, writer)
  return writer.toBytes()
}

const printableText = (bytes: Uint8Array): string | undefined => {
  try {
    const text = fromUtf8(bytes)
    return /^[\p{L}\p{N}\p{P}\p{S} ]*$/u.test(text) ? text : undefined
  } catch {
    return undefined
  }
}

const bigToJson = (value: bigint): Json =>
  value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()

/**
 * Decodes one value of `def` from `reader` as JSON: accounts as SS58, byte strings as text when
 * printable (hex otherwise), big integers as strings, enums as `"Name"` or `{ "Name": value }`.
 */
export const decodeJson = (def: TypeDef, reader: Reader): Json => {
  switch (def.tag) {
    case 'primitive':
      switch (def.name) {
        case 'bool':
          return reader.u8() === 1
        case 'str':
          return fromUtf8(reader.raw(reader.compact()))
        case 'u8':
          return reader.u8()
        case 'u16':
          return reader.u16()
        case 'u32':
          return reader.u32()
        case 'u64':
          return bigToJson(reader.u64())
        case 'u128':
          return bigToJson(reader.u128())
      }
      return null
    case 'compact':
      return bigToJson(reader.compactBig())
    case 'sequence':
    case 'array': {
      const length = def.tag === 'array' ? def.length : reader.compact()
      if (isBytes(def)) {
        const bytes = reader.raw(length)
        return printableText(bytes) ?? bytesToHex(bytes)
      }
      return Array.from({ length }, () => decodeJson(def.of, reader))
    }
    case 'tuple':
      return def.items.map(item => decodeJson(item, reader))
    case 'composite':
      if (isAccountId(def)) return ss58Encode(reader.raw(32))
      return decodeFields(def.fields, reader)
    case 'fields':
      return decodeFields(def.fields, reader)
    case 'variant': {
      const index = reader.u8()
      const chosen = def.variants.find(v => v.index === index)
      if (chosen === undefined)
        throw new UsageError(`no variant ${index} in ${def.path.join('::')}`)
      if (isOption(def)) return index === 0 ? null : decodeFields(chosen.fields, reader)
      if (chosen.fields.length === 0) return chosen.name
      return { [chosen.name]: decodeFields(chosen.fields, reader) }
    }
  }
}

const decodeFields = (
  fields: readonly { name: string | undefined; type: TypeDef }[],
  reader: Reader,
): Json => {
  const [only] = fields
  if (fields.length === 1 && only !== undefined && only.name === undefined)
    return decodeJson(only.type, reader)
  if (fields.every(f => f.name === undefined)) return fields.map(f => decodeJson(f.type, reader))
  const out: Record<string, Json> = {}
  for (const field of fields) out[field.name ?? ''] = decodeJson(field.type, reader)
  return out
}

/** Decodes `bytes` as exactly one `def`, as JSON. */
export const scaleToJson = (def: TypeDef, bytes: Uint8Array): Json => {
  const reader = new Reader(bytes)
  const value = decodeJson(def, reader)
  if (reader.remaining !== 0) throw new UsageError(`${reader.remaining} trailing byte(s)`)
  return value
}

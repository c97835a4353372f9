// Param schemas: the building blocks of the method table and the positional-array parser. Every
// param list is a JSON array; a trailing optional param may be absent or `null` (both mean "not
// given", e.g. "at the best block"). Parsed params come out as a named object.
import { z } from 'zod'
import { type AccountId, hexToBytes, isHex, parseAccountId } from '../primitives/index.ts'

/** The most bytes a hex param carrying an extrinsic or call data may hold (5 MiB block + slack). */
export const MAX_BYTES_PARAM = 8 * 1024 * 1024
/** The most bytes a storage key (or key prefix) may hold. */
export const MAX_KEY_BYTES = 4096
/** The most keys one `state_queryStorageAt` / `state_subscribeStorage` call may name. */
export const MAX_KEYS = 16_384
/** The most keys one `state_getKeysPaged` page returns (Substrate's `STORAGE_KEYS_PAGED_MAX_COUNT`). */
export const MAX_KEYS_PAGE = 1000
/** The largest block number (Substrate's `BlockNumber` is a `u32`). */
export const MAX_BLOCK_NUMBER = 0xffff_ffff

const hexOf = (maxBytes: number, what: string) =>
  z
    .string()
    .max(2 + 2 * maxBytes, `${what} is longer than ${maxBytes} bytes`)
    .refine(isHex, `${what} must be 0x-prefixed hex of whole bytes`)

/** A 32-byte block hash; normalised to lowercase so it can key maps. */
export const BlockHashParam = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte block hash as 0x + 64 hex digits')
  .transform(s => s.toLowerCase())

/** A storage key or key prefix as lowercase `0x`-hex (`"0x"` is the empty prefix). */
export const StorageKeyParam = hexOf(MAX_KEY_BYTES, 'storage key').transform(s => s.toLowerCase())

/**
 * Opaque bytes (an extrinsic, call data), decoded. `""` is empty bytes, as Substrate's impl-serde
 * reads it: polkadot-api's legacy bridge sends `state_call("Metadata_metadata_versions", "")`.
 */
export const BytesParam = z
  .string()
  .transform(s => (s === '' ? '0x' : s))
  .pipe(hexOf(MAX_BYTES_PARAM, 'bytes'))
  .transform(hexToBytes)

/**
 * A block number as a JSON number or a hex string (`"0x1f"`, as Subsquid and PAPI send it).
 *
 * @example BlockNumberParam.parse('0x1f') // 31
 */
export const BlockNumberParam = z.union([
  z
    .number()
    .int('block number must be an integer')
    .min(0, 'block number must not be negative')
    .max(MAX_BLOCK_NUMBER, 'block number does not fit in a u32'),
  z
    .string()
    .max(66, 'block number hex is too long')
    .regex(/^0x[0-9a-fA-F]+$/, 'block number must be a number or 0x-hex')
    .transform((s, ctx) => {
      const digits = s.slice(2).replace(/^0+/, '')
      const n = digits === '' ? 0 : digits.length > 8 ? Number.NaN : Number.parseInt(digits, 16)
      if (!(n <= MAX_BLOCK_NUMBER)) {
        ctx.issues.push({ code: 'custom', message: 'block number does not fit in a u32', input: s })
        return z.NEVER
      }
      return n
    }),
])

/** An account as SS58 (any prefix) or 32-byte hex, decoded to its 32 bytes. */
export const AccountParam = z
  .string()
  .max(128, 'account is too long')
  .transform((s, ctx): AccountId => {
    try {
      return parseAccountId(s)
    } catch {
      ctx.issues.push({
        code: 'custom',
        message: 'expected an SS58 address or 32-byte hex',
        input: s,
      })
      return z.NEVER
    }
  })

/** A list of storage keys. */
export const StorageKeysParam = z
  .array(StorageKeyParam)
  .max(MAX_KEYS, `at most ${MAX_KEYS} keys per call`)
  .readonly()

/** A runtime API entry point name, e.g. `Core_version`. */
export const RuntimeApiNameParam = z
  .string()
  .min(1, 'runtime api method name is empty')
  .max(256, 'runtime api method name is too long')

/** A subscription id, as returned by a subscribe call (ours are strings; numbers never match). */
export const SubscriptionIdParam = z.union([z.string().max(256), z.number()])

/** One positional param: its name in the parsed object, its schema, and whether it may be left out. */
export interface Param<N extends string = string, S extends z.ZodType = z.ZodType> {
  readonly name: N
  readonly schema: S
  readonly optional: boolean
}

/** A required positional param. */
export const required = <N extends string, S extends z.ZodType>(
  name: N,
  schema: S,
): Param<N, S> & { readonly optional: false } => ({ name, schema, optional: false })

/** A trailing optional param: absent and `null` both parse as `undefined`. */
export const optional = <N extends string, S extends z.ZodType>(
  name: N,
  schema: S,
): Param<N, S> & { readonly optional: true } => ({ name, schema, optional: true })

/** The named object a positional param list parses to. */
export type ParsedParams<P extends readonly Param[]> = {
  readonly [K in P[number] as K['name']]: K['optional'] extends true
    ? z.output<K['schema']> | undefined
    : z.output<K['schema']>
}

/**
 * A schema for a positional param list: checks the length, parses each element with its schema
 * (issue paths are the array index), and returns a named object.
 *
 * @example
 * const p = positional(required('key', StorageKeyParam), optional('at', BlockHashParam))
 * p.parse(['0x26aa', null]) // { key: '0x26aa', at: undefined }
 */
export const positional = <const P extends readonly Param[]>(
  ...params: P
): z.ZodType<ParsedParams<P>, readonly unknown[]> => {
  const minLength = params.filter(p => !p.optional).length
  const names = params.map(p => p.name)
  const elements = params.map(p => (p.optional ? p.schema.nullish() : p.schema))
  const tooMany = `expected at most ${params.length} params${
    params.length === 0 ? '' : ` (${names.join(', ')})`
  }`
  const tooFew = `expected at least ${minLength} params (${names.slice(0, minLength).join(', ')})`
  return z
    .array(z.unknown())
    .min(minLength, tooFew)
    .max(params.length, tooMany)
    .transform((values, ctx) => {
      const out: Record<string, unknown> = {}
      let failed = false
      for (let i = 0; i < params.length; i++) {
        const element = elements[i] as z.ZodType
        const result = element.safeParse(values[i])
        if (result.success) {
          out[names[i] as string] = result.data ?? undefined
        } else {
          failed = true
          for (const issue of result.error.issues) {
            ctx.issues.push({
              code: 'custom',
              message: `${names[i]}: ${issue.message}`,
              path: [i, ...issue.path],
              input: values[i],
            })
          }
        }
      }
      return failed ? z.NEVER : (out as ParsedParams<P>)
    }) as unknown as z.ZodType<ParsedParams<P>, readonly unknown[]>
}

/**
 * One line saying what was wrong with some params, for the `data` of `-32602`.
 *
 * @example describeParamsError(err) // 'params[1]: at: expected a 32-byte block hash as 0x + 64 hex digits'
 */
export const describeParamsError = (error: z.ZodError): string =>
  error.issues
    .slice(0, 4)
    .map(issue => {
      const where = issue.path.length === 0 ? 'params' : `params[${issue.path.join('][')}]`
      return `${where}: ${issue.message}`
    })
    .join('; ')

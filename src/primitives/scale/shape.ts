import { DecodeError, EncodeError } from '../errors.ts'
import { Reader } from './reader.ts'
import type { TypeDef } from './type-def.ts'
import { Writer } from './writer.ts'

/**
 * A SCALE codec together with the type description metadata is built from.
 * Create shapes with the constructors in this folder (`u32`, `struct`, `variant`, ...) and use
 * them through `encode` and `decode`.
 *
 * @example
 * const bytes = encode(u32, 7) // Uint8Array [7, 0, 0, 0]
 */
export interface Shape<T> {
  readonly def: TypeDef
  /** The Rust type name shown to clients when this shape is used as a field. */
  readonly typeName: string | undefined
  encodeTo(writer: Writer, value: T): void
  decodeFrom(reader: Reader): T
}

/** Any shape, whatever its value type (method syntax keeps `Shape<number>` assignable here). */
export type AnyShape = Shape<unknown>

/** The TypeScript value type of a shape. */
export type Infer<S> = S extends Shape<infer T> ? T : never

/** Builds a shape from its parts. */
export const createShape = <T>(
  def: TypeDef,
  encodeTo: (writer: Writer, value: T) => void,
  decodeFrom: (reader: Reader) => T,
  typeName?: string,
): Shape<T> => ({ def, typeName, encodeTo, decodeFrom })

/**
 * The same shape, shown to clients under a Rust type name (metadata `typeName`).
 *
 * @example const PetId = named(u32, 'PetId')
 */
export const named = <T>(shape: Shape<T>, typeName: string): Shape<T> => ({ ...shape, typeName })

// One writer is reused by every top-level `encode`: shapes never call `encode` from inside
// `encodeTo`, so there is no re-entrancy, and the hot path allocates only the result.
const scratch = new Writer()

/**
 * SCALE-encodes `value`. Throws `EncodeError` when the value does not fit the shape.
 *
 * @example encode(compactU32, 64) // Uint8Array [1, 1]
 */
export const encode = <T>(shape: Shape<T>, value: T): Uint8Array => {
  scratch.reset()
  shape.encodeTo(scratch, value)
  return scratch.toBytes()
}

/**
 * Decodes `bytes` as exactly one value of `shape`. Throws `DecodeError` on truncated input,
 * invalid bytes or trailing bytes.
 *
 * @example decode(u32, new Uint8Array([7, 0, 0, 0])) // 7
 */
export const decode = <T>(shape: Shape<T>, bytes: Uint8Array): T => {
  const reader = new Reader(bytes)
  const value = shape.decodeFrom(reader)
  if (reader.remaining !== 0)
    throw new DecodeError(`${reader.remaining} trailing byte(s) after value`)
  return value
}

/**
 * Decodes `bytes` without throwing: `{ ok: true, value }` or `{ ok: false, error }`. Use at edges
 * that receive untrusted bytes.
 */
export const tryDecode = <T>(
  shape: Shape<T>,
  bytes: Uint8Array,
): { ok: true; value: T } | { ok: false; error: DecodeError } => {
  try {
    return { ok: true, value: decode(shape, bytes) }
  } catch (error) {
    if (error instanceof DecodeError) return { ok: false, error }
    if (error instanceof RangeError) return { ok: false, error: new DecodeError(error.message) }
    throw error
  }
}

/**
 * The encoding of `value`, or `undefined` when it does not fit the shape. Use where a value from
 * outside the type system (a hook's result, a caller's object) must be checked.
 */
export const tryEncode = <T>(shape: Shape<T>, value: T): Uint8Array | undefined => {
  try {
    return encode(shape, value)
  } catch (error) {
    if (error instanceof EncodeError || error instanceof TypeError || error instanceof RangeError)
      return undefined
    throw error
  }
}

export { DecodeError, EncodeError }

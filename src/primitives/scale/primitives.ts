import { DecodeError, EncodeError } from '../errors.ts'
import { createShape, type Shape } from './shape.ts'
import type { PrimitiveName, TypeDef } from './type-def.ts'

const prim = (name: PrimitiveName): TypeDef => ({ tag: 'primitive', name })

/** `bool`: one byte, 0 or 1. */
export const bool: Shape<boolean> = createShape(
  prim('bool'),
  (w, v) => w.u8(v ? 1 : 0),
  r => {
    const b = r.u8()
    if (b > 1) throw new DecodeError(`invalid bool byte ${b}`)
    return b === 1
  },
)

/** `u8` as a number. */
export const u8: Shape<number> = createShape(
  prim('u8'),
  (w, v) => w.u8(v),
  r => r.u8(),
)
/** `u16` as a number. */
export const u16: Shape<number> = createShape(
  prim('u16'),
  (w, v) => w.u16(v),
  r => r.u16(),
)
/** `u32` as a number. */
export const u32: Shape<number> = createShape(
  prim('u32'),
  (w, v) => w.u32(v),
  r => r.u32(),
)
/** `u64` as a bigint. */
export const u64: Shape<bigint> = createShape(
  prim('u64'),
  (w, v) => w.u64(v),
  r => r.u64(),
)
/** `u128` as a bigint. */
export const u128: Shape<bigint> = createShape(
  prim('u128'),
  (w, v) => w.u128(v),
  r => r.u128(),
)

const utf8Encoder = new TextEncoder()
// ignoreBOM: a leading U+FEFF is part of the string; stripping it would change the value.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** `str`: compact length and UTF-8 bytes. Invalid UTF-8 does not decode. */
export const str: Shape<string> = createShape(
  prim('str'),
  (w, v) => {
    const bytes = utf8Encoder.encode(v)
    w.compact(bytes.length)
    w.raw(bytes)
  },
  r => {
    try {
      return utf8Decoder.decode(r.raw(r.compact()))
    } catch (error) {
      if (error instanceof TypeError) throw new DecodeError('str is not valid UTF-8')
      throw error
    }
  },
)

/** `Compact<u32>` as a number. */
export const compactU32: Shape<number> = createShape(
  { tag: 'compact', of: u32.def },
  (w, v) => w.compact(v),
  r => r.compact(),
)

/** `Compact<u64>` as a bigint. */
export const compactU64: Shape<bigint> = createShape(
  { tag: 'compact', of: u64.def },
  (w, v) => {
    if (v > 0xffff_ffff_ffff_ffffn) throw new EncodeError(`Compact<u64> out of range: ${v}`)
    w.compactBig(v)
  },
  r => {
    const v = r.compactBig()
    if (v > 0xffff_ffff_ffff_ffffn) throw new DecodeError('Compact<u64> out of range')
    return v
  },
)

/** `Compact<u128>` as a bigint. */
export const compactU128: Shape<bigint> = createShape(
  { tag: 'compact', of: u128.def },
  (w, v) => w.compactBig(v),
  r => r.compactBig(),
)

/** Throws `EncodeError` unless `value` is a `Uint8Array` (a string or array would encode as zeros). */
export const assertBytes = (value: unknown, what: string): void => {
  if (!(value instanceof Uint8Array))
    throw new EncodeError(`${what} must be a Uint8Array, got ${typeof value}`)
}

/** `Vec<u8>`: compact length and raw bytes. */
export const bytes: Shape<Uint8Array> = createShape(
  { tag: 'sequence', of: u8.def },
  (w, v) => {
    assertBytes(v, 'Vec<u8>')
    w.compact(v.length)
    w.raw(v)
  },
  r => r.raw(r.compact()),
)

/**
 * `[u8; length]`: exactly `length` raw bytes, no prefix.
 *
 * @example const H256 = fixedBytes(32)
 */
export const fixedBytes = (length: number): Shape<Uint8Array> =>
  createShape(
    { tag: 'array', length, of: u8.def },
    (w, v) => {
      assertBytes(v, `[u8; ${length}]`)
      if (v.length !== length) throw new EncodeError(`expected ${length} bytes, got ${v.length}`)
      w.raw(v)
    },
    r => r.raw(length),
  )

/** `()`: the empty tuple, zero bytes. */
export const unit: Shape<undefined> = createShape(
  { tag: 'tuple', items: [] },
  () => {},
  () => undefined,
)

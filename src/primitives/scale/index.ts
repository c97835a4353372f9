// The SCALE codec toolkit: shapes that encode, decode and describe themselves for metadata.

export type { TypeOptions, VariantOptions, VariantSpec, VariantValue } from './composite.ts'
export {
  boundedBytes,
  boundedVec,
  enumeration,
  fields,
  option,
  result,
  struct,
  tuple,
  unnamedFields,
  variant,
  vec,
} from './composite.ts'
export {
  bool,
  bytes,
  compactU32,
  compactU64,
  compactU128,
  fixedBytes,
  str,
  u8,
  u16,
  u32,
  u64,
  u128,
  unit,
} from './primitives.ts'
export { Reader } from './reader.ts'
export type { AnyShape, Infer, Shape } from './shape.ts'
export { createShape, decode, encode, named, tryDecode, tryEncode } from './shape.ts'
export type { FieldDef, PrimitiveName, TypeDef, TypeParam, VariantDef } from './type-def.ts'
export { Writer } from './writer.ts'

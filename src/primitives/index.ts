// Public surface of src/primitives: value types, SCALE shapes, hashing and errors shared by every layer.

export type { AccountId } from './account-id.ts'
export {
  AccountId32,
  parseAccountId,
  SS58_PREFIX,
  ss58Decode,
  ss58Encode,
} from './account-id.ts'
export { base58Decode, base58Encode } from './base58.ts'
export {
  allocBytes,
  bytesEqual,
  bytesToBinaryString,
  concatBytes,
  createByteArena,
  fromUtf8,
  utf8,
} from './bytes.ts'
export {
  CritterFault,
  CryptoNotReadyError,
  DecodeError,
  EncodeError,
  InvalidFormatError,
} from './errors.ts'
export {
  blake2_64,
  blake2_128,
  blake2_256,
  blake2_512,
  initCrypto,
  twox64,
  twox128,
} from './hashing.ts'
export { bytesToHex, bytesToRawHex, hexToBytes, isHex } from './hex.ts'
export type {
  AnyShape,
  FieldDef,
  Infer,
  PrimitiveName,
  Shape,
  TypeDef,
  TypeOptions,
  TypeParam,
  VariantDef,
  VariantOptions,
  VariantSpec,
  VariantValue,
} from './scale/index.ts'
export {
  bool,
  boundedBytes,
  boundedVec,
  bytes,
  compactU32,
  compactU64,
  compactU128,
  createShape,
  decode,
  encode,
  enumeration,
  fields,
  fixedBytes,
  named,
  option,
  Reader,
  result,
  str,
  struct,
  tryDecode,
  tryEncode,
  tuple,
  u8,
  u16,
  u32,
  u64,
  u128,
  unit,
  unnamedFields,
  variant,
  vec,
  Writer,
} from './scale/index.ts'

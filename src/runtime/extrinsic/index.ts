// Public surface of src/runtime/extrinsic: the wire types of an extrinsic and its v4 codec.

export {
  type ChainView,
  checkExtrinsic,
  checkParsed,
  type ExtrinsicRejection,
  type ParsedExtrinsic,
  type ParsedSigner,
  type ParseResult,
  parseExtrinsic,
  type SignatureCheck,
  toCheckedExtrinsic,
} from './check.ts'
export {
  type DecodedExtrinsic,
  decodeExtrinsic,
  type ExtrinsicSignature,
  encodeExtrinsic,
  type SignedParts,
  type UnsignedParts,
} from './codec.ts'
export {
  birthOf,
  deathOf,
  eraLongevity,
  IMMORTAL,
  InvalidEraError,
  isEraAlive,
  MAX_ERA_PERIOD,
  MIN_ERA_PERIOD,
  mortalEra,
  NEVER,
} from './era.ts'
export {
  type AdditionalSigned,
  MAX_UNHASHED_PAYLOAD,
  type SignExtrinsicOptions,
  signExtrinsic,
  signedMessage,
  signingPayload,
} from './payload.ts'
export {
  addressAccount,
  ChargeTransactionPayment,
  CheckGenesis,
  CheckMortality,
  CheckNonce,
  CheckNonZeroSender,
  CheckSpecVersion,
  CheckTxVersion,
  CheckWeight,
  Era,
  type EraValue,
  EXTRINSIC_VERSION,
  MultiAddress,
  type MultiAddressValue,
  MultiSignature,
  type MultiSignatureValue,
  SIGNED_EXTENSIONS,
  type SignedExtensionDef,
  SignedExtra,
  uncheckedExtrinsicDef,
} from './types.ts'

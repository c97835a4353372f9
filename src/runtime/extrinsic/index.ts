// Public surface of src/runtime/extrinsic: the wire types of an extrinsic and its v4 codec.

export {
  type DecodedExtrinsic,
  decodeExtrinsic,
  type ExtrinsicSignature,
  encodeExtrinsic,
  type SignedParts,
  type UnsignedParts,
} from './codec.ts'
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

import {
  bytes,
  compactU64,
  createShape,
  enumeration,
  fixedBytes,
  type Infer,
  named,
  type Shape,
  struct,
  u8,
  u32,
  unnamedFields,
  variant,
  vec,
} from '../../primitives/index.ts'

const raw32 = fixedBytes(32)

/** `primitive_types::H256`: a 32-byte hash. */
export const H256: Shape<Uint8Array> = createShape(
  {
    tag: 'composite',
    path: ['primitive_types', 'H256'],
    params: [],
    fields: [{ name: undefined, type: raw32.def, typeName: '[u8; 32]', docs: [] }],
    docs: [],
  },
  (w, v) => raw32.encodeTo(w, v),
  r => raw32.decodeFrom(r),
  'T::Hash',
)

/** Block numbers are `u32`, as in most Substrate chains and in the header's `Compact<u32>`. */
export const BlockNumber = named(u32, 'BlockNumberFor<T>')

/** `sp_weights::weight_v2::Weight`. */
export const Weight = struct(['sp_weights', 'weight_v2', 'Weight'], {
  ref_time: compactU64,
  proof_size: compactU64,
})
/** A two-dimensional weight: computation time (picoseconds) and proof size (bytes). */
export interface Weight {
  ref_time: bigint
  proof_size: bigint
}

/** `frame_support::dispatch::DispatchClass`. */
export const DispatchClass = enumeration(['frame_support', 'dispatch', 'DispatchClass'], [
  'Normal',
  'Operational',
  'Mandatory',
] as const)

/** `frame_support::dispatch::Pays`. */
export const Pays = enumeration(['frame_support', 'dispatch', 'Pays'], ['Yes', 'No'] as const)

/** `frame_support::dispatch::DispatchInfo`, carried by `ExtrinsicSuccess` and `ExtrinsicFailed`. */
export const DispatchInfo = struct(['frame_support', 'dispatch', 'DispatchInfo'], {
  weight: Weight,
  class: DispatchClass,
  pays_fee: Pays,
})

/** `sp_runtime::ModuleError`: the pallet index and the error's index in its first byte. */
export const ModuleError = struct(['sp_runtime', 'ModuleError'], {
  index: u8,
  error: named(fixedBytes(4), '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]'),
})

const TokenError = enumeration(['sp_runtime', 'TokenError'], [
  'FundsUnavailable',
  'OnlyProvider',
  'BelowMinimum',
  'CannotCreate',
  'UnknownAsset',
  'Frozen',
  'Unsupported',
  'CannotCreateHold',
  'NotExpendable',
  'Blocked',
] as const)
const ArithmeticError = enumeration(['sp_arithmetic', 'ArithmeticError'], [
  'Underflow',
  'Overflow',
  'DivisionByZero',
] as const)
const TransactionalError = enumeration(['sp_runtime', 'TransactionalError'], [
  'LimitReached',
  'NoLayer',
] as const)

/**
 * `sp_runtime::DispatchError`, with `Module` at index 3 as clients expect. A failed call's
 * reason: a value, never an exception.
 */
export const DispatchError = variant(['sp_runtime', 'DispatchError'], {
  Other: null,
  CannotLookup: null,
  BadOrigin: null,
  Module: ModuleError,
  ConsumerRemaining: null,
  NoProviders: null,
  TooManyConsumers: null,
  Token: TokenError,
  Arithmetic: ArithmeticError,
  Transactional: TransactionalError,
  Exhausted: null,
  Corruption: null,
  Unavailable: null,
  RootNotAllowed: null,
})

/** `frame_system::Phase`: where in the block an event was deposited. */
export const Phase = variant(['frame_system', 'Phase'], {
  ApplyExtrinsic: u32,
  Finalization: null,
  Initialization: null,
})

const ConsensusEngineId = named(fixedBytes(4), 'ConsensusEngineId')

/** `sp_runtime::generic::digest::DigestItem`. */
export const DigestItem = variant(
  ['sp_runtime', 'generic', 'digest', 'DigestItem'],
  {
    Other: bytes,
    Consensus: unnamedFields(ConsensusEngineId, bytes),
    Seal: unnamedFields(ConsensusEngineId, bytes),
    PreRuntime: unnamedFields(ConsensusEngineId, bytes),
    RuntimeEnvironmentUpdated: null,
  },
  { indices: { Other: 0, Consensus: 4, Seal: 5, PreRuntime: 6, RuntimeEnvironmentUpdated: 8 } },
)

/** `sp_runtime::generic::digest::Digest`. */
export const Digest = struct(['sp_runtime', 'generic', 'digest', 'Digest'], {
  logs: vec(DigestItem),
})

const InvalidTransaction = variant(['sp_runtime', 'transaction_validity', 'InvalidTransaction'], {
  Call: null,
  Payment: null,
  Future: null,
  Stale: null,
  BadProof: null,
  AncientBirthBlock: null,
  ExhaustsResources: null,
  Custom: u8,
  BadMandatory: null,
  MandatoryValidation: null,
  BadSigner: null,
})
const UnknownTransaction = variant(['sp_runtime', 'transaction_validity', 'UnknownTransaction'], {
  CannotLookup: null,
  NoUnsignedValidator: null,
  Custom: u8,
})

/** `sp_runtime::transaction_validity::TransactionValidityError`: why a transaction cannot be included. */
export const TransactionValidityError = variant(
  ['sp_runtime', 'transaction_validity', 'TransactionValidityError'],
  {
    Invalid: InvalidTransaction,
    Unknown: UnknownTransaction,
  },
)

/** A failed call's reason. */
export type DispatchError = Infer<typeof DispatchError>
/** Where an event was deposited. */
export type Phase = Infer<typeof Phase>
/** Dispatch information recorded with each extrinsic's outcome. */
export type DispatchInfo = Infer<typeof DispatchInfo>
/** An entry of a block digest. */
export type DigestItem = Infer<typeof DigestItem>
/** A block digest. */
export type Digest = Infer<typeof Digest>
/** Why a transaction cannot be included. */
export type TransactionValidityError = Infer<typeof TransactionValidityError>

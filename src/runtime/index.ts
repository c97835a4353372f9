// Public surface of src/runtime: the deterministic state-transition function.
export {
  type ApplyExtrinsicResult,
  type BlockBuilder,
  type BlockInput,
  beginBlock,
  type CheckedExtrinsic,
  type FinalizedBlock,
} from './block.ts'
export {
  ALL_FLAGS,
  applyCritterEvent,
  type CareItems,
  CRITTER_ERROR_DOCS,
  CRITTER_NFTS_INDEX,
  CritterCall,
  type CritterCallArgs,
  type CritterErrorName,
  type CritterEvent,
  type CritterGenesis,
  type CritterNfts,
  type CritterNftsConfig,
  type CritterNftsOptions,
  type CritterSchema,
  createCritterNfts,
  critterCall,
  critterErrors,
  DEFAULT_CRITTER_CONFIG,
  deriveCharter,
  ELEMENTS,
  ElementType,
  FREE_CARE_ITEMS,
  flagOf,
  type HookInfo,
  type HookTarget,
  hookTargets,
  InvalidConfigError,
  levelUp,
  MetadataUpdate,
  type NftManager,
  type PetChange,
  PetId,
  type PetNft,
  type PetStateChangeHook,
  petTopic,
  type ReplayedPet,
  resolveCritterConfig,
  STATE_CHANGE_TYPES,
  StateChangeType,
  xpToLevelUp,
} from './critter-nfts/index.ts'
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
  type DecodedExtrinsic,
  decodeExtrinsic,
  Era,
  type EraValue,
  EXTRINSIC_VERSION,
  type ExtrinsicSignature,
  encodeExtrinsic,
  MultiAddress,
  type MultiAddressValue,
  MultiSignature,
  type MultiSignatureValue,
  SIGNED_EXTENSIONS,
  type SignedExtensionDef,
  SignedExtra,
  type SignedParts,
  type UnsignedParts,
  uncheckedExtrinsicDef,
} from './extrinsic/index.ts'
export { type EventRecord, ExecutionContext, type RuntimeEventValue } from './frame/context.ts'
export {
  BAD_ORIGIN,
  type DispatchResult,
  fail,
  isErr,
  OK,
  type Origin,
  signer,
} from './frame/dispatch.ts'
export { defineErrors, type PalletErrors } from './frame/errors.ts'
export {
  type AnyPallet,
  type AnyStorageItem,
  type ConstantDef,
  constant,
  type Pallet,
} from './frame/pallet.ts'
export { RuntimeFault } from './frame/runtime-fault.ts'
export {
  BlockNumber,
  Digest,
  DigestItem,
  DispatchClass,
  DispatchError,
  DispatchInfo,
  H256,
  ModuleError,
  Pays,
  Phase,
  TransactionValidityError,
  Weight,
} from './frame/types.ts'
export { buildGenesis, type GenesisBuilder, type GenesisOptions } from './genesis.ts'
export { createInMemoryChain, type InMemoryChain } from './in-memory-chain.ts'
export {
  buildMetadata,
  CODE_KEY,
  METADATA_MAGIC,
  MetadataFault,
  metadataAtVersion,
  metadataV14,
  metadataVersions,
  runtimeCode,
} from './metadata/index.ts'
export {
  createRuntime,
  RUNTIME_APIS,
  type Runtime,
  type RuntimeCall,
  type RuntimeOptions,
} from './runtime.ts'
export type { ChangeSet, StorageBackend, StorageKey } from './storage/backend.ts'
export { itemPrefix, type MapHasher } from './storage/hashers.ts'
export {
  type BoundMap,
  type BoundValue,
  bindStorage,
  type Query,
  type StorageIO,
  storageMap,
  storageValue,
} from './storage/items.ts'
export { createMemoryBackend, type MemoryBackend } from './storage/memory-backend.ts'
export { StorageOverlay } from './storage/overlay.ts'
export {
  createSystemPallet,
  SYSTEM_INDEX,
  SystemCall,
  SystemEvent,
  type SystemPallet,
} from './system/pallet.ts'
export { AccountData, AccountInfo, EMPTY_ACCOUNT, RuntimeVersion } from './system/types.ts'

// Public surface of the CritterNfts pallet.

export { type CritterCallArgs, critterCall } from './call-builder.ts'
export {
  type CritterNftsConfig,
  DEFAULT_CRITTER_CONFIG,
  InvalidConfigError,
  resolveCritterConfig,
} from './config.ts'
export { type CareItems, petTopic } from './critter.ts'
export { deriveCharter } from './dna.ts'
export type { CritterGenesis } from './genesis.ts'
export type { NftManager } from './nft-manager.ts'
export {
  type CritterNfts,
  type CritterNftsOptions,
  createCritterNfts,
  FREE_CARE_ITEMS,
} from './pallet.ts'
export { levelUp, xpToLevelUp } from './progression.ts'
export { applyCritterEvent, type ReplayedPet } from './replay.ts'
export {
  CRITTER_ERROR_DOCS,
  CRITTER_NFTS_INDEX,
  CritterCall,
  type CritterErrorName,
  type CritterEvent,
  type CritterSchema,
  critterErrors,
  MetadataUpdate,
} from './schema.ts'
export {
  type HookTarget,
  hookTargets,
  type PetChange,
  type PetStateChangeHook,
} from './sync-hooks.ts'
export {
  ALL_FLAGS,
  ELEMENTS,
  ElementType,
  flagOf,
  type HookInfo,
  PetId,
  type PetNft,
  STATE_CHANGE_TYPES,
  StateChangeType,
} from './types.ts'

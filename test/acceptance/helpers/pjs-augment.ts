// Type augmentation for our chain (System as we serve it, and CritterNfts), as a TypeScript user
// of @polkadot/api writes it or generates it with @polkadot/typegen: without it every pallet is
// only reachable through index signatures. It changes types only; every value still comes from the
// metadata the node serves. (`@polkadot/api-augment` would describe Substrate's kitchensink
// runtime instead, with pallets and fields we do not have.)
import '@polkadot/api-base/types/consts'
import '@polkadot/api-base/types/errors'
import '@polkadot/api-base/types/events'
import '@polkadot/api-base/types/storage'
import '@polkadot/api-base/types/submittable'
import type {
  ApiTypes,
  AugmentedError,
  AugmentedEvent,
  AugmentedQuery,
  AugmentedSubmittable,
  QueryableStorageEntry,
  SubmittableExtrinsic,
} from '@polkadot/api-base/types'
import type { AccountId32 } from '@polkadot/types/interfaces/runtime'
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces/system'
import type { Observable } from '@polkadot/types/types'
import type {
  Bytes,
  bool,
  Enum,
  Option,
  Struct,
  U8aFixed,
  u8,
  u16,
  u32,
  u128,
  Vec,
} from '@polkadot/types-codec'
import type { AnyNumber, AnyTuple, ITuple } from '@polkadot/types-codec/types'

/** `pallet_balances::types::AccountData` layout, as `System.Account` stores it. */
export interface PalletBalancesAccountData extends Struct {
  readonly free: u128
  readonly reserved: u128
  readonly frozen: u128
  readonly flags: u128
}

/** `frame_system::AccountInfo`. */
export interface FrameSystemAccountInfo extends Struct {
  readonly nonce: u32
  readonly consumers: u32
  readonly providers: u32
  readonly sufficients: u32
  readonly data: PalletBalancesAccountData
}

/** `pallet_critter_nfts::ElementType`. */
export interface PalletCritterNftsElementType extends Enum {
  readonly type: 'Neutral' | 'Fire' | 'Water' | 'Earth' | 'Air' | 'Tech' | 'Nature' | 'Mystic'
}

/** `pallet_critter_nfts::sync::StateChangeType`. */
export interface PalletCritterNftsSyncStateChangeType extends Enum {
  readonly type:
    | 'BasicInfo'
    | 'Stats'
    | 'Traits'
    | 'Ownership'
    | 'Interactions'
    | 'LevelAndXp'
    | 'Mood'
    | 'Other'
}

/** `pallet_critter_nfts::PetNft`. */
export interface PalletCritterNftsPetNft extends Struct {
  readonly id: u32
  readonly dnaHash: U8aFixed
  readonly initialSpecies: Bytes
  readonly currentPetName: Bytes
  readonly baseStrength: u8
  readonly baseAgility: u8
  readonly baseIntelligence: u8
  readonly baseVitality: u8
  readonly primaryElementalAffinity: PalletCritterNftsElementType
  readonly level: u32
  readonly experiencePoints: u32
  readonly moodIndicator: u8
  readonly lastFedBlock: u32
  readonly lastPlayedBlock: u32
  readonly personalityTraits: Vec<Bytes>
  readonly lastStateUpdateBlock: u32
  readonly stateVersion: u32
  readonly syncFlags: u8
}

/** `pallet_critter_nfts::sync::HookInfo`. */
export interface PalletCritterNftsSyncHookInfo extends Struct {
  readonly accountId: AccountId32
  readonly interests: u8
  readonly priority: u8
  readonly enabled: bool
  readonly lastExecution: u32
  readonly executionCount: u32
}

/** `pallet_critter_nfts::MetadataUpdate`. */
export interface PalletCritterNftsMetadataUpdate extends Struct {
  readonly petId: u32
  readonly name: Option<Bytes>
  readonly personalityTraits: Option<Vec<Bytes>>
  readonly expectedVersion: u32
}

type BytesArg = Bytes | string | Uint8Array
type U32Arg = u32 | AnyNumber | Uint8Array
type U8Arg = u8 | AnyNumber | Uint8Array
type Tx<
  ApiType extends ApiTypes,
  F extends (...args: never[]) => unknown,
  A extends AnyTuple,
> = AugmentedSubmittable<(...args: Parameters<F>) => SubmittableExtrinsic<ApiType>, A>
type Query<ApiType extends ApiTypes, K extends AnyTuple, V, Arg extends unknown[]> = AugmentedQuery<
  ApiType,
  (...args: Arg) => Observable<V>,
  K
> &
  QueryableStorageEntry<ApiType, K>

declare module '@polkadot/api-base/types/consts' {
  interface AugmentedConsts<ApiType extends ApiTypes> {
    system: {
      blockHashCount: u32 & AugmentedConst<ApiType>
      ss58Prefix: u16 & AugmentedConst<ApiType>
    }
    critterNfts: {
      maxOwnedPets: u32 & AugmentedConst<ApiType>
      maxPetNameLen: u32 & AugmentedConst<ApiType>
      maxSpeciesNameLen: u32 & AugmentedConst<ApiType>
      maxTraitStringLen: u32 & AugmentedConst<ApiType>
      maxPetPersonalityTraits: u32 & AugmentedConst<ApiType>
      maxBatchSize: u32 & AugmentedConst<ApiType>
      maxRegisteredHooks: u32 & AugmentedConst<ApiType>
      maxHooksPerAccount: u32 & AugmentedConst<ApiType>
      maxMoodValue: u8 & AugmentedConst<ApiType>
      feedMoodBoost: u8 & AugmentedConst<ApiType>
      playMoodBoost: u8 & AugmentedConst<ApiType>
      feedXpGain: u32 & AugmentedConst<ApiType>
      playXpGain: u32 & AugmentedConst<ApiType>
      neglectThresholdBlocks: u32 & AugmentedConst<ApiType>
      neglectMoodPenalty: u8 & AugmentedConst<ApiType>
    }
  }
}

declare module '@polkadot/api-base/types/errors' {
  interface AugmentedErrors<ApiType extends ApiTypes> {
    critterNfts: {
      ConcurrentModification: AugmentedError<ApiType>
      PetNotFound: AugmentedError<ApiType>
      NotOwner: AugmentedError<ApiType>
    }
  }
}

declare module '@polkadot/api-base/types/events' {
  interface AugmentedEvents<ApiType extends ApiTypes> {
    critterNfts: {
      PetNftMinted: AugmentedEvent<
        ApiType,
        [
          owner: AccountId32,
          petId: u32,
          species: Bytes,
          name: Bytes,
          dnaHash: U8aFixed,
          baseStrength: u8,
          baseAgility: u8,
          baseIntelligence: u8,
          baseVitality: u8,
          elementalAffinity: PalletCritterNftsElementType,
          mood: u8,
          version: u32,
          blockNumber: u32,
        ],
        {
          owner: AccountId32
          petId: u32
          species: Bytes
          name: Bytes
          dnaHash: U8aFixed
          baseStrength: u8
          baseAgility: u8
          baseIntelligence: u8
          baseVitality: u8
          elementalAffinity: PalletCritterNftsElementType
          mood: u8
          version: u32
          blockNumber: u32
        }
      >
      PetNftTransferred: AugmentedEvent<
        ApiType,
        [from: AccountId32, to: AccountId32, petId: u32, version: u32, blockNumber: u32],
        { from: AccountId32; to: AccountId32; petId: u32; version: u32; blockNumber: u32 }
      >
      PetNftMetadataUpdated: AugmentedEvent<
        ApiType,
        [
          owner: AccountId32,
          petId: u32,
          newName: Option<Bytes>,
          newTraits: Option<Vec<Bytes>>,
          version: u32,
          blockNumber: u32,
        ],
        {
          owner: AccountId32
          petId: u32
          newName: Option<Bytes>
          newTraits: Option<Vec<Bytes>>
          version: u32
          blockNumber: u32
        }
      >
      PetFed: AugmentedEvent<
        ApiType,
        [
          owner: AccountId32,
          petId: u32,
          foodItemId: u32,
          moodBoost: u8,
          xpGain: u32,
          newMood: u8,
          newLevel: u32,
          experiencePoints: u32,
          version: u32,
          blockNumber: u32,
        ],
        {
          owner: AccountId32
          petId: u32
          foodItemId: u32
          moodBoost: u8
          xpGain: u32
          newMood: u8
          newLevel: u32
          experiencePoints: u32
          version: u32
          blockNumber: u32
        }
      >
      PetPlayedWith: AugmentedEvent<
        ApiType,
        [
          owner: AccountId32,
          petId: u32,
          toyItemId: u32,
          moodBoost: u8,
          xpGain: u32,
          newMood: u8,
          newLevel: u32,
          experiencePoints: u32,
          version: u32,
          blockNumber: u32,
        ],
        {
          owner: AccountId32
          petId: u32
          toyItemId: u32
          moodBoost: u8
          xpGain: u32
          newMood: u8
          newLevel: u32
          experiencePoints: u32
          version: u32
          blockNumber: u32
        }
      >
      PetLeveledUp: AugmentedEvent<
        ApiType,
        [
          petId: u32,
          oldLevel: u32,
          newLevel: u32,
          experiencePoints: u32,
          version: u32,
          blockNumber: u32,
        ],
        {
          petId: u32
          oldLevel: u32
          newLevel: u32
          experiencePoints: u32
          version: u32
          blockNumber: u32
        }
      >
      PetNeglected: AugmentedEvent<
        ApiType,
        [
          petId: u32,
          oldMood: u8,
          newMood: u8,
          neglectDuration: u32,
          version: u32,
          blockNumber: u32,
        ],
        {
          petId: u32
          oldMood: u8
          newMood: u8
          neglectDuration: u32
          version: u32
          blockNumber: u32
        }
      >
      PetStateSynchronized: AugmentedEvent<
        ApiType,
        [
          petId: u32,
          version: u32,
          blockNumber: u32,
          changeType: PalletCritterNftsSyncStateChangeType,
          successfulHooks: u32,
          failedHooks: u32,
        ],
        {
          petId: u32
          version: u32
          blockNumber: u32
          changeType: PalletCritterNftsSyncStateChangeType
          successfulHooks: u32
          failedHooks: u32
        }
      >
      HookRegistered: AugmentedEvent<
        ApiType,
        [hookId: u32, accountId: AccountId32, interests: u8, priority: u8],
        { hookId: u32; accountId: AccountId32; interests: u8; priority: u8 }
      >
      HookUnregistered: AugmentedEvent<
        ApiType,
        [hookId: u32, accountId: AccountId32],
        { hookId: u32; accountId: AccountId32 }
      >
      HookEnabled: AugmentedEvent<ApiType, [hookId: u32], { hookId: u32 }>
      HookDisabled: AugmentedEvent<ApiType, [hookId: u32], { hookId: u32 }>
      HookInterestsUpdated: AugmentedEvent<
        ApiType,
        [hookId: u32, interests: u8],
        { hookId: u32; interests: u8 }
      >
      HookExecutionFailed: AugmentedEvent<
        ApiType,
        [
          runtimeHook: u8,
          petId: u32,
          changeType: PalletCritterNftsSyncStateChangeType,
          version: u32,
          blockNumber: u32,
          error: DispatchError,
        ],
        {
          runtimeHook: u8
          petId: u32
          changeType: PalletCritterNftsSyncStateChangeType
          version: u32
          blockNumber: u32
          error: DispatchError
        }
      >
      SyncAcknowledged: AugmentedEvent<
        ApiType,
        [
          petId: u32,
          accountId: AccountId32,
          hookId: u32,
          flags: u8,
          remainingFlags: u8,
          version: u32,
          blockNumber: u32,
        ],
        {
          petId: u32
          accountId: AccountId32
          hookId: u32
          flags: u8
          remainingFlags: u8
          version: u32
          blockNumber: u32
        }
      >
    }
  }
}

declare module '@polkadot/api-base/types/storage' {
  interface AugmentedQueries<ApiType extends ApiTypes> {
    system: {
      account: Query<
        ApiType,
        [AccountId32],
        FrameSystemAccountInfo,
        [arg: AccountId32 | string | Uint8Array]
      >
      events: Query<ApiType, [], Vec<EventRecord>, []>
      number: Query<ApiType, [], u32, []>
    }
    critterNfts: {
      nextPetId: Query<ApiType, [], u32, []>
      petNfts: Query<ApiType, [u32], Option<PalletCritterNftsPetNft>, [arg: U32Arg]>
      ownerOfPet: Query<ApiType, [AccountId32], Vec<u32>, [arg: AccountId32 | string | Uint8Array]>
      petNftOwner: Query<ApiType, [u32], Option<AccountId32>, [arg: U32Arg]>
      petStateVersions: Query<ApiType, [u32], u32, [arg: U32Arg]>
      nextHookId: Query<ApiType, [], u32, []>
      syncHookRegistry: Query<ApiType, [u32], Option<PalletCritterNftsSyncHookInfo>, [arg: U32Arg]>
      syncHookIds: Query<ApiType, [], Vec<u32>, []>
      hooksPerAccount: Query<ApiType, [AccountId32], u32, [arg: AccountId32 | string | Uint8Array]>
    }
  }
}

type UpdateArg = {
  petId: U32Arg
  name: BytesArg | null
  personalityTraits: BytesArg[] | null
  expectedVersion: U32Arg
}

declare module '@polkadot/api-base/types/submittable' {
  interface AugmentedSubmittables<ApiType extends ApiTypes> {
    critterNfts: {
      mintPetNft: Tx<ApiType, (species: BytesArg, name: BytesArg) => void, [Bytes, Bytes]>
      batchMintPetNfts: Tx<
        ApiType,
        (pets: Vec<ITuple<[Bytes, Bytes]>> | [BytesArg, BytesArg][]) => void,
        [Vec<ITuple<[Bytes, Bytes]>>]
      >
      updatePetMetadata: Tx<
        ApiType,
        (
          petId: U32Arg,
          name: Option<Bytes> | BytesArg | null,
          personalityTraits: Option<Vec<Bytes>> | BytesArg[] | null,
          expectedVersion: U32Arg,
        ) => void,
        [u32, Option<Bytes>, Option<Vec<Bytes>>, u32]
      >
      batchUpdatePetMetadata: Tx<
        ApiType,
        (updates: Vec<PalletCritterNftsMetadataUpdate> | UpdateArg[]) => void,
        [Vec<PalletCritterNftsMetadataUpdate>]
      >
      transferPetNft: Tx<
        ApiType,
        (recipient: AccountId32 | string | Uint8Array, petId: U32Arg) => void,
        [AccountId32, u32]
      >
      feedPet: Tx<ApiType, (petId: U32Arg, foodItemId: U32Arg) => void, [u32, u32]>
      playWithPet: Tx<ApiType, (petId: U32Arg, toyItemId: U32Arg) => void, [u32, u32]>
      applyNeglectCheck: Tx<ApiType, (petId: U32Arg) => void, [u32]>
      registerSyncHook: Tx<ApiType, (interests: U8Arg, priority: U8Arg) => void, [u8, u8]>
      unregisterSyncHook: Tx<ApiType, (hookId: U32Arg) => void, [u32]>
      setHookEnabled: Tx<
        ApiType,
        (hookId: U32Arg, enabled: bool | boolean | Uint8Array) => void,
        [u32, bool]
      >
      updateHookInterests: Tx<ApiType, (hookId: U32Arg, interests: U8Arg) => void, [u32, u8]>
      acknowledgeSync: Tx<
        ApiType,
        (petId: U32Arg, flags: U8Arg, version: U32Arg) => void,
        [u32, u8, u32]
      >
    }
  }
}

import {
  AccountId32,
  bool,
  boundedVec,
  bytes,
  fields,
  fixedBytes,
  type Infer,
  named,
  option,
  struct,
  tuple,
  u8,
  u32,
  unit,
  variant,
  vec,
} from '../../primitives/index.ts'
import { defineErrors } from '../frame/errors.ts'
import { constant } from '../frame/pallet.ts'
import { BlockNumber, DispatchError } from '../frame/types.ts'
import { bindStorage, storageMap, storageValue } from '../storage/items.ts'
import { type CritterNftsConfig, U8_SETTINGS } from './config.ts'
import { createCritterTypes, ElementType, PetId, StateChangeType } from './types.ts'

/** Index of CritterNfts in `RuntimeCall`, `RuntimeEvent` and module errors. */
export const CRITTER_NFTS_INDEX = 8

const PALLET = ['pallet_critter_nfts', 'pallet']
const T_PARAM = [{ name: 'T', type: undefined }]
const Bytes = named(bytes, 'Vec<u8>')
const ItemId = named(u32, 'ItemId')

/** One entry of `batch_update_pet_metadata`: a pet, its new fields and the version it must be at. */
export const MetadataUpdate = struct(['pallet_critter_nfts', 'MetadataUpdate'], {
  pet_id: PetId,
  name: option(Bytes),
  personality_traits: option(vec(Bytes)),
  expected_version: u32,
})

/** CritterNfts calls, in call-index order. Names and traits are plain bytes so that length errors are typed. */
export const CritterCall = variant(
  [...PALLET, 'Call'],
  {
    mint_pet_nft: fields({ species: Bytes, name: Bytes }),
    batch_mint_pet_nfts: fields({ pets: vec(tuple(Bytes, Bytes)) }),
    update_pet_metadata: fields({
      pet_id: PetId,
      name: option(Bytes),
      personality_traits: option(vec(Bytes)),
      expected_version: u32,
    }),
    batch_update_pet_metadata: fields({ updates: vec(MetadataUpdate) }),
    transfer_pet_nft: fields({ recipient: AccountId32, pet_id: PetId }),
    feed_pet: fields({ pet_id: PetId, food_item_id: ItemId }),
    play_with_pet: fields({ pet_id: PetId, toy_item_id: ItemId }),
    apply_neglect_check: fields({ pet_id: PetId }),
    register_sync_hook: fields({ interests: u8, priority: u8 }),
    unregister_sync_hook: fields({ hook_id: u32 }),
    set_hook_enabled: fields({ hook_id: u32, enabled: bool }),
    update_hook_interests: fields({ hook_id: u32, interests: u8 }),
    acknowledge_sync: fields({ pet_id: PetId, flags: u8, version: u32 }),
  },
  {
    params: T_PARAM,
    variantDocs: {
      mint_pet_nft: [
        'Mints a pet to the caller. Its charter (stats, element) derives from its DNA; version 1.',
      ],
      batch_mint_pet_nfts: ['Mints up to `MaxBatchSize` pets to the caller: all of them, or none.'],
      update_pet_metadata: [
        'Renames a pet and/or replaces its traits, if the pet is still at `expected_version`',
        '(else `ConcurrentModification`). Bumps the version by one.',
      ],
      batch_update_pet_metadata: [
        'Several metadata updates, each with its own expected version: all apply, or none.',
      ],
      transfer_pet_nft: ['Gives a pet to `recipient`. Refused while the pet is locked.'],
      feed_pet: ['Feeds a pet: mood and experience up, possibly levels up.'],
      play_with_pet: [
        'Plays with a pet: mood and experience up, possibly levels up; resets neglect.',
      ],
      apply_neglect_check: [
        'Anyone may call: a pet not played with for over `NeglectThresholdBlocks` loses',
        '`NeglectMoodPenalty` mood, at most once per threshold period.',
      ],
      register_sync_hook: [
        'Registers an off-chain sync hook owned by the caller; its id is in `HookRegistered`.',
      ],
      unregister_sync_hook: ['Removes one of the caller’s hooks.'],
      set_hook_enabled: ['Enables or disables one of the caller’s hooks.'],
      update_hook_interests: ['Replaces the interest bitmask of one of the caller’s hooks.'],
      acknowledge_sync: [
        'Clears `flags` from a pet’s sync flags once synced at `version` (its current version).',
        'The caller must own an enabled hook whose interests cover `flags`. No version bump.',
      ],
    },
  },
)
/** A CritterNfts call. */
export type CritterCall = Infer<typeof CritterCall>

/** Doc line of every CritterNfts error, in error-index order. */
export const CRITTER_ERROR_DOCS = {
  NextPetIdOverflow: 'Pet ids are exhausted.',
  ExceedMaxOwnedPets: 'The caller would own more than `MaxOwnedPets`.',
  PetNotFound: 'No pet has this id.',
  NotOwner: 'The caller does not own this pet.',
  RecipientExceedMaxOwnedPets: 'The recipient would own more than `MaxOwnedPets`.',
  CannotTransferToSelf: 'A pet cannot be transferred to its owner.',
  NftAlreadyLocked: 'The pet is already locked.',
  NftNotLocked: 'The pet is not locked.',
  NftLocked: 'The pet is locked and cannot be transferred.',
  ItemInteractionFailed: 'The food or toy item could not be used.',
  TraitStringTooLong: 'A personality trait is longer than `MaxTraitStringLen`.',
  TooManyPersonalityTraits: 'More personality traits than `MaxPetPersonalityTraits`.',
  PetNameTooLong: 'The name is longer than `MaxPetNameLen`.',
  SpeciesNameTooLong: 'The species is longer than `MaxSpeciesNameLen`.',
  ConcurrentModification: 'The pet is not at the expected version: it changed since it was read.',
  NothingToUpdate: 'A metadata update names neither a new name nor new traits.',
  EmptyBatch: 'A batch call has no entries.',
  BatchTooLarge: 'A batch call has more than `MaxBatchSize` entries.',
  DuplicatePetInBatch: 'A batch update names the same pet twice.',
  StateVersionOverflow: 'The pet’s state version cannot grow further.',
  PetNotNeglected: 'The pet was played with (or penalised) within `NeglectThresholdBlocks`.',
  HookNotFound: 'No sync hook has this id.',
  NotHookOwner: 'The caller did not register this hook.',
  TooManyHooks: '`MaxRegisteredHooks` hooks are registered already.',
  TooManyHooksForAccount: 'The caller has `MaxHooksPerAccount` hooks already.',
  InvalidHookParameters: 'A hook needs at least one interest bit.',
  NextHookIdOverflow: 'Hook ids are exhausted.',
  EmptySyncFlags: 'An acknowledgement must name at least one flag.',
  NoSyncPermission: 'The caller has no enabled hook whose interests cover these flags.',
  StaleSyncAcknowledgement: 'The acknowledged version is not the pet’s current version.',
  ReentrantPetChange: 'A runtime hook tried to change a pet while being notified of a change.',
} as const
/** The name of a CritterNfts error. */
export type CritterErrorName = keyof typeof CRITTER_ERROR_DOCS

/** CritterNfts errors, as module errors of pallet index 8. */
export const critterErrors = defineErrors(
  CRITTER_NFTS_INDEX,
  [...PALLET, 'Error'],
  CRITTER_ERROR_DOCS,
)

/** Builds the event enum, whose bounded fields follow the configuration. */
const createEvents = (types: ReturnType<typeof createCritterTypes>) => {
  const versioned = { version: u32, block_number: BlockNumber }
  // What feeding and playing report: the effect and the resulting values, at the new version.
  const careResult = {
    mood_boost: u8,
    xp_gain: u32,
    new_mood: u8,
    new_level: u32,
    experience_points: u32,
    ...versioned,
  }
  return variant(
    [...PALLET, 'Event'],
    {
      PetNftMinted: fields({
        owner: AccountId32,
        pet_id: PetId,
        species: types.SpeciesName,
        name: types.PetName,
        dna_hash: named(fixedBytes(32), 'DnaHashType'),
        base_strength: u8,
        base_agility: u8,
        base_intelligence: u8,
        base_vitality: u8,
        elemental_affinity: ElementType,
        mood: u8,
        ...versioned,
      }),
      PetNftTransferred: fields({
        from: AccountId32,
        to: AccountId32,
        pet_id: PetId,
        ...versioned,
      }),
      PetNftMetadataUpdated: fields({
        owner: AccountId32,
        pet_id: PetId,
        new_name: option(types.PetName),
        new_traits: option(types.Traits),
        ...versioned,
      }),
      PetFed: fields({ owner: AccountId32, pet_id: PetId, food_item_id: ItemId, ...careResult }),
      PetPlayedWith: fields({
        owner: AccountId32,
        pet_id: PetId,
        toy_item_id: ItemId,
        ...careResult,
      }),
      PetLeveledUp: fields({
        pet_id: PetId,
        old_level: u32,
        new_level: u32,
        experience_points: u32,
        ...versioned,
      }),
      PetNeglected: fields({
        pet_id: PetId,
        old_mood: u8,
        new_mood: u8,
        neglect_duration: BlockNumber,
        ...versioned,
      }),
      NftLocked: fields({ owner: AccountId32, pet_id: PetId, ...versioned }),
      NftUnlocked: fields({ owner: AccountId32, pet_id: PetId, ...versioned }),
      PetStateSynchronized: fields({
        pet_id: PetId,
        version: u32,
        block_number: BlockNumber,
        change_type: StateChangeType,
        successful_hooks: u32,
        failed_hooks: u32,
      }),
      HookRegistered: fields({
        hook_id: u32,
        account_id: AccountId32,
        interests: u8,
        priority: u8,
      }),
      HookUnregistered: fields({ hook_id: u32, account_id: AccountId32 }),
      HookEnabled: fields({ hook_id: u32 }),
      HookDisabled: fields({ hook_id: u32 }),
      HookInterestsUpdated: fields({ hook_id: u32, interests: u8 }),
      HookExecutionFailed: fields({
        runtime_hook: u8,
        pet_id: PetId,
        change_type: StateChangeType,
        version: u32,
        block_number: BlockNumber,
        error: DispatchError,
      }),
      SyncAcknowledged: fields({
        pet_id: PetId,
        account_id: AccountId32,
        hook_id: u32,
        flags: u8,
        remaining_flags: u8,
        ...versioned,
      }),
    },
    {
      params: T_PARAM,
      variantDocs: {
        PetNftMinted: ['A pet was minted, at version 1.'],
        PetNftTransferred: ['A pet changed owner.'],
        PetNftMetadataUpdated: ['A pet’s name and/or traits changed.'],
        PetFed: ['A pet was fed; the values are the results after feeding.'],
        PetPlayedWith: ['A pet was played with; the values are the results after playing.'],
        PetLeveledUp: ['A pet gained one or more levels.'],
        PetNeglected: ['A neglected pet lost mood.'],
        NftLocked: ['A pet was locked by another pallet (e.g. listed or in battle).'],
        NftUnlocked: ['A pet was unlocked.'],
        PetStateSynchronized: [
          'Hooks were notified of one changed aspect of a pet. `successful_hooks` counts runtime hooks',
          'that ran without error plus registered (off-chain) hooks that were notified.',
        ],
        HookRegistered: ['A sync hook was registered.'],
        HookUnregistered: ['A sync hook was removed.'],
        HookEnabled: ['A sync hook was enabled.'],
        HookDisabled: ['A sync hook was disabled.'],
        HookInterestsUpdated: ['A sync hook’s interests changed.'],
        HookExecutionFailed: [
          'A runtime hook failed; its writes were reverted, the pet’s change stands.',
        ],
        SyncAcknowledged: ['Sync flags of a pet were cleared by a hook’s owner.'],
      },
    },
  )
}

/**
 * The whole schema of CritterNfts for a configuration: storage, calls, events, errors and
 * constants. Codecs and metadata are both derived from it.
 */
export const createCritterSchema = (config: CritterNftsConfig) => {
  const types = createCritterTypes(config)
  const storage = bindStorage('CritterNfts', {
    NextPetId: storageValue(PetId, {
      query: 'Value',
      default: 0,
      docs: ['The id the next minted pet gets.'],
    }),
    PetNfts: storageMap('Blake2_128Concat', PetId, types.PetNft, {
      query: 'Option',
      docs: ['Every pet, by id.'],
    }),
    OwnerOfPet: storageMap('Blake2_128Concat', AccountId32, types.OwnedPets, {
      query: 'Value',
      default: [],
      docs: ['The pets each account owns, in ascending id order.'],
    }),
    PetNftOwner: storageMap('Blake2_128Concat', PetId, AccountId32, {
      query: 'Option',
      docs: ['The owner of each pet.'],
    }),
    PetStateVersions: storageMap('Blake2_128Concat', PetId, u32, {
      query: 'Value',
      default: 0,
      docs: ['Each pet’s state version: always equal to `PetNfts[id].state_version`.'],
    }),
    LockedNfts: storageMap('Blake2_128Concat', PetId, unit, {
      query: 'Value',
      default: undefined,
      docs: ['Pets locked by other pallets; present means locked.'],
    }),
    LastNeglectPenalty: storageMap('Blake2_128Concat', PetId, BlockNumber, {
      query: 'Option',
      docs: [
        'The block of each pet’s last neglect penalty, so a neglect period is penalised once.',
      ],
    }),
    NextHookId: storageValue(u32, {
      query: 'Value',
      default: 0,
      docs: ['The id the next registered hook gets.'],
    }),
    SyncHookRegistry: storageMap('Blake2_128Concat', u32, types.HookInfo, {
      query: 'Option',
      docs: ['Registered off-chain sync hooks, by id.'],
    }),
    SyncHookIds: storageValue(
      named(boundedVec(u32, config.MaxRegisteredHooks), 'BoundedVec<u32, T::MaxRegisteredHooks>'),
      {
        query: 'Value',
        default: [],
        docs: [
          'The ids in `SyncHookRegistry`, ascending: notification reads this, never scans the map.',
        ],
      },
    ),
    HooksPerAccount: storageMap('Blake2_128Concat', AccountId32, u32, {
      query: 'Value',
      default: 0,
      docs: ['How many hooks each account has registered.'],
    }),
  })
  const constants = Object.fromEntries(
    (Object.keys(config) as (keyof CritterNftsConfig)[]).map(name => [
      name,
      constant(U8_SETTINGS.has(name) ? u8 : u32, config[name], CONSTANT_DOCS[name]),
    ]),
  )
  return {
    types,
    storage,
    calls: CritterCall,
    events: createEvents(types),
    errors: critterErrors,
    constants,
  }
}

const CONSTANT_DOCS: Record<keyof CritterNftsConfig, string> = {
  MaxOwnedPets: 'How many pets one account may own.',
  MaxPetNameLen: 'Longest pet name, in bytes.',
  MaxSpeciesNameLen: 'Longest species name, in bytes.',
  MaxTraitStringLen: 'Longest personality trait, in bytes.',
  MaxPetPersonalityTraits: 'Most personality traits one pet may have.',
  MaxBatchSize: 'Most entries in one batch call.',
  MaxRegisteredHooks: 'Most sync hooks registered at once, chain-wide.',
  MaxHooksPerAccount: 'Most sync hooks one account may register.',
  MaxMoodValue: 'Highest mood; pets are minted with it.',
  FeedMoodBoost: 'Mood gained by feeding.',
  PlayMoodBoost: 'Mood gained by playing.',
  FeedXpGain: 'Experience gained by feeding.',
  PlayXpGain: 'Experience gained by playing.',
  NeglectThresholdBlocks: 'Blocks without play after which a pet counts as neglected.',
  NeglectMoodPenalty: 'Mood lost when a neglect check finds the pet neglected.',
}

/** The CritterNfts schema for one configuration. */
export type CritterSchema = ReturnType<typeof createCritterSchema>
/** The bound CritterNfts storage items. */
export type CritterStorage = CritterSchema['storage']
/** A CritterNfts event. */
export type CritterEvent = Infer<CritterSchema['events']>

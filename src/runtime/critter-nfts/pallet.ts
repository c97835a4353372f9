import type { Shape } from '../../primitives/index.ts'
import { BAD_ORIGIN, OK, signer } from '../frame/dispatch.ts'
import type { Pallet } from '../frame/pallet.ts'
import type { Weight } from '../frame/types.ts'
import type { GenesisBuilder } from '../genesis.ts'
import { acknowledgeSync } from './calls/acknowledge.ts'
import { applyNeglectCheck, feedPet, playWithPet } from './calls/care.ts'
import {
  registerSyncHook,
  setHookEnabled,
  unregisterSyncHook,
  updateHookInterests,
} from './calls/hooks.ts'
import { applyMetadataUpdate, batchUpdatePetMetadata } from './calls/metadata.ts'
import { batchMintPetNfts, mintPetNft } from './calls/mint.ts'
import { transferPet } from './calls/transfer.ts'
import { type CritterNftsConfig, InvalidConfigError, resolveCritterConfig } from './config.ts'
import { type CareItems, type Critter, PALLET_NAME } from './critter.ts'
import { buildCritterGenesis, type CritterGenesis } from './genesis.ts'
import { createNftManager, type NftManager } from './nft-manager.ts'
import { CRITTER_NFTS_INDEX, type CritterCall, createCritterSchema } from './schema.ts'
import type { PetStateChangeHook } from './sync-hooks.ts'

/** Options of `createCritterNfts`. */
export interface CritterNftsOptions {
  /** Overrides of the default limits and tuning values. */
  readonly config?: Partial<CritterNftsConfig>
  /** Runtime hooks of other pallets, notified of pet changes they are interested in. */
  readonly hooks?: readonly PetStateChangeHook[]
  /** Whether food and toys may be used; by default every item id is accepted (no items pallet). */
  readonly careItems?: CareItems
}

/** Accepts every item: the policy while no items pallet is composed. */
export const FREE_CARE_ITEMS: CareItems = { consume: () => OK }

const weight = (refTime: number, proofSize: number): Weight => ({
  ref_time: BigInt(refTime),
  proof_size: BigInt(proofSize),
})

// Reference time in picoseconds, taken from the original pallet's weights.rs as relative cost
// hints. They are not measured: weights derived from benchmarks come with the node's block limits
// (issue 3).
const MINT = 15_000_000
const UPDATE = 10_000_000
const TRANSFER = 12_000_000
const CARE = 10_000_000
const HOOK = 5_000_000

const weigh = (call: CritterCall): Weight => {
  switch (call.type) {
    case 'mint_pet_nft':
      return weight(MINT, 2_048)
    case 'batch_mint_pet_nfts':
      return weight(
        MINT * Math.max(call.value.pets.length, 1),
        2_048 * Math.max(call.value.pets.length, 1),
      )
    case 'update_pet_metadata':
      return weight(UPDATE, 1_536)
    case 'batch_update_pet_metadata':
      return weight(
        UPDATE * Math.max(call.value.updates.length, 1),
        1_536 * Math.max(call.value.updates.length, 1),
      )
    case 'transfer_pet_nft':
      return weight(TRANSFER, 1_536)
    case 'feed_pet':
    case 'play_with_pet':
    case 'apply_neglect_check':
      return weight(CARE, 1_024)
    default:
      return weight(HOOK, 512)
  }
}

/**
 * Composes the CritterNfts pallet: pets as NFTs with DNA-derived stats, a version per pet bumped
 * by every change, sync flags, sync hooks and optimistic concurrency.
 *
 * @example
 * const critter = createCritterNfts({ config: { MaxOwnedPets: 100 }, hooks: [activityHook] })
 * const runtime = createRuntime({ pallets: [critter.pallet] })
 */
export const createCritterNfts = (options: CritterNftsOptions = {}) => {
  const config = resolveCritterConfig(options.config)
  const schema = createCritterSchema(config)
  const hooks = options.hooks ?? []
  // A runtime hook is named by its index in a u8 field of HookExecutionFailed.
  if (hooks.length > 256)
    throw new InvalidConfigError(`at most 256 runtime hooks, got ${hooks.length}`)
  hooks.forEach((hook, i) => {
    for (const field of ['priority', 'interests'] as const) {
      const value = hook[field]
      if (!Number.isInteger(value) || value < 0 || value > 0xff) {
        throw new InvalidConfigError(
          `runtime hook ${i} (${hook.name}): ${field} must be 0 to 255, got ${value}`,
        )
      }
    }
  })
  const runtimeHooks = hooks
    .map((hook, index) => ({ index, hook }))
    .sort((a, b) => b.hook.priority - a.hook.priority || a.index - b.index)
  const critter: Critter = {
    config,
    storage: schema.storage,
    types: schema.types,
    runtimeHooks,
    careItems: options.careItems ?? FREE_CARE_ITEMS,
  }

  const pallet: Pallet<CritterCall> = {
    name: PALLET_NAME,
    index: CRITTER_NFTS_INDEX,
    docs: ['Pet NFTs with DNA-derived stats, per-pet state versions, sync flags and sync hooks.'],
    storage: { prefix: PALLET_NAME, items: schema.storage },
    calls: schema.calls,
    events: schema.events as Shape<unknown>,
    errors: schema.errors,
    constants: schema.constants,
    weigh,
    dispatch(ctx, origin, call) {
      const who = signer(origin)
      if (who === undefined) return BAD_ORIGIN
      const c = critter
      switch (call.type) {
        case 'mint_pet_nft':
          return mintPetNft(c, ctx, who, call.value.species, call.value.name)
        case 'batch_mint_pet_nfts':
          return batchMintPetNfts(c, ctx, who, call.value.pets)
        case 'update_pet_metadata':
          return applyMetadataUpdate(c, ctx, who, call.value)
        case 'batch_update_pet_metadata':
          return batchUpdatePetMetadata(c, ctx, who, call.value.updates)
        case 'transfer_pet_nft':
          return transferPet(c, ctx, who, call.value.recipient, call.value.pet_id)
        case 'feed_pet':
          return feedPet(c, ctx, who, call.value.pet_id, call.value.food_item_id)
        case 'play_with_pet':
          return playWithPet(c, ctx, who, call.value.pet_id, call.value.toy_item_id)
        case 'apply_neglect_check':
          return applyNeglectCheck(c, ctx, call.value.pet_id)
        case 'register_sync_hook':
          return registerSyncHook(c, ctx, who, call.value.interests, call.value.priority)
        case 'unregister_sync_hook':
          return unregisterSyncHook(c, ctx, who, call.value.hook_id)
        case 'set_hook_enabled':
          return setHookEnabled(c, ctx, who, call.value.hook_id, call.value.enabled)
        case 'update_hook_interests':
          return updateHookInterests(c, ctx, who, call.value.hook_id, call.value.interests)
        case 'acknowledge_sync':
          return acknowledgeSync(
            c,
            ctx,
            who,
            call.value.pet_id,
            call.value.flags,
            call.value.version,
          )
      }
    },
  }

  const nftManager: NftManager = createNftManager(critter)
  /** A genesis builder that creates `genesis.pets` and `genesis.hooks` at block 0. */
  const genesis =
    (state: CritterGenesis): GenesisBuilder =>
    ctx =>
      buildCritterGenesis(critter, ctx, state)
  return { pallet, critter, nftManager, config, schema, storage: schema.storage, genesis }
}

/** A composed CritterNfts pallet with its storage, schema and `NftManager`. */
export type CritterNfts = ReturnType<typeof createCritterNfts>

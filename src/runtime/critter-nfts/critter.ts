import type { AccountId } from '../../primitives/index.ts'
import type { ExecutionContext } from '../frame/context.ts'
import { type DispatchResult, fail } from '../frame/dispatch.ts'
import type { CritterNftsConfig } from './config.ts'
import { type CritterErrorName, type CritterStorage, critterErrors } from './schema.ts'
import type { PetStateChangeHook } from './sync-hooks.ts'
import type { CritterTypes } from './types.ts'

/** The pallet's name in `RuntimeCall`, `RuntimeEvent` and storage. */
export const PALLET_NAME = 'CritterNfts'

/** Whether a care item may be used: the seam to an items pallet. */
export interface CareItems {
  /** Consumes `itemId` of `owner` as food or a toy; `Err` refuses the care action. */
  consume(
    ctx: ExecutionContext,
    owner: AccountId,
    itemId: number,
    kind: 'Food' | 'Toy',
  ): DispatchResult
}

/** A runtime hook with the index it was composed at (its id in `HookExecutionFailed`). */
export interface IndexedHook {
  readonly index: number
  readonly hook: PetStateChangeHook
}

/**
 * What every CritterNfts function works with: configuration, storage and the composed runtime
 * hooks. Built once per runtime by `createCritterNfts`.
 */
export interface Critter {
  readonly config: CritterNftsConfig
  readonly storage: CritterStorage
  readonly types: CritterTypes
  /** Runtime hooks, ordered by priority (highest first), then composition index. */
  readonly runtimeHooks: readonly IndexedHook[]
  readonly careItems: CareItems
}

/**
 * The `Err` of a CritterNfts error.
 *
 * @example if (owner === undefined) return critterError('PetNotFound')
 */
export const critterError = (name: CritterErrorName): DispatchResult =>
  fail(critterErrors.error(name))

const TOPIC_TAG = new TextEncoder().encode('critter/pet/')

/**
 * The event topic of a pet: `"critter/pet/"` ++ u32 LE id ++ 16 zero bytes. Every pet event
 * carries it, so followers can filter events by pet without decoding them.
 *
 * @example petTopic(7) // 0x637269747465722f7065742f07000000...
 */
export const petTopic = (petId: number): Uint8Array => {
  const topic = new Uint8Array(32)
  topic.set(TOPIC_TAG)
  const at = TOPIC_TAG.length
  topic[at] = petId & 0xff
  topic[at + 1] = (petId >>> 8) & 0xff
  topic[at + 2] = (petId >>> 16) & 0xff
  topic[at + 3] = petId >>> 24
  return topic
}

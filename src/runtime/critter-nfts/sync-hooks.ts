import { tryEncode } from '../../primitives/index.ts'
import type { ExecutionContext } from '../frame/context.ts'
import { type DispatchResult, fail } from '../frame/dispatch.ts'
import { RuntimeFault } from '../frame/runtime-fault.ts'
import { DispatchError } from '../frame/types.ts'
import type { StorageIO } from '../storage/items.ts'
import { type Critter, PALLET_NAME, petTopic } from './critter.ts'
import { flagOf, type HookInfo, type PetNft, type StateChangeType } from './types.ts'

/** One changed aspect of a pet, as a runtime hook is told about it. */
export interface PetChange {
  readonly petId: number
  readonly changeType: StateChangeType
  /** The pet's version after the change. */
  readonly version: number
  readonly blockNumber: number
  /** The pet after the change. */
  readonly pet: Readonly<PetNft>
}

/**
 * A runtime hook: code of another pallet that runs inside the block whenever a pet aspect it is
 * interested in changes. Each call runs in its own storage layer; returning `Err` (or throwing)
 * reverts only the hook's own writes and is reported in `HookExecutionFailed`. Hooks may not
 * change pets themselves (`ReentrantPetChange`).
 *
 * @example
 * const counter: PetStateChangeHook = {
 *   name: 'activity', interests: ALL_FLAGS, priority: 128,
 *   onPetStateChange: (ctx, change) => { bump(ctx, change.petId); return OK },
 * }
 */
export interface PetStateChangeHook {
  /** A name for logs and docs. */
  readonly name: string
  /** Bitmask of aspects (`flagOf`) this hook wants. */
  readonly interests: number
  /** 0 to 255; higher runs first. */
  readonly priority: number
  onPetStateChange(ctx: ExecutionContext, change: PetChange): DispatchResult
}

/** A hook to notify: a runtime hook (by composition index) or a registered hook (by id). */
export type HookTarget =
  | {
      readonly kind: 'runtime'
      readonly priority: number
      readonly id: number
      readonly hook: PetStateChangeHook
    }
  | {
      readonly kind: 'registered'
      readonly priority: number
      readonly id: number
      readonly info: HookInfo
    }

// Priority descending; on a tie runtime hooks run before registered ones; then ids ascending.
const byPriority = (a: HookTarget, b: HookTarget): number =>
  b.priority - a.priority || (a.kind === b.kind ? a.id - b.id : a.kind === 'runtime' ? -1 : 1)

/**
 * The hooks to notify of a change whose flag is `flag`, in notification order: enabled hooks
 * whose interests include the flag, by priority (highest first), runtime hooks before registered
 * ones of equal priority, then by ascending id.
 */
export const hookTargets = (
  runtimeHooks: Critter['runtimeHooks'],
  registered: Iterable<[number, HookInfo]>,
  flag: number,
): HookTarget[] => {
  const targets: HookTarget[] = []
  for (const { index, hook } of runtimeHooks) {
    if ((hook.interests & flag) !== 0)
      targets.push({ kind: 'runtime', priority: hook.priority, id: index, hook })
  }
  for (const [id, info] of registered) {
    if (info.enabled && (info.interests & flag) !== 0) {
      targets.push({ kind: 'registered', priority: info.priority, id, info })
    }
  }
  return targets.sort(byPriority)
}

const OTHER = { type: 'Other' } as const

const runRuntimeHook = (
  ctx: ExecutionContext,
  hook: PetStateChangeHook,
  change: PetChange,
): DispatchResult => {
  ctx.hookDepth++
  try {
    const result = ctx.transactional(() => hook.onPetStateChange(ctx, change))
    // The error travels on in HookExecutionFailed; one that cannot be encoded is replaced here,
    // inside the hook's isolation, instead of breaking the event.
    if (result.type === 'Err' && tryEncode(DispatchError, result.value) === undefined)
      return fail(OTHER)
    return result
  } catch {
    // Isolation: whatever a hook throws (its own bug, a bad event it deposited, a malformed
    // result) reverts only its layer and counts as its failure. The throw is deterministic,
    // so every node reaches the same outcome.
    return fail(OTHER)
  } finally {
    ctx.hookDepth--
  }
}

/** Every registered hook, by ascending id (read through `SyncHookIds`, no map scan). */
export const registeredHooks = (
  c: Critter,
  io: StorageIO,
  ids: readonly number[] = c.storage.SyncHookIds.get(io),
): [number, HookInfo][] => {
  const out: [number, HookInfo][] = []
  for (const id of ids) {
    const info = c.storage.SyncHookRegistry.get(io, id)
    if (info === undefined)
      throw new RuntimeFault(`SyncHookIds lists hook ${id}, which is not registered`)
    out.push([id, info])
  }
  return out
}

/**
 * Notifies every interested hook of one changed aspect of `pet`, in priority order, and deposits
 * `PetStateSynchronized` with the counts. Runtime hooks run; registered (off-chain) hooks get their
 * `last_execution` and `execution_count` updated for the sync service to act on.
 */
export const notifyHooks = (
  c: Critter,
  ctx: ExecutionContext,
  pet: PetNft,
  changeType: StateChangeType,
): void => {
  const ids = c.storage.SyncHookIds.get(ctx.storage)
  const targets =
    ids.length === 0 && c.runtimeHooks.length === 0
      ? []
      : hookTargets(c.runtimeHooks, registeredHooks(c, ctx.storage, ids), flagOf(changeType))

  const change: PetChange = {
    petId: pet.id,
    changeType,
    version: pet.state_version,
    blockNumber: ctx.blockNumber,
    pet,
  }
  let successful = 0
  let failed = 0
  for (const target of targets) {
    if (target.kind === 'registered') {
      c.storage.SyncHookRegistry.set(ctx.storage, target.id, {
        ...target.info,
        last_execution: ctx.blockNumber,
        execution_count: Math.min(target.info.execution_count + 1, 0xffff_ffff),
      })
      successful++
      continue
    }
    const result = runRuntimeHook(ctx, target.hook, change)
    if (result.type === 'Ok') {
      successful++
      continue
    }
    failed++
    ctx.deposit(
      PALLET_NAME,
      {
        type: 'HookExecutionFailed',
        value: {
          runtime_hook: target.id,
          pet_id: pet.id,
          change_type: changeType,
          version: pet.state_version,
          block_number: ctx.blockNumber,
          error: result.value,
        },
      },
      [petTopic(pet.id)],
    )
  }
  ctx.deposit(
    PALLET_NAME,
    {
      type: 'PetStateSynchronized',
      value: {
        pet_id: pet.id,
        version: pet.state_version,
        block_number: ctx.blockNumber,
        change_type: changeType,
        successful_hooks: successful,
        failed_hooks: failed,
      },
    },
    [petTopic(pet.id)],
  )
}

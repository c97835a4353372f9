import {
  applyCritterEvent,
  type CritterEvent,
  type EventRecord,
  flagOf,
  type ReplayedPet,
} from '../runtime/index.ts'
import { SyncFault } from './errors.ts'
import { toJson } from './event-json.ts'
import type {
  BatchWrite,
  Checkpoint,
  HookRow,
  NewDelivery,
  PetChangeRow,
  RepairRow,
  ReplicaPet,
} from './types.ts'

/** One finalized block and its event records, as the follower fetched them. */
export interface BlockEvents {
  readonly number: number
  readonly hash: Uint8Array
  readonly events: readonly EventRecord[]
}

/** How a hook with a delivery endpoint is served. */
export interface DeliveryTarget {
  /** Acknowledge delivered changes on chain (`acknowledge_sync`). */
  readonly ack: boolean
}

/** What `planBatch` needs: the replica's state before the batch and the blocks to apply. */
export interface PlanInput {
  readonly parent: Checkpoint | undefined
  /** Consecutive blocks, the first one `parent.number + 1`. */
  readonly blocks: readonly BlockEvents[]
  /** The replica's rows of (at least) every pet the blocks' events name. */
  readonly pets: ReadonlyMap<number, ReplicaPet>
  /** The hook mirror before the batch. */
  readonly hooks: ReadonlyMap<number, HookRow>
  /** Chain state read for gaps, by `repairKey(block, pet)`: the pet at the end of that block. */
  readonly repairs?: ReadonlyMap<string, ReplicaPet>
  /** Hooks with an endpoint: only these get deliveries. */
  readonly targets?: ReadonlyMap<number, DeliveryTarget>
}

/** A pet whose events do not continue the replica's version, seen at one block. */
export interface Gap {
  readonly blockNumber: number
  readonly blockHash: Uint8Array
  readonly petId: number
  /** The version the replica expected next. */
  readonly expected: number
  /** The version the event carried. */
  readonly found: number
}

/** Counts of what a batch did, for progress and metrics. */
export interface PlanCounts {
  /** CritterNfts events in the batch. */
  readonly events: number
  /** Pet events applied to a pet. */
  readonly applied: number
  /** Pet events skipped because the replica already had their version. */
  readonly duplicates: number
}

/** A batch ready to write, or the gaps whose chain state must be read first. */
export type PlanResult =
  | {
      readonly type: 'ready'
      readonly write: BatchWrite
      /** The hook mirror after the batch. */
      readonly hooks: Map<number, HookRow>
      readonly counts: PlanCounts
    }
  | { readonly type: 'gaps'; readonly gaps: readonly Gap[] }

/** The key of a repair in `PlanInput.repairs`. */
export const repairKey = (blockNumber: number, petId: number): string => `${blockNumber}:${petId}`

/** Events that bump the pet's version by one; the other pet events report the current version. */
export const VERSION_BUMPS: ReadonlySet<CritterEvent['type']> = new Set<CritterEvent['type']>([
  'PetNftMinted',
  'PetNftTransferred',
  'PetNftMetadataUpdated',
  'PetFed',
  'PetPlayedWith',
  'PetNeglected',
  'NftLocked',
  'NftUnlocked',
])

/** The pet id and version of a pet event; `undefined` for hook events. */
const petVersion = (event: CritterEvent): { petId: number; version: number } | undefined => {
  const value = event.value as { pet_id?: number; version?: number }
  return value.pet_id === undefined || value.version === undefined
    ? undefined
    : { petId: value.pet_id, version: value.version }
}

/** The pet ids the blocks' CritterNfts events name: what `PlanInput.pets` must hold. */
export const petIdsOf = (blocks: readonly BlockEvents[]): number[] => {
  const ids = new Set<number>()
  for (const block of blocks) {
    for (const record of block.events) {
      if (record.event.type !== 'CritterNfts') continue
      const pv = petVersion(record.event.value as CritterEvent)
      if (pv !== undefined) ids.add(pv.petId)
    }
  }
  return [...ids]
}

const MAX_U32 = 0xffff_ffff

/**
 * Plans one batch of consecutive blocks: a pure function from the replica's rows and the blocks'
 * events to everything the store writes in one transaction (pets, history, hook mirror, delivery
 * outbox, checkpoint).
 *
 * Per pet, an event that bumps the version applies only on top of the version before it; events
 * that report the current version (level-ups, sync notifications, acknowledgements) apply to the
 * version their change opened, and an acknowledgement to the current one. An event at or below
 * the replica's version is a duplicate and skipped. One above it is a gap: the result lists the
 * gaps, the caller reads those pets from the chain at those blocks, and plans again with
 * `repairs`; the repaired pet then stands for everything its block did to it.
 *
 * @example
 * const result = planBatch({ parent, blocks, pets: await store.loadPets(petIdsOf(blocks)), hooks })
 * if (result.type === 'ready') await store.applyBatch(result.write)
 */
export const planBatch = (input: PlanInput): PlanResult => {
  const { parent, blocks } = input
  const first = blocks[0]
  const last = blocks.at(-1)
  if (first === undefined || last === undefined)
    throw new SyncFault('INVALID_OPTIONS', 'planBatch needs at least one block')
  blocks.forEach((block, i) => {
    const expected = (parent === undefined ? 0 : parent.number + 1) + i
    if (block.number !== expected)
      throw new SyncFault(
        'INVALID_OPTIONS',
        `planBatch got block ${block.number} where block ${expected} continues the replica`,
      )
  })

  // The working set: the replay reducer's view of every touched pet.
  const pets = new Map<number, ReplayedPet>()
  for (const [id, row] of input.pets)
    pets.set(id, { pet: row.pet, owner: row.owner, locked: row.locked })
  const updatedAt = new Map<number, number>()
  const hooks = new Map(input.hooks)
  const changedHooks = new Set<number>()
  const removedHooks = new Set<number>()
  const changes: PetChangeRow[] = []
  const deliveries: NewDelivery[] = []
  const repairs: RepairRow[] = []
  const gaps: Gap[] = []
  // Versions a bump in this batch opened: events at that version continue its change.
  const opened = new Set<string>()
  // Pets replaced by their chain state at a block: that block's events are already in it.
  const repairedAt = new Map<number, { block: number; version: number }>()
  let events = 0
  let applied = 0
  let duplicates = 0

  // Hook ids in notification order (priority, then id), rebuilt only when the registry's
  // membership, priorities or interests change, not on every counter update.
  let order: number[] | undefined
  const notificationOrder = (): number[] => {
    order ??= [...hooks.values()]
      .sort((a, b) => b.priority - a.priority || a.id - b.id)
      .map(h => h.id)
    return order
  }
  const setHook = (row: HookRow, reorder = true) => {
    hooks.set(row.id, row)
    changedHooks.add(row.id)
    removedHooks.delete(row.id)
    if (reorder) order = undefined
  }

  const applyHookEvent = (event: CritterEvent): void => {
    switch (event.type) {
      case 'HookRegistered': {
        const e = event.value
        setHook({
          id: e.hook_id,
          account: e.account_id,
          interests: e.interests,
          priority: e.priority,
          enabled: true,
          lastExecution: 0,
          executionCount: 0,
        })
        return
      }
      case 'HookUnregistered':
        order = undefined
        hooks.delete(event.value.hook_id)
        changedHooks.delete(event.value.hook_id)
        removedHooks.add(event.value.hook_id)
        return
      case 'HookEnabled':
      case 'HookDisabled': {
        const hook = hooks.get(event.value.hook_id)
        if (hook !== undefined) setHook({ ...hook, enabled: event.type === 'HookEnabled' })
        return
      }
      case 'HookInterestsUpdated': {
        const hook = hooks.get(event.value.hook_id)
        if (hook !== undefined) setHook({ ...hook, interests: event.value.interests })
        return
      }
      default:
        return
    }
  }

  /** Registered hooks hear of every notified change: mirror their counters, queue deliveries. */
  const notifyRegistered = (
    block: BlockEvents,
    eventIndex: number,
    event: Extract<CritterEvent, { type: 'PetStateSynchronized' }>['value'],
    payload: string,
  ): void => {
    if (hooks.size === 0) return
    const flag = flagOf(event.change_type)
    for (const id of notificationOrder()) {
      const hook = hooks.get(id) as HookRow
      if (!hook.enabled || (hook.interests & flag) === 0) continue
      setHook(
        {
          ...hook,
          lastExecution: block.number,
          executionCount: Math.min(hook.executionCount + 1, MAX_U32),
        },
        false,
      )
      const target = input.targets?.get(hook.id)
      if (target === undefined) continue
      deliveries.push({
        hookId: hook.id,
        petId: event.pet_id,
        version: event.version,
        changeType: event.change_type,
        idempotencyKey: `${event.pet_id}:${event.version}:${event.change_type}`,
        blockNumber: block.number,
        eventIndex,
        priority: hook.priority,
        payload,
        ack: target.ack,
      })
    }
  }

  for (const block of blocks) {
    block.events.forEach((record, eventIndex) => {
      if (record.event.type !== 'CritterNfts') return
      events++
      const event = record.event.value as CritterEvent
      const pv = petVersion(event)
      if (pv === undefined) {
        applyHookEvent(event)
        return
      }
      const payload = JSON.stringify(toJson(event.value))
      changes.push({
        blockNumber: block.number,
        eventIndex,
        petId: pv.petId,
        version: pv.version,
        changeType: event.type,
        payload,
      })
      if (event.type === 'PetStateSynchronized')
        notifyRegistered(block, eventIndex, event.value, payload)
      if (event.type === 'HookExecutionFailed') return

      const { petId, version } = pv
      const repaired = repairedAt.get(petId)
      if (repaired !== undefined && repaired.block === block.number && version <= repaired.version)
        return
      const current = pets.get(petId)?.pet.state_version ?? 0
      const key = `${petId}:${version}`
      let verdict: 'apply' | 'duplicate' | 'gap'
      if (VERSION_BUMPS.has(event.type)) {
        verdict = version === current + 1 ? 'apply' : version <= current ? 'duplicate' : 'gap'
      } else if (opened.has(key) || (event.type === 'SyncAcknowledged' && version === current)) {
        verdict = 'apply'
      } else {
        verdict = version <= current ? 'duplicate' : 'gap'
      }
      if (verdict === 'duplicate') {
        duplicates++
        return
      }
      if (verdict === 'gap') {
        const fix = input.repairs?.get(repairKey(block.number, petId))
        if (fix === undefined) {
          // One gap per pet and block: its repair stands for all of that block's events.
          if (gaps.some(g => g.petId === petId && g.blockNumber === block.number)) return
          gaps.push({
            blockNumber: block.number,
            blockHash: block.hash,
            petId,
            expected: current + 1,
            found: version,
          })
          return
        }
        pets.set(petId, { pet: fix.pet, owner: fix.owner, locked: fix.locked })
        updatedAt.set(petId, block.number)
        repairedAt.set(petId, { block: block.number, version: fix.pet.state_version })
        repairs.push({
          blockNumber: block.number,
          petId,
          expected: current + 1,
          found: version,
          repairedTo: fix.pet.state_version,
        })
        return
      }
      if (VERSION_BUMPS.has(event.type)) opened.add(key)
      applyCritterEvent(pets, event)
      updatedAt.set(petId, block.number)
      applied++
    })
  }

  if (gaps.length > 0) return { type: 'gaps', gaps }
  const rows: ReplicaPet[] = []
  for (const [id, block] of updatedAt) {
    const pet = pets.get(id)
    if (pet !== undefined) rows.push({ ...pet, updatedAtBlock: block })
  }
  return {
    type: 'ready',
    write: {
      parent,
      checkpoint: { number: last.number, hash: last.hash },
      pets: rows,
      changes,
      hooks: [...changedHooks].map(id => hooks.get(id) as HookRow),
      removedHooks: [...removedHooks],
      deliveries,
      repairs,
    },
    hooks,
    counts: { events, applied, duplicates },
  }
}

import { bytesEqual, encode } from '../primitives/index.ts'
import { type ChainSource, hooksAt, petPagesAt, petsAt } from './chain-state.ts'
import { SyncFault } from './errors.ts'
import { type Json, toJson } from './event-json.ts'
import type { SyncStore } from './store/sync-store.ts'
import type { Checkpoint, HookRow, ReplicaPet } from './types.ts'

/** One way the replica differs from the chain. */
export type Difference =
  | { readonly type: 'missing'; readonly petId: number }
  | { readonly type: 'extra'; readonly petId: number }
  | {
      readonly type: 'pet'
      readonly petId: number
      readonly field: string
      readonly replica: Json
      readonly chain: Json
    }
  | { readonly type: 'missingHook' | 'extraHook'; readonly hookId: number }
  | {
      readonly type: 'hook'
      readonly hookId: number
      readonly field: string
      readonly replica: Json
      readonly chain: Json
    }

/** The outcome of `verifyReplica`. */
export interface VerifyReport {
  /** The block compared at: the replica's checkpoint. */
  readonly block: Checkpoint
  /** Pets and hooks on chain at that block. */
  readonly pets: number
  readonly hooks: number
  readonly differences: readonly Difference[]
}

/** Options of `verifyReplica`. */
export interface VerifyOptions extends ChainSource {
  readonly store: SyncStore
  /** The block number the replica must be at (default: wherever its checkpoint is). */
  readonly at?: number
}

/** Field-by-field differences of one pet (nothing when the rows agree byte for byte). */
const petDifferences = (
  options: ChainSource,
  petId: number,
  replica: ReplicaPet,
  chain: ReplicaPet,
): Difference[] => {
  const out: Difference[] = []
  const shape = options.critter.schema.types.PetNft
  if (!bytesEqual(encode(shape, replica.pet), encode(shape, chain.pet))) {
    for (const field of Object.keys(chain.pet) as (keyof ReplicaPet['pet'])[]) {
      const [r, c] = [toJson(replica.pet[field]), toJson(chain.pet[field])]
      if (JSON.stringify(r) !== JSON.stringify(c))
        out.push({ type: 'pet', petId, field, replica: r, chain: c })
    }
  }
  if (!bytesEqual(replica.owner, chain.owner))
    out.push({
      type: 'pet',
      petId,
      field: 'owner',
      replica: toJson(replica.owner),
      chain: toJson(chain.owner),
    })
  if (replica.locked !== chain.locked)
    out.push({ type: 'pet', petId, field: 'locked', replica: replica.locked, chain: chain.locked })
  return out
}

const HOOK_FIELDS = [
  'account',
  'interests',
  'priority',
  'enabled',
  'lastExecution',
  'executionCount',
] as const

const hookDifferences = (replica: readonly HookRow[], chain: readonly HookRow[]): Difference[] => {
  const out: Difference[] = []
  const mine = new Map(replica.map(h => [h.id, h]))
  for (const hook of chain) {
    const row = mine.get(hook.id)
    mine.delete(hook.id)
    if (row === undefined) {
      out.push({ type: 'missingHook', hookId: hook.id })
      continue
    }
    for (const field of HOOK_FIELDS) {
      const [r, c] = [toJson(row[field]), toJson(hook[field])]
      if (JSON.stringify(r) !== JSON.stringify(c))
        out.push({ type: 'hook', hookId: hook.id, field, replica: r, chain: c })
    }
  }
  for (const id of mine.keys()) out.push({ type: 'extraHook', hookId: id })
  return out
}

/** Differences of every pet and hook at `block`, the replica read as it is now. */
const compareAt = async (options: VerifyOptions, block: Checkpoint) => {
  const { store } = options
  const differences: Difference[] = []
  const onChain = new Set<number>()
  const at = { hash: block.hash, number: block.number }
  for await (const page of petPagesAt(options, at)) {
    const ids = [...page.keys()]
    const replica = await store.loadPets(ids)
    for (const [id, chainPet] of page) {
      onChain.add(id)
      const row = replica.get(id)
      if (row === undefined) differences.push({ type: 'missing', petId: id })
      else differences.push(...petDifferences(options, id, row, chainPet))
    }
  }
  for (let after: number | undefined; ; ) {
    const page = await store.pets({ ...(after === undefined ? {} : { after }), limit: 1000 })
    for (const row of page)
      if (!onChain.has(row.pet.id)) differences.push({ type: 'extra', petId: row.pet.id })
    const last = page.at(-1)
    if (last === undefined || page.length < 1000) break
    after = last.pet.id
  }
  const chainHooks = await hooksAt(options, block.hash)
  differences.push(...hookDifferences(await store.hooks(), chainHooks))
  return { differences, pets: onChain.size, hooks: chainHooks.length }
}

const MAX_RECHECKS = 5

/**
 * Compares every pet (every `PetNft` field, owner, locked) and every hook of the replica with the
 * chain's state at the replica's checkpoint. A sync running meanwhile may move the replica on:
 * the pets that differ are then compared again at the new checkpoint, until it stands still, so
 * only real differences are reported.
 *
 * @example
 * const report = await verifyReplica({ api, critter, store })
 * if (report.differences.length > 0) process.exitCode = 1
 */
export const verifyReplica = async (options: VerifyOptions): Promise<VerifyReport> => {
  const { store } = options
  let block = await store.checkpoint()
  if (block === undefined)
    throw new SyncFault('INVALID_OPTIONS', 'the replica is empty: run critter sync first')
  if (options.at !== undefined && options.at !== block.number)
    throw new SyncFault(
      'INVALID_OPTIONS',
      `the replica is at block ${block.number}, not ${options.at}: verify compares a replica with the chain at its own checkpoint`,
    )
  const first = await compareAt(options, block)
  let differences = first.differences
  for (let round = 0; round < MAX_RECHECKS && differences.length > 0; round++) {
    const now = await store.checkpoint()
    if (now === undefined || now.number === block.number) break
    block = now
    differences = await recheck(options, differences, block)
  }
  return { block, pets: first.pets, hooks: first.hooks, differences }
}

/** Compares again, at `block`, the pets and hooks that differed. */
const recheck = async (
  options: VerifyOptions,
  previous: readonly Difference[],
  block: Checkpoint,
): Promise<Difference[]> => {
  const ids = [...new Set(previous.flatMap(d => ('petId' in d ? [d.petId] : [])))]
  const chain = await petsAt(options, ids, { hash: block.hash, number: block.number })
  const replica = await options.store.loadPets(ids)
  const out: Difference[] = []
  for (const id of ids) {
    const [r, c] = [replica.get(id), chain.get(id)]
    if (r === undefined && c !== undefined) out.push({ type: 'missing', petId: id })
    else if (r !== undefined && c === undefined) out.push({ type: 'extra', petId: id })
    else if (r !== undefined && c !== undefined) out.push(...petDifferences(options, id, r, c))
  }
  if (previous.some(d => !('petId' in d)))
    out.push(...hookDifferences(await options.store.hooks(), await hooksAt(options, block.hash)))
  return out
}

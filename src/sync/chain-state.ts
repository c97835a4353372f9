import type { BytesLike, CritterClient } from '../client/index.ts'
import type { CritterNfts } from '../runtime/index.ts'
import type { HookRow, ReplicaPet } from './types.ts'

/** What the sync service reads from the chain: the client and the pallet whose items it reads. */
export interface ChainSource {
  readonly api: CritterClient
  readonly critter: CritterNfts
}

/**
 * The chain's state of some pets at one block, as replica rows stamped `updatedAtBlock`. Pets the
 * chain does not have are left out. One snapshot: every key is read at `at`.
 *
 * @example const pets = await petsAt(source, [7, 8], { hash, number: 120 })
 */
export const petsAt = async (
  { api, critter }: ChainSource,
  ids: readonly number[],
  at: { readonly hash: BytesLike; readonly number: number },
): Promise<Map<number, ReplicaPet>> => {
  const { PetNfts, PetNftOwner, LockedNfts } = critter.storage
  const rows = await api.query(
    io =>
      ids.map(id => ({
        pet: PetNfts.get(io, id),
        owner: PetNftOwner.get(io, id),
        locked: LockedNfts.contains(io, id),
      })),
    { at: at.hash },
  )
  const out = new Map<number, ReplicaPet>()
  rows.forEach(({ pet, owner, locked }, i) => {
    if (pet !== undefined && owner !== undefined)
      out.set(ids[i] as number, { pet, owner, locked, updatedAtBlock: at.number })
  })
  return out
}

/**
 * Every pet on chain at one block, a page at a time (in storage-key order, not id order), each
 * page read as one snapshot of `PetNfts`, `PetNftOwner` and `LockedNfts`.
 */
export async function* petPagesAt(
  source: ChainSource,
  at: { readonly hash: BytesLike; readonly number: number },
): AsyncGenerator<Map<number, ReplicaPet>> {
  for await (const page of source.api.entryPages(source.critter.storage.PetNfts, { at: at.hash })) {
    if (page.length === 0) continue
    yield await petsAt(
      source,
      page.map(([id]) => id),
      at,
    )
  }
}

/** The registered hooks at one block, by ascending id, as mirror rows. */
export const hooksAt = async ({ api, critter }: ChainSource, at: BytesLike): Promise<HookRow[]> => {
  const entries = await api.entries(critter.storage.SyncHookRegistry, { at })
  return entries
    .map(([id, info]) => ({
      id,
      account: info.account_id,
      interests: info.interests,
      priority: info.priority,
      enabled: info.enabled,
      lastExecution: info.last_execution,
      executionCount: info.execution_count,
    }))
    .sort((a, b) => a.id - b.id)
}

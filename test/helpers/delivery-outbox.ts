import { blake2_256, encode, u32 } from '../../src/primitives/index.ts'
import { type BlockEvents, type DeliveryTarget, petIdsOf, planBatch } from '../../src/sync/plan.ts'
import { openSqliteStore, type SyncStore } from '../../src/sync/store/index.ts'
import type { BatchWrite, Checkpoint, DeliveryRow, NewDelivery } from '../../src/sync/types.ts'

/** A replica store in memory and a way to put rows in it through `applyBatch`, as the ingest does. */
export interface Outbox {
  readonly store: SyncStore
  /** Writes one batch (the next block) with these rows. */
  write(parts?: Partial<Omit<BatchWrite, 'parent' | 'checkpoint'>>): Promise<void>
  /** Plans chain blocks (from block 1 of an in-memory chain) and writes them, as the ingest does. */
  replicate(
    blocks: readonly BlockEvents[],
    targets: ReadonlyMap<number, DeliveryTarget>,
  ): Promise<void>
  close(): Promise<void>
}

const hashOf = (number: number): Uint8Array => blake2_256(encode(u32, number))

/**
 * An empty SQLite replica in memory, at block 0.
 *
 * @example
 * const outbox = await openOutbox()
 * await outbox.write({ deliveries: [newDelivery({ hookId: 0, petId: 1, version: 1 })] })
 */
export const openOutbox = async (): Promise<Outbox> => {
  const store = await openSqliteStore({ path: ':memory:' })
  let parent: Checkpoint | undefined
  const commit = async (checkpoint: Checkpoint, parts: Partial<BatchWrite>) => {
    await store.applyBatch({
      pets: [],
      changes: [],
      hooks: [],
      removedHooks: [],
      deliveries: [],
      repairs: [],
      ...parts,
      parent,
      checkpoint,
    })
    parent = checkpoint
  }
  await commit({ number: 0, hash: hashOf(0) }, {})
  return {
    store,
    async write(parts = {}) {
      const number = (parent?.number ?? -1) + 1
      await commit({ number, hash: hashOf(number) }, parts)
    },
    async replicate(blocks, targets) {
      const pets = await store.loadPets(petIdsOf(blocks))
      const hooks = new Map((await store.hooks()).map(h => [h.id, h]))
      const result = planBatch({ parent, blocks, pets, hooks, targets })
      if (result.type !== 'ready') throw new Error(`gaps: ${JSON.stringify(result.gaps)}`)
      await store.applyBatch(result.write)
      parent = result.write.checkpoint
    },
    close: () => store.close(),
  }
}

/**
 * A delivery row as the planner makes them, for a `BasicInfo` change unless told otherwise.
 *
 * @example newDelivery({ hookId: 0, petId: 7, version: 2, changeType: 'Ownership' })
 */
export const newDelivery = (
  fields: Pick<NewDelivery, 'hookId' | 'petId' | 'version'> & Partial<NewDelivery>,
): NewDelivery => {
  const changeType = fields.changeType ?? 'BasicInfo'
  const blockNumber = fields.blockNumber ?? 1
  return {
    changeType,
    idempotencyKey: `${fields.petId}:${fields.version}:${changeType}`,
    blockNumber,
    eventIndex: 0,
    priority: 0,
    ack: false,
    payload: JSON.stringify({
      pet_id: fields.petId,
      version: fields.version,
      block_number: blockNumber,
      change_type: changeType,
    }),
    ...fields,
  }
}

/**
 * A stored delivery row as `dueDeliveries` returns it, pending and never tried, for calling a
 * transport directly.
 *
 * @example await transport.deliver(deliveryRow({ id: 1, hookId: 0, petId: 7, version: 2 }))
 */
export const deliveryRow = (
  fields: Pick<DeliveryRow, 'id' | 'hookId' | 'petId' | 'version'> & Partial<DeliveryRow>,
): DeliveryRow => ({
  ...newDelivery(fields),
  status: 'pending',
  attempts: 0,
  nextAttemptAt: 0,
  lastError: undefined,
  deliveredAt: undefined,
  ackStatus: 'none',
  ...fields,
})

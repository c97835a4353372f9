import {
  type BlockHeader,
  ConnectionError,
  chain,
  followFinalizedHeads,
  ResponseFormatError,
} from '../client/index.ts'
import { bytesEqual, bytesToHex, type Logger, silentLogger } from '../primitives/index.ts'
import { type ChainSource, hooksAt, petPagesAt, petsAt } from './chain-state.ts'
import { SyncFault } from './errors.ts'
import {
  type BlockEvents,
  type DeliveryTarget,
  type Gap,
  type PlanResult,
  petIdsOf,
  planBatch,
  repairKey,
} from './plan.ts'
import type { SyncStore } from './store/sync-store.ts'
import type { Checkpoint, HookRow, ReplicaPet } from './types.ts'

/** What one committed batch did: for progress bars, logs and benchmarks. */
export interface SyncProgress {
  /** The replica's checkpoint after the batch. */
  readonly checkpoint: Checkpoint
  /** Blocks in the batch. */
  readonly blocks: number
  /** CritterNfts events in the batch. */
  readonly events: number
  /** Pet events applied, and skipped as already applied. */
  readonly applied: number
  readonly duplicates: number
  /** Gaps repaired from chain state. */
  readonly repairs: number
  /** The highest finalized block the follower has seen. */
  readonly finalized: number
}

/** Options of `createSync`. */
export interface SyncOptions extends ChainSource {
  readonly store: SyncStore
  readonly logger?: Logger
  /** Most blocks per catch-up batch, each batch one database transaction (default 200). */
  readonly batchBlocks?: number
  /** Hooks with a delivery endpoint: their changes are queued in the outbox. */
  readonly targets?: ReadonlyMap<number, DeliveryTarget>
  /** Told after every committed batch. */
  readonly onBatch?: (progress: SyncProgress) => void
}

/** A running sync service. */
export interface SyncService {
  /**
   * Brings the replica to the chain's finalized head and keeps it there until `signal` aborts;
   * resumes from the replica's checkpoint (or seeds it from genesis). Rejects with `SyncFault`
   * when the replica belongs to another chain, or with the store's or client's fault.
   */
  run(signal?: AbortSignal): Promise<void>
}

const MAX_REPAIR_ROUNDS = 64

/**
 * `promise`'s outcome, or `'aborted'` as soon as `signal` aborts. The listener is removed once the
 * promise settles: racing every batch against one long-lived abort promise would leave a reaction
 * on it per batch, each holding that batch's blocks and events for the life of the service.
 */
const untilAborted = <T>(promise: Promise<T>, signal: AbortSignal | undefined) =>
  new Promise<T | 'aborted'>((resolve, reject) => {
    if (signal === undefined) {
      promise.then(resolve, reject)
      return
    }
    if (signal.aborted) {
      resolve('aborted')
      return
    }
    const onAbort = () => resolve('aborted')
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      error => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })

/**
 * The sync service: follows finalized blocks through the client and applies each batch's
 * CritterNfts events to the replica in one transaction with its checkpoint (see `planBatch` for the
 * per-pet version rules). Header following is gap-free and overlap-free across reconnects
 * (`followFinalizedHeads`), and each batch is written only on top of the checkpoint it was planned
 * from, so a block takes effect exactly once however the process dies.
 *
 * @example
 * const sync = createSync({ api, critter, store, logger })
 * const controller = new AbortController()
 * process.once('SIGINT', () => controller.abort())
 * await sync.run(controller.signal)
 */
export const createSync = (options: SyncOptions): SyncService => {
  const { api, store } = options
  const logger = options.logger ?? silentLogger
  const batchBlocks = options.batchBlocks ?? 200
  if (!Number.isInteger(batchBlocks) || batchBlocks < 1 || batchBlocks > 256)
    throw new SyncFault(
      'INVALID_OPTIONS',
      `batchBlocks must be an integer from 1 to 256 (the node's batch limit), got ${batchBlocks}`,
    )

  const onReconnect = (error: ConnectionError, checkpoint: number | undefined) =>
    logger.warn('connection lost; resuming after reconnect', { error: error.message, checkpoint })

  /**
   * Runs a chain read again after the client reconnects, when the connection drops under it (the
   * header follower does the same for its own reads). Reads are idempotent: nothing was written.
   */
  const reconnecting = async <T>(read: () => Promise<T>, checkpoint?: number): Promise<T> => {
    for (;;) {
      try {
        return await read()
      } catch (error) {
        if (!(error instanceof ConnectionError) || error.code === 'CONNECTION_CLOSED') throw error
        onReconnect(error, checkpoint)
        await api.client.connected()
      }
    }
  }

  /** The replica's checkpoint, checked against the chain; an empty replica is seeded from genesis. */
  const start = async (): Promise<Checkpoint> => {
    const checkpoint = await store.checkpoint()
    if (checkpoint !== undefined) {
      const hash = await reconnecting(() =>
        api.client.request(chain.getBlockHash(checkpoint.number)),
      )
      if (hash === undefined || !bytesEqual(hash, checkpoint.hash))
        throw new SyncFault(
          'CHAIN_MISMATCH',
          `the replica is at block ${checkpoint.number} ${bytesToHex(checkpoint.hash)}, but the node's block ${checkpoint.number} is ${hash === undefined ? 'missing' : bytesToHex(hash)}: this replica belongs to another chain`,
        )
      return checkpoint
    }
    return seedFromGenesis()
  }

  /** Writes the chain's state at block 0 (genesis pets and hooks) as the first checkpoint. */
  const seedFromGenesis = async (): Promise<Checkpoint> => {
    const hash = await reconnecting(() => api.client.request(chain.getBlockHash(0)))
    if (hash === undefined) throw new SyncFault('CHAIN_MISMATCH', 'the node has no genesis block')
    const at = { hash, number: 0 }
    const [pets, hooks] = await reconnecting(async () => {
      const all: ReplicaPet[] = []
      for await (const page of petPagesAt(options, at)) all.push(...page.values())
      return [all, await hooksAt(options, hash)] as const
    })
    const checkpoint = { number: 0, hash }
    await store.applyBatch({
      parent: undefined,
      checkpoint,
      pets,
      changes: [],
      hooks,
      removedHooks: [],
      deliveries: [],
      repairs: [],
    })
    logger.info('replica seeded from genesis', { pets: pets.length, hash })
    return checkpoint
  }

  /** Plans a batch, reading the chain state of every gap until none is left. */
  const plan = async (
    parent: Checkpoint,
    blocks: readonly BlockEvents[],
    hooks: ReadonlyMap<number, HookRow>,
  ): Promise<Extract<PlanResult, { type: 'ready' }>> => {
    const pets = await store.loadPets(petIdsOf(blocks))
    const repairs = new Map<string, ReplicaPet>()
    for (let round = 0; round < MAX_REPAIR_ROUNDS; round++) {
      const result = planBatch({
        parent,
        blocks,
        pets,
        hooks,
        repairs,
        ...(options.targets === undefined ? {} : { targets: options.targets }),
      })
      if (result.type === 'ready') return result
      await readRepairs(result.gaps, repairs)
    }
    throw new SyncFault('REPAIR_FAILED', `gaps still open after ${MAX_REPAIR_ROUNDS} repair rounds`)
  }

  const readRepairs = async (gaps: readonly Gap[], into: Map<string, ReplicaPet>) => {
    for (const gap of gaps) {
      logger.warn('version gap: repairing the pet from chain state', {
        pet: gap.petId,
        block: gap.blockNumber,
        expected: gap.expected,
        found: gap.found,
      })
      const read = await reconnecting(() =>
        petsAt(options, [gap.petId], { hash: gap.blockHash, number: gap.blockNumber }),
      )
      const pet = read.get(gap.petId)
      if (pet === undefined)
        throw new SyncFault(
          'REPAIR_FAILED',
          `pet ${gap.petId} has events at block ${gap.blockNumber} but no state there`,
        )
      into.set(repairKey(gap.blockNumber, gap.petId), pet)
    }
  }

  const run = async (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return
    // Start-up may wait for a node that is down: an abort ends the wait.
    const starting = start()
    const started = await untilAborted(starting, signal)
    if (started === 'aborted') {
      starting.catch(() => undefined)
      return
    }
    let checkpoint = started
    let hooks = new Map((await store.hooks()).map(h => [h.id, h]))
    let finalized = checkpoint.number
    const heads = followFinalizedHeads(api.client, {
      from: checkpoint.number + 1,
      parentHash: checkpoint.hash,
      batchSize: batchBlocks,
      onFinalized: number => {
        finalized = Math.max(finalized, number)
      },
      onReconnect: error => onReconnect(error, checkpoint.number),
    })
    // One batch is fetched (headers and events) while the one before it is written.
    const fetchNext = async (): Promise<BlockEvents[]> => {
      const next = await heads.next()
      const headers: readonly BlockHeader[] = next.value
      const events = await reconnecting(
        () => api.eventsOf(headers.map(h => h.hash)),
        checkpoint.number,
      )
      // A block whose events went missing must not pass for a block without events.
      if (events.length !== headers.length)
        throw new ResponseFormatError(
          `asked for the events of ${headers.length} blocks, the node answered ${events.length}`,
        )
      return headers.map((h, i) => ({
        number: h.number,
        hash: h.hash,
        events: events[i] as BlockEvents['events'],
      }))
    }
    let pending = fetchNext()
    try {
      for (;;) {
        const blocks = await untilAborted(pending, signal)
        if (blocks === 'aborted') return
        pending = fetchNext()
        const result = await plan(checkpoint, blocks, hooks)
        await store.applyBatch(result.write)
        checkpoint = result.write.checkpoint
        hooks = result.hooks
        finalized = Math.max(finalized, checkpoint.number)
        for (const repair of result.write.repairs)
          logger.warn('gap repaired', { ...repair, metric: 'sync_gap_repairs_total' })
        options.onBatch?.({
          checkpoint,
          blocks: blocks.length,
          events: result.counts.events,
          applied: result.counts.applied,
          duplicates: result.counts.duplicates,
          repairs: result.write.repairs.length,
          finalized,
        })
      }
    } finally {
      // The prefetch may still be in flight; its outcome no longer matters.
      pending.catch(() => undefined)
      void heads.return(undefined as never).catch(() => undefined)
    }
  }

  return { run }
}

import type { AccountId } from '../../primitives/index.ts'
import type {
  AckStatus,
  BatchWrite,
  Checkpoint,
  DeliveryFilter,
  DeliveryRow,
  HookRow,
  Page,
  PetChangeRow,
  RepairRow,
  ReplicaPet,
  ReplicaStats,
} from '../types.ts'

/** The outcome of one delivery attempt. */
export type AttemptOutcome =
  | { readonly type: 'delivered'; readonly at: number }
  | { readonly type: 'retry'; readonly error: string; readonly nextAttemptAt: number }
  | { readonly type: 'dead'; readonly error: string }

/** Where to resume a pet's history: after this event. */
export interface HistoryPage {
  readonly after?: { readonly blockNumber: number; readonly eventIndex: number }
  readonly limit?: number
}

/**
 * The replica's store: one contract, one test suite (`test/sync-store-contract.test.ts`), two
 * adapters (SQLite for embedded use, PostgreSQL for scale). Every method validates rows it reads
 * back and throws `SyncStoreError('CORRUPT_ROW')` on one it cannot trust.
 *
 * The consistency contract rests on `applyBatch`: a batch's pets, history, hooks, deliveries and
 * checkpoint are written in one transaction, and only on top of the checkpoint it was planned
 * from, so every block takes effect exactly once however often a crashed process retries it.
 */
export interface SyncStore {
  /** `sqlite` or `postgres`, for logs and benchmarks. */
  readonly kind: 'sqlite' | 'postgres'

  // ── The follower's side ──────────────────────────────────────────────────────────────────
  /** The last applied block, or `undefined` for an empty replica. */
  checkpoint(): Promise<Checkpoint | undefined>
  /** The replica's rows of these pets (absent ids are left out). */
  loadPets(ids: readonly number[]): Promise<Map<number, ReplicaPet>>
  /** Every mirrored hook, by ascending id. */
  hooks(): Promise<HookRow[]>
  /**
   * Writes a batch in one transaction. Throws `SyncStoreError('CHECKPOINT_CONFLICT')`, writing
   * nothing, unless the stored checkpoint is still `write.parent`. History rows already present
   * (same block and event index) and deliveries already present (same hook and idempotency key)
   * are left as they are.
   */
  applyBatch(write: BatchWrite): Promise<void>

  // ── The read API ─────────────────────────────────────────────────────────────────────────
  pet(id: number): Promise<ReplicaPet | undefined>
  /** Pets by ascending id (`page.after` is an id). */
  pets(page?: Page): Promise<ReplicaPet[]>
  petsByOwner(owner: AccountId, page?: Page): Promise<ReplicaPet[]>
  /** Pets whose `initial_species` is exactly these bytes. */
  petsBySpecies(species: Uint8Array, page?: Page): Promise<ReplicaPet[]>
  /** Pets with any of `mask`'s sync flags set (default: any flag). */
  petsWithPendingFlags(mask?: number, page?: Page): Promise<ReplicaPet[]>
  /** A pet's history in chain order. */
  petHistory(petId: number, page?: HistoryPage): Promise<PetChangeRow[]>
  /** Gap repairs, oldest first (`page.after` counts rows). */
  repairs(page?: Page): Promise<RepairRow[]>
  stats(): Promise<ReplicaStats>

  // ── Hook delivery ────────────────────────────────────────────────────────────────────────
  /**
   * Pending deliveries due at `now` (unix ms), by ascending id, at most `limit`: only the oldest
   * pending delivery of each (hook, pet), so one hook sees one pet's changes in version order.
   */
  dueDeliveries(now: number, limit: number): Promise<DeliveryRow[]>
  /**
   * Records an attempt: delivered (acknowledgement then due if the delivery asks for one), retry
   * later, or dead-lettered. Only a pending delivery changes; for any other this does nothing.
   */
  recordAttempt(id: number, outcome: AttemptOutcome): Promise<void>
  /** Delivered deliveries whose acknowledgement is due, by ascending id. */
  pendingAcks(limit: number): Promise<DeliveryRow[]>
  /** Sets the acknowledgement status of deliveries; `error`, when given, replaces `lastError`. */
  setAckStatus(ids: readonly number[], status: AckStatus, error?: string): Promise<void>
  /** Deliveries matching `filter`, by ascending id. */
  deliveries(filter?: DeliveryFilter): Promise<DeliveryRow[]>
  /**
   * Puts dead-lettered deliveries (all, or one hook's) back to pending with no attempts counted,
   * due now; returns how many.
   */
  retryDead(hookId?: number): Promise<number>

  /** Closes the connection; further calls throw `SyncStoreError('STORE_CLOSED')`. */
  close(): Promise<void>
}

import type { AccountId } from '../primitives/index.ts'
import type { PetNft, StateChangeType } from '../runtime/index.ts'

/** The last block whose events the replica holds: everything up to it is applied, nothing after. */
export interface Checkpoint {
  readonly number: number
  readonly hash: Uint8Array
}

/** A pet as the replica holds it: the chain's `PetNft`, its owner, whether it is locked. */
export interface ReplicaPet {
  /** Exactly the chain's `PetNfts[id]` (so `verify` compares SCALE bytes). */
  readonly pet: PetNft
  readonly owner: AccountId
  readonly locked: boolean
  /** The block whose events last changed this row (an acknowledgement counts; a no-op does not). */
  readonly updatedAtBlock: number
}

/** One CritterNfts event about a pet: the full history, one row per event. */
export interface PetChangeRow {
  readonly blockNumber: number
  /** The event's index in the block's `System.Events`. */
  readonly eventIndex: number
  readonly petId: number
  /** The pet's version the event reports (after the change it describes). */
  readonly version: number
  /** The event's name: `PetNftMinted`, `PetFed`, `PetStateSynchronized`, … */
  readonly changeType: string
  /** The event's fields as JSON (bytes as 0x-hex, absent options as null). */
  readonly payload: string
}

/** A registered sync hook, mirrored from `SyncHookRegistry`. */
export interface HookRow {
  readonly id: number
  readonly account: AccountId
  readonly interests: number
  readonly priority: number
  readonly enabled: boolean
  readonly lastExecution: number
  readonly executionCount: number
}

/** Where a delivery stands. */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead'

/** What became of the on-chain acknowledgement of a delivered change. */
export type AckStatus =
  /** The hook does not acknowledge, or the delivery is not done yet. */
  | 'none'
  /** Delivered; `acknowledge_sync` is due. */
  | 'pending'
  /** `acknowledge_sync` landed and cleared the flag. */
  | 'acked'
  /** The pet moved on before the acknowledgement; the newer change's delivery acknowledges. */
  | 'superseded'
  /** `acknowledge_sync` failed (the reason is in `lastError`). */
  | 'failed'

/** A change for one hook, written in the same transaction as the block that made it (an outbox). */
export interface NewDelivery {
  readonly hookId: number
  readonly petId: number
  readonly version: number
  readonly changeType: StateChangeType
  /** `<pet>:<version>:<changeType>`: the same for every hook; JetStream's message id. */
  readonly idempotencyKey: string
  readonly blockNumber: number
  readonly eventIndex: number
  /** The hook's priority when the change happened: higher is delivered first. */
  readonly priority: number
  /** The JSON body subscribers receive. */
  readonly payload: string
  /** Whether the hook acknowledges on chain once delivered. */
  readonly ack: boolean
}

/** A delivery as stored, with its progress. */
export interface DeliveryRow extends NewDelivery {
  /** Ascending in the order deliveries were created (chain order, then priority). */
  readonly id: number
  readonly status: DeliveryStatus
  readonly attempts: number
  /** Unix ms before which the next attempt must not start. */
  readonly nextAttemptAt: number
  readonly lastError: string | undefined
  /** Unix ms of the successful attempt. */
  readonly deliveredAt: number | undefined
  readonly ackStatus: AckStatus
}

/** A gap found and repaired: the replica had `expected - 1`, an event said `found`. */
export interface RepairRow {
  readonly blockNumber: number
  readonly petId: number
  /** The version the replica expected next (its version + 1). */
  readonly expected: number
  /** The version the event carried. */
  readonly found: number
  /** The pet's version after the repair, read from the chain at that block. */
  readonly repairedTo: number
}

/**
 * Everything one batch of blocks changes in the replica, written in one database transaction
 * together with the new checkpoint.
 */
export interface BatchWrite {
  /** The checkpoint the batch builds on (`undefined`: the replica is empty). */
  readonly parent: Checkpoint | undefined
  readonly checkpoint: Checkpoint
  /** The final state of every pet the batch changed. */
  readonly pets: readonly ReplicaPet[]
  /** History rows, in chain order. */
  readonly changes: readonly PetChangeRow[]
  /** Hooks registered or changed (final state). */
  readonly hooks: readonly HookRow[]
  /** Hooks unregistered. */
  readonly removedHooks: readonly number[]
  readonly deliveries: readonly NewDelivery[]
  readonly repairs: readonly RepairRow[]
}

/** A page of a listing: at most `limit` rows after the row `after` (an id or a sequence number). */
export interface Page {
  readonly after?: number
  readonly limit?: number
}

/** Which deliveries to list. */
export interface DeliveryFilter extends Page {
  readonly hookId?: number
  readonly petId?: number
  readonly status?: DeliveryStatus
}

/** Counters of what the replica has seen, for status output and metrics. */
export interface ReplicaStats {
  readonly pets: number
  readonly changes: number
  readonly hooks: number
  readonly repairs: number
  readonly deliveries: Readonly<Record<DeliveryStatus, number>>
}

import { CodedFault } from '../primitives/index.ts'

/** Why a replica store refused or failed an operation. */
export type SyncStoreErrorCode =
  /** The replica's checkpoint is not the one a batch was planned on (another writer, or a retry). */
  | 'CHECKPOINT_CONFLICT'
  /** A row read back does not have the shape the schema promises. */
  | 'CORRUPT_ROW'
  /** The database holds a schema newer than this code knows. */
  | 'SCHEMA_TOO_NEW'
  /** The store was used after `close()`. */
  | 'STORE_CLOSED'
  /** The `--db` location is not `sqlite:PATH` or `postgres://…`. */
  | 'INVALID_LOCATION'

/** A fault of the replica store. */
export class SyncStoreError extends CodedFault<SyncStoreErrorCode> {
  override readonly name = 'SyncStoreError'
}

/** Why the sync service stopped. */
export type SyncFaultCode =
  /** The replica belongs to another chain (its checkpoint's hash is not the node's at that number). */
  | 'CHAIN_MISMATCH'
  /** Options or a hook configuration failed validation. */
  | 'INVALID_OPTIONS'
  /** A gap could not be repaired: the chain has no such pet at that block. */
  | 'REPAIR_FAILED'
  /** The service was used after `close()`. */
  | 'SYNC_CLOSED'

/** A fault of the sync service. */
export class SyncFault extends CodedFault<SyncFaultCode> {
  override readonly name = 'SyncFault'
}

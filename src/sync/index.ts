// Public surface of src/sync: the off-chain replica of the chain's pets, kept by following
// finalized blocks, with a read API and hook delivery.
export { type ChainSource, hooksAt, petPagesAt, petsAt } from './chain-state.ts'
export {
  type AckConfig,
  type Acknowledger,
  type AcknowledgerOptions,
  type AckScheme,
  type AckSummary,
  ackSigners,
  createAcknowledger,
  createDeliveryWorker,
  createJetStreamTransport,
  createTransports,
  createWebhookTransport,
  DEFAULT_RETRY,
  type DeliveryResult,
  type DeliveryTransport,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
  type DrainSummary,
  deliveryBody,
  deliveryTargets,
  type HookConfig,
  type HookEndpoint,
  type HookTargetConfig,
  loadHookConfig,
  type NatsEndpoint,
  parseHookConfig,
  type RetryPolicy,
  type SignerProblem,
  signWebhook,
  type TransportSet,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
  type WebhookEndpoint,
} from './delivery/index.ts'
export {
  SyncFault,
  type SyncFaultCode,
  SyncStoreError,
  type SyncStoreErrorCode,
} from './errors.ts'
export { type Json, toJson } from './event-json.ts'
export {
  type BlockEvents,
  type DeliveryTarget,
  type Gap,
  type PlanCounts,
  type PlanInput,
  type PlanResult,
  petIdsOf,
  planBatch,
  repairKey,
  VERSION_BUMPS,
} from './plan.ts'
export {
  type AttemptOutcome,
  DEFAULT_PAGE_LIMIT,
  type HistoryPage,
  MAX_PAGE_LIMIT,
  openPostgresStore,
  openSqliteStore,
  openSyncStore,
  type PostgresStoreOptions,
  type SqliteStoreOptions,
  type SyncStore,
} from './store/index.ts'
export {
  createSync,
  type SyncOptions,
  type SyncProgress,
  type SyncService,
} from './sync-service.ts'
export { createSyncWithHooks, type SyncWithHooksOptions } from './sync-with-hooks.ts'
export type {
  AckStatus,
  BatchWrite,
  Checkpoint,
  DeliveryFilter,
  DeliveryRow,
  DeliveryStatus,
  HookRow,
  NewDelivery,
  Page,
  PetChangeRow,
  RepairRow,
  ReplicaPet,
  ReplicaStats,
} from './types.ts'
export { type Difference, type VerifyOptions, type VerifyReport, verifyReplica } from './verify.ts'

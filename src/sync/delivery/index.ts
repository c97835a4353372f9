// Public surface of src/sync/delivery: the hook config, the transports (webhook, NATS JetStream),
// the delivery worker over the store's outbox, and the on-chain acknowledger.
export { type AckScheme, signerKeypair } from './ack-signer.ts'
export {
  type Acknowledger,
  type AcknowledgerOptions,
  type AckSummary,
  createAcknowledger,
  type SignerProblem,
  STALE_ACK,
} from './acknowledger.ts'
export { deliveryBody } from './delivery-body.ts'
export {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
  type DrainSummary,
  retryDelay,
} from './delivery-worker.ts'
export {
  type AckConfig,
  ackSigners,
  DEFAULT_RETRY,
  deliveryTargets,
  type HookConfig,
  type HookEndpoint,
  type HookTargetConfig,
  loadHookConfig,
  type NatsEndpoint,
  parseHookConfig,
  type RetryPolicy,
  type WebhookEndpoint,
} from './hook-config.ts'
export {
  createJetStreamTransport,
  createNatsConnections,
  type JetStreamTransportOptions,
  type NatsConnections,
} from './jetstream.ts'
export { createPassLoop, type PassLoop, type PassLoopOptions } from './pass-loop.ts'
export type { DeliveryResult, DeliveryTransport } from './transport.ts'
export { createTransports, type TransportSet } from './transports.ts'
export {
  createWebhookTransport,
  signWebhook,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
  type WebhookTransportOptions,
} from './webhook.ts'

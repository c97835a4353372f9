import type { DeliveryRow } from '../types.ts'

/** What one attempt to hand a change to a hook's endpoint came to. */
export type DeliveryResult =
  | { readonly type: 'delivered' }
  /** `reason` is for logs and the delivery's `lastError`: what failed, in a line. */
  | { readonly type: 'failed'; readonly reason: string }

/**
 * Hands deliveries to one hook's endpoint (a webhook, a JetStream subject). A transport never
 * throws for a failed attempt: it returns `failed` with a reason, and the worker retries.
 */
export interface DeliveryTransport {
  /** `webhook` or `nats`, for logs. */
  readonly kind: 'webhook' | 'nats'
  /** One attempt; `signal` aborts it when the worker stops. */
  deliver(delivery: DeliveryRow, signal?: AbortSignal): Promise<DeliveryResult>
  /** Releases connections; further deliveries fail. */
  close(): Promise<void>
}

import type { HookConfig } from './hook-config.ts'
import { createJetStreamTransport, createNatsConnections } from './jetstream.ts'
import type { DeliveryTransport } from './transport.ts'
import { createWebhookTransport } from './webhook.ts'

/** Every configured hook's transport, and the connections behind them. */
export interface TransportSet {
  /** By hook id: what `createDeliveryWorker` takes. */
  readonly transports: ReadonlyMap<number, DeliveryTransport>
  /** Closes every transport and NATS connection. */
  close(): Promise<void>
}

/**
 * The transport of every hook in the config: a webhook transport per webhook endpoint, and a
 * JetStream transport per NATS endpoint, hooks with the same servers sharing one connection.
 * Connections open on first delivery, so a NATS server that is down delays only its own hooks.
 *
 * @example
 * const { transports, close } = createTransports(await loadHookConfig('./hooks.json'))
 * const worker = createDeliveryWorker({ store, transports, retry: config.retry })
 */
export const createTransports = (config: HookConfig): TransportSet => {
  const connections = createNatsConnections()
  const transports = new Map<number, DeliveryTransport>()
  const { timeoutMs } = config.retry
  for (const { id, endpoint } of config.hooks) {
    transports.set(
      id,
      endpoint.type === 'webhook'
        ? createWebhookTransport({ url: endpoint.url, secret: endpoint.secret, timeoutMs })
        : createJetStreamTransport({
            servers: endpoint.servers,
            subject: endpoint.subject,
            ...(endpoint.stream === undefined ? {} : { stream: endpoint.stream }),
            ...(endpoint.duplicateWindowMs === undefined
              ? {}
              : { duplicateWindowMs: endpoint.duplicateWindowMs }),
            timeoutMs,
            connections,
          }),
    )
  }
  return {
    transports,
    async close() {
      await Promise.all([...transports.values()].map(t => t.close()))
      await connections.close()
    },
  }
}

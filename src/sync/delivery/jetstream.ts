import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream'
import {
  connect,
  headers,
  type NatsConnection,
  NoRespondersError,
  nanos,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node'
import { deliveryBody } from './delivery-body.ts'
import { reasonOf } from './failure-reason.ts'
import type { DeliveryTransport } from './transport.ts'

/** JetStream's answer when a stream name is taken: someone created it while we looked. */
const STREAM_NAME_IN_USE = 10058

/** Whether a publish found no stream to answer: the client reports it as JetStream disabled. */
const isNoResponders = (error: unknown): boolean => {
  const cause = error instanceof Error ? error.cause : undefined
  return [error, cause].some(
    e => e instanceof NoRespondersError || (e instanceof RequestError && e.isNoResponders()),
  )
}

/** NATS connections shared by every JetStream transport: one per distinct servers list. */
export interface NatsConnections {
  /** The connection to `servers`, opened on first use; a failed open is retried on the next call. */
  get(servers: readonly string[], timeoutMs: number): Promise<NatsConnection>
  /** Closes every connection. */
  close(): Promise<void>
}

/**
 * A pool of NATS connections keyed by their servers list (order ignored). Each connection
 * reconnects by itself after a drop; publishes made meanwhile fail and are retried by the worker.
 *
 * @example
 * const connections = createNatsConnections()
 * const transport = createJetStreamTransport({ servers, subject, timeoutMs: 10_000, connections })
 * // ...
 * await connections.close()
 */
export const createNatsConnections = (): NatsConnections => {
  const open = new Map<string, Promise<NatsConnection>>()
  let closed = false
  return {
    get(servers, timeoutMs) {
      if (closed) return Promise.reject(new RequestError('NATS connections closed'))
      const key = [...servers].sort().join(',')
      let connection = open.get(key)
      if (connection === undefined) {
        connection = connect({
          servers: [...servers],
          name: 'critter-sync',
          timeout: timeoutMs,
          maxReconnectAttempts: -1,
        })
        open.set(key, connection)
        // Forget a failed open so that the next delivery tries again.
        connection.catch(() => {
          if (open.get(key) === connection) open.delete(key)
        })
      }
      return connection
    },
    async close() {
      closed = true
      const all = [...open.values()]
      open.clear()
      await Promise.all(all.map(c => c.then(nc => nc.close()).catch(() => {})))
    },
  }
}

/** Options of `createJetStreamTransport`. */
export interface JetStreamTransportOptions {
  /** The NATS servers (`nats://host:port`, `tls://host:port` or `host:port`). */
  readonly servers: readonly string[]
  /** The subject each change is published to. */
  readonly subject: string
  /** A stream to create with subjects `[subject]` when it does not exist. */
  readonly stream?: string
  /** The created stream's duplicate window (default JetStream's, 2 minutes). */
  readonly duplicateWindowMs?: number
  /** How long to wait for the connection and for each PubAck. */
  readonly timeoutMs: number
  /** Shared connections; by default the transport opens its own and closes it on `close()`. */
  readonly connections?: NatsConnections
}

/**
 * A transport that publishes each delivery's JSON (`deliveryBody`) to a JetStream subject with
 * the idempotency key as message id (`Nats-Msg-Id`), so that the stream drops a redelivery within
 * its duplicate window (a crash between publish and recording the attempt, a retry after a lost
 * PubAck). A PubAck marked duplicate counts as delivered. Headers `Critter-Hook-Id`,
 * `Critter-Pet-Id`, `Critter-Version` and `Critter-Change-Type` let consumers filter without
 * parsing.
 *
 * Hooks that publish into one stream share its dedup: each change is stored once.
 *
 * @example
 * const transport = createJetStreamTransport({
 *   servers: ['nats://127.0.0.1:4222'], subject: 'critter.pets', stream: 'CRITTER', timeoutMs: 10_000,
 * })
 * await transport.deliver(row) // { type: 'delivered' }
 */
export const createJetStreamTransport = (options: JetStreamTransportOptions): DeliveryTransport => {
  const { servers, subject, stream, timeoutMs } = options
  const own = options.connections === undefined
  const connections = options.connections ?? createNatsConnections()
  let client: { nc: NatsConnection; js: JetStreamClient } | undefined
  let streamReady = stream === undefined
  let closed = false

  const ensureStream = async (nc: NatsConnection, name: string): Promise<void> => {
    const jsm = await jetstreamManager(nc, { timeout: timeoutMs })
    try {
      await jsm.streams.info(name)
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound))
        throw error
      try {
        await jsm.streams.add({
          name,
          subjects: [subject],
          ...(options.duplicateWindowMs === undefined
            ? {}
            : { duplicate_window: nanos(options.duplicateWindowMs) }),
        })
      } catch (addError) {
        if (!(addError instanceof JetStreamApiError && addError.code === STREAM_NAME_IN_USE))
          throw addError
      }
    }
  }

  const ready = async (): Promise<JetStreamClient> => {
    const nc = await connections.get(servers, timeoutMs)
    // A closed connection (closed by the pool, or given up) is replaced on the next call.
    if (client === undefined || client.nc !== nc)
      client = { nc, js: jetstream(nc, { timeout: timeoutMs }) }
    if (!streamReady && stream !== undefined) {
      await ensureStream(nc, stream)
      streamReady = true
    }
    return client.js
  }

  return {
    kind: 'nats',
    async deliver(delivery) {
      if (closed) return { type: 'failed', reason: 'transport closed' }
      let js: JetStreamClient
      try {
        js = await ready()
      } catch (error) {
        return {
          type: 'failed',
          reason: `cannot reach JetStream at ${servers.join(', ')}: ${reasonOf(error)}`,
        }
      }
      const h = headers()
      h.set('Critter-Hook-Id', String(delivery.hookId))
      h.set('Critter-Pet-Id', String(delivery.petId))
      h.set('Critter-Version', String(delivery.version))
      h.set('Critter-Change-Type', delivery.changeType)
      try {
        // A PubAck with `duplicate: true` means the stream already holds this change: delivered.
        await js.publish(subject, deliveryBody(delivery), {
          msgID: delivery.idempotencyKey,
          timeout: timeoutMs,
          headers: h,
        })
        return { type: 'delivered' }
      } catch (error) {
        if (isNoResponders(error))
          return {
            type: 'failed',
            reason: `no JetStream stream takes subject ${subject} (or JetStream is not enabled)`,
          }
        if (error instanceof TimeoutError)
          return { type: 'failed', reason: `no PubAck within ${timeoutMs} ms` }
        return { type: 'failed', reason: `publish to ${subject} failed: ${reasonOf(error)}` }
      }
    },
    async close() {
      closed = true
      if (own) await connections.close()
    },
  }
}

import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { initCrypto, type Keypair } from '../../primitives/index.ts'
import { SyncFault } from '../errors.ts'
import type { DeliveryTarget } from '../plan.ts'
import { type AckScheme, signerKeypair } from './ack-signer.ts'

/** POST each change as JSON to `url`, signed with HMAC-SHA256 of `secret` (see `webhook.ts`). */
export interface WebhookEndpoint {
  readonly type: 'webhook'
  /** An `http://` or `https://` URL. */
  readonly url: string
  /** The HMAC-SHA256 key the receiver checks `x-critter-signature` with. */
  readonly secret: string
}

/** Publish each change to a NATS JetStream subject, with the idempotency key as message id. */
export interface NatsEndpoint {
  readonly type: 'nats'
  /** `nats://host:port`, `tls://host:port` or `host:port`; hooks with the same list share a connection. */
  readonly servers: readonly string[]
  readonly subject: string
  /** A stream to create (subjects `[subject]`) when it does not exist; absent: it must exist. */
  readonly stream?: string
  /** The created stream's duplicate window (default JetStream's, 2 minutes). */
  readonly duplicateWindowMs?: number
}

/** Where a hook's deliveries go. */
export type HookEndpoint = WebhookEndpoint | NatsEndpoint

/** How a hook acknowledges delivered changes on chain (`acknowledge_sync`). */
export interface AckConfig {
  readonly scheme: AckScheme
  /** The key derived from the config's `signer`; its public key must be the hook's account. */
  readonly keypair: Keypair
}

/** One registered hook's endpoint. */
export interface HookTargetConfig {
  /** The hook's id in `SyncHookRegistry`. */
  readonly id: number
  readonly endpoint: HookEndpoint
  /** Present: acknowledge each delivered change on chain. */
  readonly ack?: AckConfig
}

/** How failed deliveries are retried. */
export interface RetryPolicy {
  /** Delay after the first failure; it doubles after each further one. */
  readonly initialMs: number
  /** Upper bound of a delay. */
  readonly maxMs: number
  /** Attempts before a delivery is dead-lettered. */
  readonly maxAttempts: number
  /** How long one attempt may take (HTTP response, JetStream PubAck). */
  readonly timeoutMs: number
}

/** A validated hook config. */
export interface HookConfig {
  readonly hooks: readonly HookTargetConfig[]
  readonly retry: RetryPolicy
}

/** 500 ms doubling to at most 1 min, 8 attempts (about 2 minutes in all), 10 s per attempt. */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  initialMs: 500,
  maxMs: 60_000,
  maxAttempts: 8,
  timeoutMs: 10_000,
})

const U32_MAX = 0xffff_ffff
const DAY_MS = 86_400_000

const natsServer = z.string().refine(
  s => {
    try {
      const url = new URL(/^[a-z]+:\/\//.test(s) ? s : `nats://${s}`)
      return (url.protocol === 'nats:' || url.protocol === 'tls:') && url.hostname !== ''
    } catch {
      return false
    }
  },
  { error: 'must be nats://host:port, tls://host:port or host:port' },
)

const WebhookSchema = z.strictObject({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  secret: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
})

const NatsSchema = z.strictObject({
  type: z.literal('nats'),
  servers: z.array(natsServer).min(1, { error: 'must list at least one server' }),
  // Publishing needs a literal subject: tokens without whitespace or wildcards.
  subject: z
    .string()
    .regex(/^[^\s.*>]+(\.[^\s.*>]+)*$/, { error: 'must be a NATS subject without wildcards' }),
  stream: z
    .string()
    .regex(/^[^\s.*>/\\]+$/, { error: 'must be a stream name (no spaces, ., *, >, / or \\)' })
    .optional(),
  duplicateWindowMs: z.number().int().min(1000).max(DAY_MS).optional(),
})

const HookSchema = z.strictObject({
  id: z.number().int().min(0).max(U32_MAX),
  endpoint: z.discriminatedUnion('type', [WebhookSchema, NatsSchema], {
    error: 'type must be "webhook" or "nats"',
  }),
  ack: z
    .strictObject({
      signer: z.string().min(1, { error: 'must not be empty' }),
      scheme: z.enum(['sr25519', 'ed25519']).default('sr25519'),
    })
    .optional(),
})

const ms = z.number().int().min(1).max(DAY_MS)

const HookConfigSchema = z.strictObject({
  hooks: z.array(HookSchema).superRefine((hooks, ctx) => {
    const seen = new Set<number>()
    hooks.forEach((hook, i) => {
      if (seen.has(hook.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `hook ${hook.id} appears twice` })
      seen.add(hook.id)
    })
    // Message ids are per change, not per hook: two subjects in one stream would see one copy.
    const streams = new Map<string, string>()
    hooks.forEach((hook, i) => {
      const e = hook.endpoint
      if (e.type !== 'nats' || e.stream === undefined) return
      const key = `${[...e.servers].sort().join(',')}|${e.stream}`
      const subject = streams.get(key)
      if (subject !== undefined && subject !== e.subject)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'endpoint', 'stream'],
          message: `another hook publishes to stream ${e.stream} on subject ${subject}; JetStream would drop one copy of each change as a duplicate (give each hook its own stream)`,
        })
      streams.set(key, e.subject)
    })
  }),
  retry: z
    .strictObject({
      initialMs: ms.default(DEFAULT_RETRY.initialMs),
      maxMs: ms.default(DEFAULT_RETRY.maxMs),
      maxAttempts: z.number().int().min(1).max(1000).default(DEFAULT_RETRY.maxAttempts),
      timeoutMs: ms.default(DEFAULT_RETRY.timeoutMs),
    })
    .refine(r => r.initialMs <= r.maxMs, { error: 'must be at most maxMs', path: ['initialMs'] })
    .prefault({}),
})

/** `['hooks', 1, 'endpoint', 'url']` as `hooks[1].endpoint.url`. */
const fieldName = (path: readonly PropertyKey[]): string =>
  path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('') || '(root)'

/**
 * Validates a hook config (already parsed from JSON) and derives each hook's acknowledgement key.
 * `source` names the file in errors.
 *
 * Throws `SyncFault('INVALID_OPTIONS')` naming the first bad field: an unknown field, a duplicate
 * hook id, a URL that is not http(s), an empty secret, a signer that does not derive (the
 * message never repeats secrets).
 *
 * @example
 * const config = await parseHookConfig({ hooks: [{ id: 0, endpoint: { type: 'webhook', url, secret } }] })
 */
export const parseHookConfig = async (
  input: unknown,
  source = 'hook config',
): Promise<HookConfig> => {
  const parsed = HookConfigSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = [...(issue?.path ?? [])]
    // An unknown field is reported at its parent; name the field itself.
    if (issue?.code === 'unrecognized_keys') path.push(issue.keys[0] ?? '')
    const message = issue?.code === 'unrecognized_keys' ? 'unknown field' : issue?.message
    throw new SyncFault('INVALID_OPTIONS', `${source}: ${fieldName(path)}: ${message ?? 'invalid'}`)
  }
  await initCrypto()
  const hooks = parsed.data.hooks.map((hook, i): HookTargetConfig => {
    const e = hook.endpoint
    const endpoint: HookEndpoint =
      e.type === 'webhook'
        ? { type: 'webhook', url: e.url, secret: e.secret }
        : {
            type: 'nats',
            servers: e.servers,
            subject: e.subject,
            ...(e.stream === undefined ? {} : { stream: e.stream }),
            ...(e.duplicateWindowMs === undefined
              ? {}
              : { duplicateWindowMs: e.duplicateWindowMs }),
          }
    if (hook.ack === undefined) return { id: hook.id, endpoint }
    let keypair: Keypair
    try {
      keypair = signerKeypair(hook.ack.signer, hook.ack.scheme)
    } catch (cause) {
      const reason = cause instanceof SyncFault ? cause.message : 'does not derive a key'
      throw new SyncFault('INVALID_OPTIONS', `${source}: hooks[${i}].ack.signer: ${reason}`, {
        cause,
      })
    }
    return { id: hook.id, endpoint, ack: { scheme: hook.ack.scheme, keypair } }
  })
  return { hooks, retry: parsed.data.retry }
}

/**
 * Reads and validates the hook config file at `path`:
 *
 * ```json
 * {
 *   "hooks": [
 *     { "id": 0,
 *       "endpoint": { "type": "webhook", "url": "https://example.com/critter", "secret": "…" },
 *       "ack": { "signer": "//Alice", "scheme": "sr25519" } },
 *     { "id": 1,
 *       "endpoint": { "type": "nats", "servers": ["nats://127.0.0.1:4222"],
 *                     "subject": "critter.pets", "stream": "CRITTER" } }
 *   ],
 *   "retry": { "initialMs": 500, "maxMs": 60000, "maxAttempts": 8, "timeoutMs": 10000 }
 * }
 * ```
 *
 * `retry` and each of its fields are optional (`DEFAULT_RETRY`); `ack` is optional per hook
 * (`signer`: `//Name`, a phrase with `//junctions`, or a `0x` 32-byte seed; `scheme` defaults to
 * sr25519). Throws `SyncFault('INVALID_OPTIONS')` naming the file and the bad field.
 *
 * @example
 * const config = await loadHookConfig('./hooks.json')
 * const targets = deliveryTargets(config) // for planBatch
 */
export const loadHookConfig = async (path: string): Promise<HookConfig> => {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new SyncFault('INVALID_OPTIONS', `${path}: cannot read the hook config: ${reason}`, {
      cause,
    })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new SyncFault('INVALID_OPTIONS', `${path}: not JSON: ${reason}`, { cause })
  }
  return parseHookConfig(json, path)
}

/**
 * The hooks that get deliveries, for `planBatch`'s `targets`: every configured hook, acknowledging
 * when its config has `ack`.
 *
 * @example planBatch({ ...input, targets: deliveryTargets(config) })
 */
export const deliveryTargets = (config: HookConfig): Map<number, DeliveryTarget> =>
  new Map(config.hooks.map(hook => [hook.id, { ack: hook.ack !== undefined }]))

/**
 * The acknowledgement key of every hook that acknowledges, by hook id: what `createAcknowledger`
 * signs with.
 *
 * @example createAcknowledger({ store, client, signers: ackSigners(config) })
 */
export const ackSigners = (config: HookConfig): Map<number, Keypair> => {
  const signers = new Map<number, Keypair>()
  for (const hook of config.hooks)
    if (hook.ack !== undefined) signers.set(hook.id, hook.ack.keypair)
  return signers
}

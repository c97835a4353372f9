// JSON shapes on the wire: the JSON-RPC envelope and the result types the methods return. Field
// names and encodings are Substrate's (serde, lower camel case) because the clients decode them
// by name. The server trusts results from its own handlers; the client validates with these.
import { z } from 'zod'

const HEX_RE = /^0x(?:[0-9a-fA-F]{2})*$/
const HASH_RE = /^0x[0-9a-fA-F]{64}$/

/** `0x`-prefixed hex of whole bytes (`"0x"` is empty bytes). */
export const HexJson = z.string().regex(HEX_RE, 'expected 0x-prefixed hex of whole bytes')
/** A 32-byte hash as `0x` + 64 hex digits. */
export const HashJson = z.string().regex(HASH_RE, 'expected a 32-byte 0x-hex hash')

/** `chain_getHeader`, `chain_newHead` and friends: hashes in hex, the number as hex. */
export const HeaderJson = z.object({
  parentHash: HashJson,
  number: z.string().regex(/^0x[0-9a-fA-F]+$/),
  stateRoot: HashJson,
  extrinsicsRoot: HashJson,
  digest: z.object({ logs: z.array(HexJson).readonly() }).readonly(),
})
/** A header as JSON (each digest log is its own SCALE `DigestItem`). */
export type HeaderJson = z.infer<typeof HeaderJson>

/** `chain_getBlock`: `SignedBlock` (we have no justifications). */
export const SignedBlockJson = z.object({
  block: z.object({ header: HeaderJson, extrinsics: z.array(HexJson).readonly() }).readonly(),
  justifications: z.null(),
})
/** A block with its extrinsics as hex (each with its compact length prefix). */
export type SignedBlockJson = z.infer<typeof SignedBlockJson>

/** `state_getRuntimeVersion`: `apis` pairs an 8-byte api id with its version. */
export const RuntimeVersionJson = z.object({
  specName: z.string(),
  implName: z.string(),
  authoringVersion: z.number().int(),
  specVersion: z.number().int(),
  implVersion: z.number().int(),
  apis: z.array(z.tuple([HexJson, z.number().int()]).readonly()).readonly(),
  transactionVersion: z.number().int(),
  stateVersion: z.number().int(),
})
/** The runtime version as JSON. */
export type RuntimeVersionJson = z.infer<typeof RuntimeVersionJson>

/** `state_queryStorageAt` entries and `state_storage` notifications. */
export const StorageChangeSetJson = z.object({
  block: HashJson,
  changes: z.array(z.tuple([HexJson, HexJson.nullable()]).readonly()).readonly(),
})
/** The values of some keys at one block (`null` = absent). */
export type StorageChangeSetJson = z.infer<typeof StorageChangeSetJson>

/** `author_extrinsicUpdate` payloads (`TransactionStatus`, serde lower camel case). */
export const ExtrinsicStatusJson = z.union([
  z.literal('future'),
  z.literal('ready'),
  z.literal('dropped'),
  z.literal('invalid'),
  z.object({ broadcast: z.array(z.string()).readonly() }),
  z.object({ inBlock: HashJson }),
  z.object({ retracted: HashJson }),
  z.object({ finalityTimeout: HashJson }),
  z.object({ finalized: HashJson }),
  z.object({ usurped: HashJson }),
])
/** A transaction's status: `ready` → `{inBlock}` → `{finalized}` on the happy path. */
export type ExtrinsicStatusJson = z.infer<typeof ExtrinsicStatusJson>

/** `system_health`. */
export const HealthJson = z.object({
  peers: z.number().int(),
  isSyncing: z.boolean(),
  shouldHavePeers: z.boolean(),
})
/** Node health as JSON. */
export type HealthJson = z.infer<typeof HealthJson>

/** `system_chainType` (`sc_chain_spec::ChainType`). */
export const ChainTypeJson = z.union([
  z.literal('Development'),
  z.literal('Local'),
  z.literal('Live'),
  z.object({ Custom: z.string() }),
])
/** The chain type as JSON. */
export type ChainTypeJson = z.infer<typeof ChainTypeJson>

/** `system_properties`: a free-form JSON object (`ss58Format`, `tokenDecimals`, `tokenSymbol`). */
export const PropertiesJson = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
)
/** Chain properties as JSON. */
export type PropertiesJson = z.infer<typeof PropertiesJson>

/** `system_peers` entries (`sc_rpc_api::system::PeerInfo`); a single-authority node has none. */
export const PeerInfoJson = z.object({
  peerId: z.string(),
  roles: z.string(),
  bestHash: HashJson,
  bestNumber: z.number().int(),
})
/** A connected peer as JSON. */
export type PeerInfoJson = z.infer<typeof PeerInfoJson>

/** `rpc_methods`. */
export const RpcMethodsJson = z.object({
  version: z.literal(1),
  methods: z.array(z.string()).readonly(),
})
/** The method list as JSON. */
export type RpcMethodsJson = z.infer<typeof RpcMethodsJson>

/**
 * `payment_queryInfo` (`RuntimeDispatchInfo<Balance, Weight>`): `weight` keeps `sp_weights`'
 * snake-case field names, `partialFee` is a decimal string.
 */
export const RuntimeDispatchInfoJson = z.object({
  weight: z.object({ ref_time: z.number().int(), proof_size: z.number().int() }),
  class: z.union([z.literal('normal'), z.literal('operational'), z.literal('mandatory')]),
  partialFee: z.string().regex(/^\d+$/),
})
/** Fee information as JSON. */
export type RuntimeDispatchInfoJson = z.infer<typeof RuntimeDispatchInfoJson>

/** How blocks are sealed (`dev_setSealMode`, `--seal`). */
export const SealMode = z.union([z.literal('instant'), z.literal('interval'), z.literal('manual')])
/** A seal mode. */
export type SealMode = z.infer<typeof SealMode>

// ---- the JSON-RPC 2.0 envelope ----

/** A request id: a string, a number, or `null`. */
export const JsonRpcId = z.union([z.string(), z.number(), z.null()])
/** A request id. */
export type JsonRpcId = z.infer<typeof JsonRpcId>

/** A request (with `id`) or a notification (without). Params are positional or named. */
export const JsonRpcRequest = z.object({
  jsonrpc: z.literal('2.0'),
  id: JsonRpcId.optional(),
  method: z.string(),
  params: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
})
/** A request as received. */
export type JsonRpcRequest = z.infer<typeof JsonRpcRequest>

const ErrorObject = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
})

/** A response: exactly one of `result` and `error`. */
export const JsonRpcResponse = z.union([
  z.object({ jsonrpc: z.literal('2.0'), id: JsonRpcId, result: z.unknown() }),
  z.object({ jsonrpc: z.literal('2.0'), id: JsonRpcId, error: ErrorObject }),
])
/** A response as sent. */
export type JsonRpcResponse = z.infer<typeof JsonRpcResponse>

/** A subscription notification: `params.subscription` is the id the subscribe call returned. */
export const JsonRpcNotification = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: z.object({ subscription: z.union([z.string(), z.number()]), result: z.unknown() }),
})
/** A notification as sent. */
export type JsonRpcNotification = z.infer<typeof JsonRpcNotification>

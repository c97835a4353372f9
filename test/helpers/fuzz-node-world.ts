// What the node fuzzer's case generators know: the chain as served before the cases (nothing may
// change it), the answers that never change, the extrinsics to send and the pool model.
import { bytesToHex, decode, hexToBytes } from '../../src/primitives/index.ts'
import type { Runtime } from '../../src/runtime/index.ts'
import type { Original, SigningContext, XtSeed } from './fuzz-node-extrinsics.ts'
import type { RpcErrorJson } from './fuzz-node-oracle.ts'
import { createPoolModel, type PoolModel } from './fuzz-node-oracle.ts'
import type { BlockSnapshot, ChainSnapshot, Request } from './fuzz-node-snapshot.ts'
import type { Random } from './fuzz-random.ts'

/** Answers that do not depend on params or state, read once before the cases. */
export interface Statics {
  readonly rpcMethods: unknown
  readonly system: Readonly<Record<string, unknown>>
  readonly metadata: string
  readonly runtimeVersion: unknown
  /** `state_call` results of argument-less runtime APIs, and of `Metadata_metadata_at_version(14)`. */
  readonly api: Readonly<Record<string, string>>
}

/** Everything a case generator reads. */
export interface FuzzWorld {
  readonly runtime: Runtime
  readonly snapshot: ChainSnapshot
  readonly best: BlockSnapshot
  readonly statics: Statics
  readonly signing: SigningContext
  readonly originals: readonly Original[]
  /** Originals and refused seeds: what mutations start from. */
  readonly seeds: readonly XtSeed[]
  readonly model: PoolModel
  /** Hex public keys whose pool nonce moves while the cases run (they sign originals). */
  readonly tracked: ReadonlySet<string>
  /** How many originals each tracked signer has. */
  readonly perSigner: number
  readonly dev: readonly Uint8Array[]
}

/** Reads the answers that never change. */
export const readStatics = async (request: Request): Promise<Statics> => {
  const system: Record<string, unknown> = {}
  for (const method of [
    'system_name',
    'system_version',
    'system_chain',
    'system_chainType',
    'system_properties',
    'system_health',
    'system_peers',
  ])
    system[method] = await request(method, [])
  const api: Record<string, string> = {}
  for (const method of ['Core_version', 'Metadata_metadata', 'Metadata_metadata_versions'])
    api[method] = String(await request('state_call', [method, '0x']))
  api['Metadata_metadata_at_version(14)'] = String(
    await request('state_call', ['Metadata_metadata_at_version', '0x0e000000']),
  )
  return {
    rpcMethods: await request('rpc_methods', []),
    system,
    metadata: String(await request('state_getMetadata', [])),
    runtimeVersion: await request('state_getRuntimeVersion', []),
    api,
  }
}

/** An account's nonce in a block's state (0 when it has no entry). */
export const nonceAt = (runtime: Runtime, block: BlockSnapshot, who: Uint8Array): number => {
  const item = runtime.system.storage.Account
  const value = block.state.get(`0x${item.keyOf(who)}`)
  return value === undefined ? 0 : decode(item.shape, hexToBytes(value)).nonce
}

/** Options of `createWorld`. */
export interface WorldOptions {
  readonly runtime: Runtime
  readonly snapshot: ChainSnapshot
  readonly statics: Statics
  readonly signing: SigningContext
  readonly originals: readonly Original[]
  readonly seeds: readonly XtSeed[]
  readonly perSigner: number
  readonly dev: readonly Uint8Array[]
  /** The node pool's ban capacity and nonce gap. */
  readonly maxBanned: number
  readonly maxNonceGap: number
}

/** Builds the world, with a fresh pool model. */
export const createWorld = (options: WorldOptions): FuzzWorld => {
  const best = options.snapshot.blocks[options.snapshot.best] as BlockSnapshot
  const { runtime } = options
  const view = {
    specVersion: runtime.version.spec_version,
    transactionVersion: runtime.version.transaction_version,
    genesisHash: options.signing.genesisHash,
    blockNumber: options.snapshot.best + 1,
    blockHash: (n: number) => options.signing.blockHashes[n],
  }
  const model = createPoolModel({
    runtime,
    view,
    stateNonce: options.signing.stateNonce,
    originals: options.originals,
    maxBanned: options.maxBanned,
    maxNonceGap: options.maxNonceGap,
    slack: 512,
  })
  return {
    runtime,
    snapshot: options.snapshot,
    best,
    statics: options.statics,
    signing: options.signing,
    originals: options.originals,
    seeds: options.seeds,
    model,
    tracked: new Set(options.originals.map(o => bytesToHex(o.signer))),
    perSigner: options.perSigner,
    dev: options.dev,
  }
}

// ---- small expectation helpers shared by the generators ----

/** `undefined` when equal as JSON, else a problem. */
export const sameJson = (got: unknown, due: unknown): string | undefined => {
  const a = JSON.stringify(got)
  const b = JSON.stringify(due)
  return a === b ? undefined : `result ${a?.slice(0, 200)}, ${b?.slice(0, 200)} due`
}

/** A check that wants an error with one of `codes` (and, if given, a message containing `part`). */
export const wantError =
  (codes: readonly number[], part?: string) =>
  (error: RpcErrorJson | undefined, result: unknown): string | undefined => {
    if (error === undefined)
      return `result ${JSON.stringify(result)?.slice(0, 160)} where error ${codes.join('|')} was due`
    if (!codes.includes(error.code))
      return `error ${error.code} (${error.message}) where ${codes.join('|')} was due`
    if (part !== undefined && !error.message.includes(part))
      return `error ${error.code} message "${error.message}" lacks "${part}"`
    return undefined
  }

/** A check that wants a result accepted by `test` (a problem string or undefined). */
export const wantResult =
  (test: (result: unknown) => string | undefined) =>
  (error: RpcErrorJson | undefined, result: unknown): string | undefined =>
    error === undefined
      ? test(result)
      : `error ${error.code} (${error.message}${error.data === undefined ? '' : `, ${JSON.stringify(error.data)}`}) where a result was due`

/** Picks a block and how to name it as a trailing `at` param. */
export const pickAt = (
  r: Random,
  world: FuzzWorld,
): { readonly param: string | null | undefined; readonly block: BlockSnapshot | undefined } => {
  const roll = r.next()
  if (roll < 0.3) return { param: undefined, block: world.best }
  if (roll < 0.4) return { param: null, block: world.best }
  if (roll < 0.9) {
    const block = r.pick(world.snapshot.blocks)
    return { param: r.chance(0.2) ? `0x${block.hash.slice(2).toUpperCase()}` : block.hash, block }
  }
  return { param: bytesToHex(r.bytes(32)), block: undefined }
}

/** Appends a trailing optional param, dropping it when absent. */
export const withAt = (params: unknown[], at: string | null | undefined): unknown[] =>
  at === undefined ? params : [...params, at]

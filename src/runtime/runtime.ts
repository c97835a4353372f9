import { blake2_64, type Shape, SS58_PREFIX, utf8, variant } from '../primitives/index.ts'
import type { EventRecord, ExecutionContext, RuntimeEventValue } from './frame/context.ts'
import type { DispatchResult, Origin } from './frame/dispatch.ts'
import type { AnyPallet } from './frame/pallet.ts'
import { RuntimeFault } from './frame/runtime-fault.ts'
import type { DispatchError, Weight } from './frame/types.ts'
import {
  createSystemPallet,
  SYSTEM_INDEX,
  SystemEvent,
  type SystemPallet,
} from './system/pallet.ts'
import type { RuntimeVersion } from './system/types.ts'

/** A call of any composed pallet: `{ type: <pallet name>, value: <the pallet's call> }`. */
export interface RuntimeCall {
  readonly type: string
  readonly value: unknown
}

/** Runtime APIs the node serves, with their versions (their ids are `blake2_64(name)`). */
export const RUNTIME_APIS = [
  ['Core', 4],
  ['Metadata', 2],
  ['AccountNonceApi', 1],
  ['TaggedTransactionQueue', 3],
  ['TransactionPaymentApi', 4],
  ['BlockBuilder', 6],
] as const

/** Options of `createRuntime`. */
export interface RuntimeOptions {
  /** The pallets besides System (which the runtime adds at index 0). */
  readonly pallets: readonly AnyPallet[]
  /** Bump on every change of behaviour or schema; clients refetch metadata when it moves. */
  readonly specVersion?: number
  /** Bump when call encodings change; signed transactions commit to it. */
  readonly transactionVersion?: number
  /** Recent block hashes kept for mortal transactions. */
  readonly blockHashCount?: number
}

/**
 * A composed runtime: System plus the given pallets, the `RuntimeCall` / `RuntimeEvent` enums
 * derived from their schemas, and dispatch.
 */
export interface Runtime {
  readonly version: RuntimeVersion
  /** How many recent block hashes System keeps: the longest mortal era a transaction may use. */
  readonly blockHashCount: number
  /** Every pallet, System first, in index order. */
  readonly pallets: readonly AnyPallet[]
  readonly system: SystemPallet
  readonly RuntimeCall: Shape<RuntimeCall>
  readonly RuntimeEvent: Shape<RuntimeEventValue>
  readonly EventRecord: Shape<EventRecord>
  /** Runs `call` for `origin` in its own storage layer: its writes and events stay only on `Ok`. */
  dispatch(ctx: ExecutionContext, origin: Origin, call: RuntimeCall): DispatchResult
  /** The weight `call` is charged. */
  weigh(call: RuntimeCall): Weight
  /** A readable name of a dispatch error, e.g. `CritterNfts.ConcurrentModification`. */
  describeError(error: DispatchError): string
  /** The pallet named `name`. */
  pallet(name: string): AnyPallet | undefined
}

/** `RuntimeCall` / `RuntimeEvent`: one variant per pallet that has the enum, indexed by pallet index. */
const outerEnum = (
  name: string,
  entries: readonly { name: string; index: number; shape: Shape<unknown> | undefined }[],
): Shape<RuntimeCall> => {
  const spec: Record<string, Shape<unknown>> = {}
  const indices: Record<string, number> = {}
  for (const entry of entries) {
    if (entry.shape === undefined) continue
    spec[entry.name] = entry.shape
    indices[entry.name] = entry.index
  }
  return variant(['critter_runtime', name], spec, { indices }) as unknown as Shape<RuntimeCall>
}

/**
 * Composes a runtime.
 *
 * @example
 * await initCrypto()
 * const critter = createCritterNfts()
 * const runtime = createRuntime({ pallets: [critter.pallet] })
 */
export const createRuntime = (options: RuntimeOptions): Runtime => {
  const isU32 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff
  for (const name of ['specVersion', 'transactionVersion'] as const) {
    const value = options[name]
    if (value !== undefined && !isU32(value))
      throw new RuntimeFault(`${name} must be a u32, got ${value}`)
  }
  const blockHashCount = options.blockHashCount ?? 4096
  if (!isU32(blockHashCount) || blockHashCount === 0) {
    throw new RuntimeFault(
      `blockHashCount must be an integer from 1 to 2^32-1, got ${blockHashCount}`,
    )
  }
  const others = [...options.pallets].sort((a, b) => a.index - b.index)
  const seen = new Set<number>([0])
  for (const pallet of others) {
    if (seen.has(pallet.index))
      throw new RuntimeFault(`pallet index ${pallet.index} is used twice (${pallet.name})`)
    seen.add(pallet.index)
  }
  const version: RuntimeVersion = {
    spec_name: 'critter-node',
    impl_name: 'critter-node-ts',
    authoring_version: 1,
    spec_version: options.specVersion ?? 100,
    impl_version: 1,
    apis: RUNTIME_APIS.map(([name, v]) => [blake2_64(utf8(name)), v]),
    transaction_version: options.transactionVersion ?? 1,
    state_version: 1,
  }
  // System's storage holds RuntimeEvent records, so the enum is built (from System's static event
  // shape) before System itself.
  const RuntimeEvent = outerEnum('RuntimeEvent', [
    { name: 'System', index: SYSTEM_INDEX, shape: SystemEvent as Shape<unknown> },
    ...others.map(p => ({ name: p.name, index: p.index, shape: p.events })),
  ]) as unknown as Shape<RuntimeEventValue>
  const system = createSystemPallet({
    runtimeEvent: RuntimeEvent as Shape<unknown>,
    version,
    blockHashCount,
    ss58Prefix: SS58_PREFIX,
  })
  const pallets: AnyPallet[] = [system.pallet as AnyPallet, ...others]
  const byName = new Map(pallets.map(p => [p.name, p]))
  const byIndex = new Map(pallets.map(p => [p.index, p]))
  const RuntimeCall = outerEnum(
    'RuntimeCall',
    pallets.map(p => ({ name: p.name, index: p.index, shape: p.calls })),
  )

  const target = (call: RuntimeCall): AnyPallet => {
    const pallet = byName.get(call.type)
    if (pallet === undefined) throw new RuntimeFault(`no pallet named ${call.type}`)
    return pallet
  }

  return {
    version,
    blockHashCount,
    pallets,
    system,
    RuntimeCall,
    RuntimeEvent,
    EventRecord: system.EventRecord as unknown as Shape<EventRecord>,
    dispatch: (ctx, origin, call) =>
      ctx.transactional(() => target(call).dispatch(ctx, origin, call.value)),
    weigh: call => target(call).weigh(call.value),
    describeError(error) {
      if (error.type !== 'Module') return error.type
      const pallet = byIndex.get(error.value.index)
      const name = pallet?.errors?.nameOf(error.value.error[0] ?? 255)
      return `${pallet?.name ?? `Pallet${error.value.index}`}.${name ?? `Error${error.value.error[0]}`}`
    },
    pallet: name => byName.get(name),
  }
}

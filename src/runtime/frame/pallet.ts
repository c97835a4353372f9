import type { Shape } from '../../primitives/index.ts'
import type { BoundMap, BoundValue, Query } from '../storage/items.ts'
import type { ExecutionContext } from './context.ts'
import type { DispatchResult, Origin } from './dispatch.ts'
import type { PalletErrors } from './errors.ts'
import type { Weight } from './types.ts'

/** A constant a pallet exposes in metadata (`api.consts.<pallet>.<name>`). */
export interface ConstantDef {
  readonly shape: Shape<unknown>
  readonly value: unknown
  readonly docs: readonly string[]
}

/**
 * Declares a constant.
 *
 * @example MaxOwnedPets: constant(u32, 1024, 'How many pets one account may own.')
 */
export const constant = <T>(shape: Shape<T>, value: T, doc: string): ConstantDef => ({
  shape: shape as Shape<unknown>,
  value,
  docs: [doc],
})

/** Any bound storage item. */
export type AnyStorageItem = BoundValue<unknown, Query> | BoundMap<unknown, unknown, Query>

/**
 * A pallet as the runtime composes it: its schema (storage, calls, events, errors and constants,
 * from which codecs and metadata are both derived) and its behaviour.
 */
export interface Pallet<Call = unknown> {
  readonly name: string
  /** Index in `RuntimeCall`, `RuntimeEvent` and module errors. */
  readonly index: number
  readonly docs: readonly string[]
  readonly storage:
    | { readonly prefix: string; readonly items: Readonly<Record<string, AnyStorageItem>> }
    | undefined
  /** The pallet's `Call` enum; `undefined` when it has no calls. */
  readonly calls: Shape<Call> | undefined
  /** The pallet's `Event` enum; `undefined` when it has no events. */
  readonly events: Shape<unknown> | undefined
  readonly errors: PalletErrors<string> | undefined
  readonly constants: Readonly<Record<string, ConstantDef>>
  /** Executes one of this pallet's calls. The runtime has already opened a storage layer for it. */
  dispatch(ctx: ExecutionContext, origin: Origin, call: Call): DispatchResult
  /** The weight a call is charged, known before it runs. */
  weigh(call: Call): Weight
}

/** A pallet whose call type is erased, as the runtime holds it. */
export type AnyPallet = Pallet<unknown>

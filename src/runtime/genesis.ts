import type { AccountId } from '../primitives/index.ts'
import { createContext } from './block.ts'
import type { ExecutionContext } from './frame/context.ts'
import type { Runtime } from './runtime.ts'
import type { ChangeSet } from './storage/backend.ts'
import { createMemoryBackend } from './storage/memory-backend.ts'
import { StorageOverlay } from './storage/overlay.ts'
import { EMPTY_ACCOUNT } from './system/types.ts'

/** Writes a pallet's genesis state. */
export type GenesisBuilder = (ctx: ExecutionContext) => void

/** The state at block 0. */
export interface GenesisOptions {
  /** Accounts that exist from the start (`providers = 1`), such as the dev accounts. */
  readonly accounts?: readonly AccountId[]
  /** Pallet genesis builders, e.g. `critter.genesis({ pets })`. */
  readonly builders?: readonly GenesisBuilder[]
}

/**
 * The genesis state as a change set. Genesis deposits no events.
 *
 * @example const state = buildGenesis(runtime, { accounts: [alice], builders: [critter.genesis({ pets })] })
 */
export const buildGenesis = (runtime: Runtime, options: GenesisOptions = {}): ChangeSet => {
  // Genesis builders may deposit events (a genesis hook registration does); genesis keeps none.
  const ctx = createContext(
    runtime,
    new StorageOverlay(createMemoryBackend()),
    0,
    new Uint8Array(32),
  )
  const system = runtime.system.storage
  system.Number.set(ctx.storage, 0)
  system.ParentHash.set(ctx.storage, new Uint8Array(32))
  for (const account of options.accounts ?? []) {
    system.Account.set(ctx.storage, account, { ...EMPTY_ACCOUNT, providers: 1 })
  }
  for (const build of options.builders ?? []) build(ctx)
  return ctx.storage.changes()
}

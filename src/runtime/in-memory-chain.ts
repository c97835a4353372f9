import { type AccountId, blake2_256, decode, encode, u32 } from '../primitives/index.ts'
import {
  type ApplyExtrinsicResult,
  type BlockBuilder,
  beginBlock,
  type FinalizedBlock,
} from './block.ts'
import type { EventRecord } from './frame/context.ts'
import type { Origin } from './frame/dispatch.ts'
import { buildGenesis, type GenesisOptions } from './genesis.ts'
import type { Runtime, RuntimeCall } from './runtime.ts'
import type { StorageIO } from './storage/items.ts'
import { createMemoryBackend, type MemoryBackend } from './storage/memory-backend.ts'

/**
 * A chain held in memory that drives a runtime block by block: for tests, benchmarks and
 * examples of the runtime alone. It is not the node: there are no signatures and block "hashes"
 * are `blake2_256(number)`, which keeps runs deterministic.
 */
export interface InMemoryChain {
  readonly runtime: Runtime
  readonly backend: MemoryBackend
  /** Number of the block being built. */
  readonly blockNumber: number
  /**
   * Applies `call` signed by `who` with their next nonce, in the block being built.
   *
   * @example chain.apply(alice, critterCall('mint_pet_nft', { species, name }))
   */
  apply(who: AccountId, call: RuntimeCall): ApplyExtrinsicResult
  /** Applies `call` with the Root or None origin, as a node would for governance or an inherent. */
  applyAs(origin: Exclude<Origin, { type: 'Signed' }>, call: RuntimeCall): ApplyExtrinsicResult
  /** Finalizes the block being built, commits its state and starts the next one. */
  seal(): FinalizedBlock
  /** Reads state as the block being built sees it. */
  read<T>(read: (io: StorageIO) => T): T
  /** Events deposited so far in the block being built. */
  readonly pendingEvents: readonly EventRecord[]
}

const pseudoHash = (number: number): Uint8Array => blake2_256(encode(u32, number))

/**
 * Starts an in-memory chain at its genesis; block 1 is open for extrinsics.
 *
 * @example
 * const chain = createInMemoryChain(runtime, { builders: [critter.genesis({ pets: [] })] })
 */
export const createInMemoryChain = (
  runtime: Runtime,
  genesis: GenesisOptions = {},
): InMemoryChain => {
  const backend = createMemoryBackend()
  backend.apply(buildGenesis(runtime, genesis))
  let block: BlockBuilder = beginBlock(runtime, backend, { number: 1, parentHash: pseudoHash(0) })
  let number = 1

  // The chain is an edge: calls come from TypeScript callers, not from decoded bytes. A round
  // trip through the RuntimeCall codec checks every value against its type (an `EncodeError`
  // otherwise) and hands the runtime fresh byte arrays that no caller can mutate afterwards.
  const checked = (call: RuntimeCall): RuntimeCall =>
    decode(runtime.RuntimeCall, encode(runtime.RuntimeCall, call))

  return {
    runtime,
    backend,
    get blockNumber() {
      return number
    },
    apply(who, call) {
      const origin = { type: 'Signed', value: who.slice() } as const
      const nonce = runtime.system.account(block.context, origin.value).nonce
      return block.applyExtrinsic({ origin, nonce, call: checked(call) })
    },
    applyAs: (origin, call) => block.applyExtrinsic({ origin, call: checked(call) }),
    seal() {
      const done = block.finalize()
      backend.apply(done.changes)
      number++
      block = beginBlock(runtime, backend, { number, parentHash: pseudoHash(number - 1) })
      return done
    },
    read: read => read(block.context.storage),
    get pendingEvents() {
      return block.context.events
    },
  }
}

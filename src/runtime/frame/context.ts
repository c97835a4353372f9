import type { StorageOverlay } from '../storage/overlay.ts'
import { type DispatchResult, isErr } from './dispatch.ts'
import type { Phase } from './types.ts'

/** An event as the runtime holds it: the pallet it came from and the pallet's event value. */
export interface RuntimeEventValue {
  readonly type: string
  readonly value: unknown
}

/** `frame_system::EventRecord`: an event with its phase and topics. */
export interface EventRecord {
  readonly phase: Phase
  readonly event: RuntimeEventValue
  readonly topics: readonly Uint8Array[]
}

/**
 * Everything a call can touch while it executes in a block: storage (through the overlay),
 * the block number and parent hash, and the event buffer. Both storage writes and events
 * take part in transactional layers, so a reverted layer leaves neither behind.
 */
export class ExecutionContext {
  readonly storage: StorageOverlay
  readonly blockNumber: number
  readonly parentHash: Uint8Array
  /** The phase events are deposited under. */
  phase: Phase = { type: 'Initialization' }
  /**
   * How many pet-change notifications are running runtime hooks right now. Pet changes made from
   * inside a hook are refused, so a hook cannot start a cascade of notifications.
   */
  hookDepth = 0
  readonly #events: EventRecord[] = []
  readonly #eventMarks: number[] = []

  constructor(options: { storage: StorageOverlay; blockNumber: number; parentHash: Uint8Array }) {
    this.storage = options.storage
    this.blockNumber = options.blockNumber
    this.parentHash = options.parentHash
  }

  /**
   * Deposits an event of `pallet` under the current phase.
   *
   * @example ctx.deposit('CritterNfts', { type: 'PetNftMinted', value }, [petTopic(id)])
   */
  deposit(pallet: string, event: unknown, topics: readonly Uint8Array[] = []): void {
    this.#events.push({ phase: this.phase, event: { type: pallet, value: event }, topics })
  }

  /** The events deposited so far, in order. */
  get events(): readonly EventRecord[] {
    return this.#events
  }

  /**
   * Runs `body` in its own storage and event layer: kept when it returns `Ok`, undone when it
   * returns `Err` or throws (the throw is passed on).
   *
   * @example const result = ctx.transactional(() => pallet.dispatch(ctx, origin, call))
   */
  transactional(body: () => DispatchResult): DispatchResult {
    this.storage.begin()
    this.#eventMarks.push(this.#events.length)
    let result: DispatchResult
    try {
      result = body()
    } catch (error) {
      this.#undo()
      throw error
    }
    if (isErr(result)) this.#undo()
    else {
      this.storage.commit()
      this.#eventMarks.pop()
    }
    return result
  }

  #undo(): void {
    this.storage.revert()
    this.#events.length = this.#eventMarks.pop() ?? this.#events.length
  }
}

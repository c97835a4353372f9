import type { StorageOverlay } from '../storage/overlay.ts'
import type { DispatchResult } from './dispatch.ts'
import { RuntimeFault } from './runtime-fault.ts'
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

/** SCALE-encodes one event record; throws `EncodeError` when the event does not fit its type. */
export type EventRecordEncoder = (record: EventRecord) => Uint8Array

/** Decodes one record that an `EventRecordEncoder` encoded. */
export type EventRecordDecoder = (bytes: Uint8Array) => EventRecord

/** Options of an `ExecutionContext`. */
export interface ExecutionContextOptions {
  readonly storage: StorageOverlay
  readonly blockNumber: number
  readonly parentHash: Uint8Array
  /** Encodes records as they are deposited (the runtime's `EventRecord` shape). */
  readonly encodeEvent: EventRecordEncoder
  /**
   * Decodes records back when `events` is read. Given it, the context keeps only each record's
   * encoding while the block runs (a block's events are mostly never read as objects, and
   * keeping them alive costs the garbage collector more than encoding them did).
   */
  readonly decodeEvent?: EventRecordDecoder
}

const isDispatchResult = (value: unknown): value is DispatchResult => {
  if (typeof value !== 'object' || value === null) return false
  const type = (value as { type?: unknown }).type
  return (
    type === 'Ok' || (type === 'Err' && typeof (value as { value?: unknown }).value === 'object')
  )
}

/**
 * Everything a call can touch while it executes in a block: storage (through the overlay),
 * the block number and parent hash, and the event buffer. Storage writes and events take part
 * in the same transactional layers, so a reverted layer leaves neither behind.
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
  readonly #encodeEvent: EventRecordEncoder
  readonly #decodeEvent: EventRecordDecoder | undefined
  // With a decoder, `#events` is a prefix of `#encoded` decoded on demand; without one, every
  // record is kept as deposited.
  readonly #events: EventRecord[] = []
  readonly #encoded: Uint8Array[] = []
  readonly #eventMarks: number[] = []

  constructor(options: ExecutionContextOptions) {
    this.storage = options.storage
    this.blockNumber = options.blockNumber
    this.parentHash = options.parentHash
    this.#encodeEvent = options.encodeEvent
    this.#decodeEvent = options.decodeEvent
  }

  /**
   * Deposits an event of `pallet` under the current phase. The record is encoded here, so an
   * event that does not fit its type throws `EncodeError` at the point that made it, inside that
   * caller's layer, and never later when the block is finalized.
   *
   * @example ctx.deposit('CritterNfts', { type: 'PetNftMinted', value }, [petTopic(id)])
   */
  deposit(pallet: string, event: unknown, topics: readonly Uint8Array[] = []): void {
    const record: EventRecord = { phase: this.phase, event: { type: pallet, value: event }, topics }
    const bytes = this.#encodeEvent(record)
    if (this.#decodeEvent === undefined) this.#events.push(record)
    this.#encoded.push(bytes)
  }

  /** The events deposited so far, in order. */
  get events(): readonly EventRecord[] {
    const decode = this.#decodeEvent
    if (decode !== undefined) {
      for (let i = this.#events.length; i < this.#encoded.length; i++)
        this.#events.push(decode(this.#encoded[i] as Uint8Array))
    }
    return this.#events
  }

  /** The SCALE encoding of each deposited event record, in order. */
  get encodedEvents(): readonly Uint8Array[] {
    return this.#encoded
  }

  /**
   * Runs `body` in its own storage and event layer: kept when it returns `Ok`, undone when it
   * returns `Err` or throws (the throw is passed on). A `body` that returns anything other than a
   * `DispatchResult` is a bug: its layer is undone and a `RuntimeFault` thrown.
   *
   * @example const result = ctx.transactional(() => pallet.dispatch(ctx, origin, call))
   */
  transactional(body: () => DispatchResult): DispatchResult {
    this.#open()
    let result: DispatchResult
    try {
      result = body()
      if (!isDispatchResult(result))
        throw new RuntimeFault(`expected a DispatchResult, got ${String(result)}`)
    } catch (error) {
      this.#undo()
      throw error
    }
    if (result.type === 'Err') this.#undo()
    else this.#keep()
    return result
  }

  /**
   * Runs `body` in its own layer that is undone only if it throws: a block stays consistent when
   * applying one extrinsic hits a fault, and can go on without it.
   */
  atomic<T>(body: () => T): T {
    this.#open()
    let result: T
    try {
      result = body()
    } catch (error) {
      this.#undo()
      throw error
    }
    this.#keep()
    return result
  }

  #open(): void {
    this.storage.begin()
    this.#eventMarks.push(this.#encoded.length)
  }

  #keep(): void {
    this.storage.commit()
    this.#eventMarks.pop()
  }

  #undo(): void {
    this.storage.revert()
    const mark = this.#eventMarks.pop() ?? this.#encoded.length
    this.#encoded.length = mark
    if (this.#events.length > mark) this.#events.length = mark
  }
}

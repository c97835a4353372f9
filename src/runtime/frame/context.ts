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

/**
 * Encoded event records appended to one growing buffer. A block's records live until it ends;
 * as separate arrays every one of them was copied by each young-generation collection.
 */
class EncodedRecords {
  #bytes = new Uint8Array(1 << 16)
  /** End offset of each record. */
  readonly #ends: number[] = []
  /** Views handed out by `views`, a prefix of the records. */
  readonly #views: Uint8Array[] = []

  get count(): number {
    return this.#ends.length
  }

  #end(count: number): number {
    return count === 0 ? 0 : (this.#ends[count - 1] as number)
  }

  push(record: Uint8Array): void {
    const start = this.#end(this.#ends.length)
    const end = start + record.length
    if (end > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(end, 2 * this.#bytes.length))
      grown.set(this.#bytes.subarray(0, start))
      this.#bytes = grown
    }
    this.#bytes.set(record, start)
    this.#ends.push(end)
  }

  at(index: number): Uint8Array {
    return this.#bytes.subarray(this.#end(index), this.#ends[index])
  }

  views(): Uint8Array[] {
    for (let i = this.#views.length; i < this.#ends.length; i++) this.#views.push(this.at(i))
    return this.#views
  }

  joined(): Uint8Array {
    return this.#bytes.subarray(0, this.#end(this.#ends.length))
  }

  truncate(count: number): void {
    if (count >= this.#ends.length) return
    // Views of dropped records may still be held: later records go to a fresh buffer, so those
    // views keep the bytes they showed.
    if (this.#views.length > count) {
      this.#views.length = count
      this.#bytes = this.#bytes.slice()
    }
    this.#ends.length = count
  }
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
  readonly #encoded = new EncodedRecords()
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
      for (let i = this.#events.length; i < this.#encoded.count; i++)
        this.#events.push(decode(this.#encoded.at(i)))
    }
    return this.#events
  }

  /** The SCALE encoding of each deposited event record, in order. */
  get encodedEvents(): readonly Uint8Array[] {
    return this.#encoded.views()
  }

  /**
   * Every deposited record's encoding, end to end, and how many there are: `System.Events`
   * without its length prefix. The bytes are valid until the next deposit or revert.
   */
  joinedEvents(): { readonly count: number; readonly bytes: Uint8Array } {
    return { count: this.#encoded.count, bytes: this.#encoded.joined() }
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
    this.#eventMarks.push(this.#encoded.count)
  }

  #keep(): void {
    this.storage.commit()
    this.#eventMarks.pop()
  }

  #undo(): void {
    this.storage.revert()
    const mark = this.#eventMarks.pop() ?? this.#encoded.count
    this.#encoded.truncate(mark)
    if (this.#events.length > mark) this.#events.length = mark
  }
}

import { compactU32, encode } from '../../primitives/index.ts'
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

const CHUNK = 1 << 16

/**
 * Encoded event records appended to 64 KiB chunks, each record within one chunk. A block's
 * records live until it ends; as separate arrays every one of them was copied by each
 * young-generation collection, and one doubling buffer spent its time growing.
 */
class EncodedRecords {
  readonly #chunks: Uint8Array[] = [new Uint8Array(CHUNK)]
  /** Bytes used in the last chunk. */
  #used = 0
  /** Per record: its chunk, its start and its end in that chunk. */
  readonly #chunkOf: number[] = []
  readonly #starts: number[] = []
  readonly #ends: number[] = []
  /** Views handed out by `views`, a prefix of the records. */
  readonly #views: Uint8Array[] = []

  get count(): number {
    return this.#ends.length
  }

  push(record: Uint8Array): void {
    let chunk = this.#chunks[this.#chunks.length - 1] as Uint8Array
    if (this.#used + record.length > chunk.length) {
      chunk = new Uint8Array(Math.max(CHUNK, record.length))
      this.#chunks.push(chunk)
      this.#used = 0
    }
    chunk.set(record, this.#used)
    this.#chunkOf.push(this.#chunks.length - 1)
    this.#starts.push(this.#used)
    this.#used += record.length
    this.#ends.push(this.#used)
  }

  at(index: number): Uint8Array {
    const chunk = this.#chunks[this.#chunkOf[index] as number] as Uint8Array
    return chunk.subarray(this.#starts[index], this.#ends[index])
  }

  views(): Uint8Array[] {
    for (let i = this.#views.length; i < this.#ends.length; i++) this.#views.push(this.at(i))
    return this.#views
  }

  /** `prefix` followed by every record. */
  joined(prefix: Uint8Array): Uint8Array {
    const count = this.#ends.length
    let length = prefix.length
    for (let c = 0; c < this.#chunks.length; c++) length += this.#chunkLength(c, count)
    const out = new Uint8Array(length)
    out.set(prefix)
    let at = prefix.length
    for (let c = 0; c < this.#chunks.length; c++) {
      const used = this.#chunkLength(c, count)
      out.set((this.#chunks[c] as Uint8Array).subarray(0, used), at)
      at += used
    }
    return out
  }

  #chunkLength(chunk: number, count: number): number {
    return chunk === this.#chunks.length - 1 ? this.#used : this.#lastEndIn(chunk, count)
  }

  /** End of the last record in a full (not last) chunk: records are in chunk order. */
  #lastEndIn(chunk: number, count: number): number {
    let lo = 0
    let hi = count
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.#chunkOf[mid] as number) <= chunk) lo = mid + 1
      else hi = mid
    }
    return lo === 0 ? 0 : (this.#ends[lo - 1] as number)
  }

  truncate(count: number): void {
    if (count >= this.#ends.length) return
    // Views of dropped records may still be held: their chunk is set aside (later records go
    // to a fresh one), so those views keep the bytes they showed.
    const keepViews = this.#views.length > count
    if (keepViews) this.#views.length = count
    const last = count === 0 ? 0 : (this.#chunkOf[count - 1] as number)
    const used = count === 0 ? 0 : (this.#ends[count - 1] as number)
    this.#chunks.length = last + 1
    if (keepViews) this.#chunks[last] = (this.#chunks[last] as Uint8Array).slice()
    this.#used = used
    this.#chunkOf.length = count
    this.#starts.length = count
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

  /** How many events have been deposited (and not reverted). */
  get eventCount(): number {
    return this.#encoded.count
  }

  /** The SCALE encoding of each deposited event record, in order. */
  get encodedEvents(): readonly Uint8Array[] {
    return this.#encoded.views()
  }

  /**
   * Every deposited record as one SCALE `Vec<EventRecord>`, the value of `System.Events`, built
   * with one allocation (a block's events can run to megabytes).
   */
  encodedEventVec(): Uint8Array {
    return this.#encoded.joined(encode(compactU32, this.#encoded.count))
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

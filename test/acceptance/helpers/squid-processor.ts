// A Subsquid squid as its users write one: a SubstrateBatchProcessor with RPC ingestion (no
// archive), an event selection with extrinsics and calls, and a Database. `processor.run` owns
// its process (it calls process.exit at the end, 0 once it reaches the range's end), so the
// acceptance test runs this file as a child process.
//
// Input (environment): SQUID_RPC_URL, SQUID_TO (last block), SQUID_EVENTS and SQUID_CALLS (JSON
// arrays of qualified event and call names), SQUID_OUT (a file). Output: one JSON line per processed event in
// SQUID_OUT, and a final `{"done": true, ...}` line written by the database when it commits the
// range's last block.
import { appendFileSync } from 'node:fs'
import { SubstrateBatchProcessor } from '@subsquid/substrate-processor'
import type {
  FinalDatabase,
  FinalTxInfo,
  HashAndHeight,
} from '@subsquid/util-internal-processor-tools'

/** One event as the processor handed it to the data handler, in JSON-safe form. */
export interface SquidEventRecord {
  readonly block: { readonly height: number; readonly hash: string }
  readonly index: number
  readonly name: string
  readonly args: unknown
  readonly phase: string
  readonly extrinsicIndex: number | undefined
  readonly extrinsic:
    | {
        readonly index: number
        readonly hash: string
        readonly success: boolean
        readonly signed: boolean
        /** The extrinsic's own call (`extrinsic.call`), with the error of a failed one. */
        readonly call:
          | { readonly name: string; readonly success: boolean; readonly error: unknown }
          | undefined
      }
    | undefined
  readonly call:
    | { readonly name: string; readonly args: unknown; readonly success: boolean }
    | undefined
}

/** A line of the output file. */
export type SquidOutputLine =
  | { readonly type: 'event'; readonly event: SquidEventRecord }
  | { readonly type: 'commit'; readonly head: HashAndHeight; readonly isOnTop: boolean }

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined || value === '') throw new TypeError(`${name} is not set`)
  return value
}

const url = env('SQUID_RPC_URL')
const to = Number(env('SQUID_TO'))
const events = JSON.parse(env('SQUID_EVENTS')) as string[]
const calls = JSON.parse(env('SQUID_CALLS')) as string[]
const out = env('SQUID_OUT')

// bigint (u64/u128 fields) is not JSON: written as a decimal string with an `n`.
const write = (line: SquidOutputLine) =>
  appendFileSync(
    out,
    `${JSON.stringify(line, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))}\n`,
  )

/** The smallest Database a squid can have: progress in memory, no hot blocks. */
class MemoryDatabase implements FinalDatabase<undefined> {
  readonly supportsHotBlocks = false as const
  #head: HashAndHeight = { height: -1, hash: '0x' }

  async connect(): Promise<HashAndHeight> {
    return this.#head
  }

  async transact(info: FinalTxInfo, cb: (store: undefined) => Promise<void>): Promise<void> {
    await cb(undefined)
    this.#head = info.nextHead
    write({ type: 'commit', head: info.nextHead, isOnTop: info.isOnTop })
  }
}

const processor = new SubstrateBatchProcessor()
  .setRpcEndpoint({ url, rateLimit: 500 })
  .setBlockRange({ from: 0, to })
  .addEvent({ name: events, extrinsic: true, call: true })
  // Calls are selected too, so that a failed extrinsic (whose ExtrinsicFailed event belongs to no
  // call) still comes with its call and the call's decoded error.
  .addCall({ name: calls, extrinsic: true })
  .setFields({
    block: {},
    extrinsic: { hash: true, success: true, signature: true },
    call: { name: true, args: true, success: true, error: true },
    event: { name: true, args: true, phase: true, extrinsicIndex: true },
  })

processor.run(new MemoryDatabase(), async ctx => {
  for (const block of ctx.blocks) {
    for (const event of block.events) {
      const extrinsic = event.extrinsic
      const call = event.call
      write({
        type: 'event',
        event: {
          block: { height: block.header.height, hash: block.header.hash },
          index: event.index,
          name: event.name,
          args: event.args,
          phase: event.phase,
          extrinsicIndex: event.extrinsicIndex,
          extrinsic:
            extrinsic === undefined
              ? undefined
              : {
                  index: extrinsic.index,
                  hash: extrinsic.hash,
                  success: extrinsic.success,
                  signed: extrinsic.signature !== undefined,
                  call:
                    extrinsic.call === undefined
                      ? undefined
                      : {
                          name: extrinsic.call.name,
                          success: extrinsic.call.success,
                          error: extrinsic.call.error,
                        },
                },
          call:
            call === undefined
              ? undefined
              : { name: call.name, args: call.args, success: call.success },
        },
      })
    }
  }
})

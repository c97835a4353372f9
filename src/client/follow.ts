import { bytesEqual, bytesToHex } from '../primitives/index.ts'
import { chain } from './chain.ts'
import { type Client, type Subscription, unwrap } from './client.ts'
import { ChainContinuityError, ConnectionError, ResponseFormatError } from './errors.ts'
import type { BlockHeader } from './header.ts'

/** Options of `followFinalizedHeads`. */
export interface FollowOptions {
  /** The first block number to deliver (a checkpoint's number + 1, or 0 for genesis). */
  readonly from: number
  /** The hash of block `from - 1` (the checkpoint), checked against the first header's parent. */
  readonly parentHash?: Uint8Array
  /** Most headers fetched per JSON-RPC batch while catching up (default 100, under any node's batch limit). */
  readonly batchSize?: number
  /** Told when the connection dropped and the follower waits to resume. */
  readonly onReconnect?: (error: ConnectionError) => void
  /** Told the highest finalized block number the follower knows of, whenever it grows (for progress and ETA). */
  readonly onFinalized?: (number: number) => void
  /**
   * While no notification arrives, ask the node for its finalized head every this many ms
   * (default 5000), so a lost notification delays a block, never strands it.
   */
  readonly pollMs?: number
}

/**
 * Follows finalized blocks in order from `from`, with no gap and no overlap, across reconnects:
 *
 * 1. subscribes to finalized heads first, so nothing finalized during catch-up is missed;
 * 2. catches up to the finalized head in batches (`chain_getBlockHash` and `chain_getHeader`, each
 *    a JSON-RPC batch), yielding each batch as one array;
 * 3. then yields live heads, fetching any numbers a notification skipped, dropping any it repeats.
 *
 * Every header's hash is recomputed and checked against the node's hash for its number, and every
 * parent against the header before it (`ChainContinuityError` if the chain behind the follower
 * changed, e.g. a dev node restarted on a fresh path). When the connection drops, it waits for the
 * client's provider to reconnect (with its backoff) and resumes after the last header it yielded;
 * it ends only when the consumer stops or the client is closed (`ConnectionError`).
 *
 * @example
 * for await (const headers of followFinalizedHeads(client, { from: checkpoint.number + 1, parentHash: checkpoint.hash }))
 *   await store.applyBlocks(headers)
 */
export async function* followFinalizedHeads(
  client: Client,
  options: FollowOptions,
): AsyncGenerator<readonly BlockHeader[], never, undefined> {
  const batchSize = options.batchSize ?? 100
  const pollMs = options.pollMs ?? 5000
  let next = options.from
  let parent = options.parentHash

  /** Checks that `headers` continue the chain delivered so far, then advances past them. */
  const accept = (headers: readonly BlockHeader[]): readonly BlockHeader[] => {
    for (const header of headers) {
      if (header.number !== next)
        throw new ResponseFormatError(`expected block ${next}, the node sent ${header.number}`)
      if (parent !== undefined && !bytesEqual(header.parentHash, parent)) {
        throw new ChainContinuityError(
          `block ${header.number} has parent ${bytesToHex(header.parentHash)}, but block ${header.number - 1} was ${bytesToHex(parent)}`,
        )
      }
      parent = header.hash
      next += 1
    }
    return headers
  }

  for (;;) {
    const live: BlockHeader[] = []
    let liveError: unknown
    let wake: (() => void) | undefined
    let subscription: Subscription | undefined
    try {
      subscription = await client.subscribe(chain.subscribeFinalizedHeads(), {
        next: header => {
          live.push(header)
          wake?.()
        },
        error: error => {
          liveError = error
          wake?.()
        },
      })
      let target = await finalizedNumber(client)
      let told = -1
      const tell = () => {
        if (target > told) {
          told = target
          options.onFinalized?.(target)
        }
      }
      tell()
      for (;;) {
        // Live heads that continue the chain are taken as they are: no round trip when live.
        while (live.length > 0 && (live[0] as BlockHeader).number <= next) {
          const header = live.shift() as BlockHeader
          if (header.number === next) yield accept([header])
        }
        for (const header of live) target = Math.max(target, header.number)
        tell()
        if (next <= target) {
          // Behind: catch-up, or numbers a notification skipped.
          yield accept(await fetchHeaders(client, next, Math.min(target, next + batchSize - 1)))
          continue
        }
        if (liveError !== undefined) throw liveError
        const woken = await new Promise<boolean>(resolve => {
          const timer = setTimeout(() => resolve(false), pollMs)
          wake = () => {
            clearTimeout(timer)
            resolve(true)
          }
        })
        wake = undefined
        if (!woken) target = Math.max(target, await finalizedNumber(client))
      }
    } catch (error) {
      if (!(error instanceof ConnectionError) || error.code === 'CONNECTION_CLOSED') throw error
      options.onReconnect?.(error)
      await client.connected()
    } finally {
      void subscription?.unsubscribe()
    }
  }
}

/** The number of the node's finalized head. */
const finalizedNumber = async (client: Client): Promise<number> => {
  const finalized = await client.request(
    chain.getHeader(await client.request(chain.getFinalizedHead())),
  )
  if (finalized === undefined) throw new ResponseFormatError('the finalized head has no header')
  return finalized.number
}

/** Headers `from..to` (inclusive), in two JSON-RPC batches, each checked against its hash. */
export const fetchHeaders = async (
  client: Client,
  from: number,
  to: number,
): Promise<BlockHeader[]> => {
  const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i)
  const hashes = (await client.batch(numbers.map(n => chain.getBlockHash(n)))).map(unwrap)
  const known = hashes.map((hash, i) => {
    if (hash === undefined) throw new ResponseFormatError(`the node has no block ${numbers[i]}`)
    return hash
  })
  const headers = (await client.batch(known.map(hash => chain.getHeader(hash)))).map(unwrap)
  return headers.map((header, i) => {
    const hash = known[i] as Uint8Array
    if (header === undefined)
      throw new ResponseFormatError(`the node has no header for ${bytesToHex(hash)}`)
    if (!bytesEqual(header.hash, hash) || header.number !== numbers[i]) {
      throw new ResponseFormatError(
        `block ${numbers[i]}: the header served hashes to ${bytesToHex(header.hash)}, not ${bytesToHex(hash)}`,
      )
    }
    return header
  })
}

// Live lag: a node (own process) sealing under a steady load (own process), our sync following it
// live (own process), and this process subscribed to finalized heads with its own client. A
// block's lag is the time the sync committed the batch holding it minus the time its finalized
// header reached this process (both epoch ms, one machine clock).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chain, createClient, createWsProvider, dev } from '../../src/client/index.ts'
import { epochMs, startChild } from './processes.ts'

const here = import.meta.dirname

/** The lag distribution over the blocks finalized while the load ran. */
export interface LagResult {
  readonly blocks: number
  /** Blocks finalized during the load that the replica did not hold 30 s after it ended. */
  readonly missing: number
  readonly seconds: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  /** What the load achieved (offered `rate`). */
  readonly txPerSecond: number
  readonly rejected: number
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

/**
 * Runs one live measurement: a fresh dev chain sealed by `seal` (`instant` or an interval in ms),
 * `rate` mints per second for `seconds`, our sync writing to `db`.
 */
export const liveLag = async (options: {
  readonly db: string
  readonly seal: string
  readonly rate: number
  readonly seconds: number
}): Promise<LagResult> => {
  const dir = mkdtempSync(join(tmpdir(), 'critter-live-'))
  const node = startChild(join(here, 'node-process.ts'), [join(dir, 'node'), options.seal])
  const children = [node]
  try {
    const url = String((await node.line(l => l.type === 'ready'))['url'])
    const client = createClient(createWsProvider(url))
    const arrived = new Map<number, number>()
    let failed: Error | undefined
    const subscription = await client.subscribe(chain.subscribeFinalizedHeads(), {
      next: header => arrived.set(header.number, epochMs()),
      error: error => {
        failed = error
      },
    })
    const sync = startChild(join(here, 'sync-process.ts'), ['live', url, options.db])
    children.push(sync)
    // The sync is live once it has committed a block: make blocks until it says so.
    const live = sync.line(l => l.type === 'batch')
    while ((await Promise.race([live, new Promise(r => setTimeout(r, 500, 'wait'))])) === 'wait')
      await client.request(dev.newBlock())
    const load = startChild(join(here, 'live-load.ts'), [
      url,
      String(options.rate),
      String(options.seconds),
    ])
    children.push(load)
    await load.line(l => l.type === 'signed')
    const from = epochMs()
    const done = await load.line(l => l.type === 'done')
    const to = epochMs()
    if (failed !== undefined) throw failed
    // Every block finalized so far must reach the replica (a block that never does is reported).
    const last = Math.max(...arrived.keys())
    await Promise.race([
      sync.line(l => l.type === 'batch' && Number(l['number']) >= last),
      new Promise(r => setTimeout(r, 30_000)),
    ])
    const committed = new Map<number, number>()
    for (const line of sync.lines) {
      if (line['type'] !== 'batch') continue
      const number = Number(line['number'])
      for (let n = number - Number(line['blocks']) + 1; n <= number; n++)
        committed.set(n, Number(line['at']))
    }
    const lags: number[] = []
    let missing = 0
    for (const [number, at] of arrived) {
      if (at < from || at > to) continue
      const commit = committed.get(number)
      if (commit === undefined) missing++
      else lags.push(commit - at)
    }
    lags.sort((a, b) => a - b)
    await subscription.unsubscribe()
    client.close()
    return {
      blocks: lags.length,
      missing,
      seconds: (to - from) / 1000,
      p50: quantile(lags, 0.5),
      p99: quantile(lags, 0.99),
      max: lags.at(-1) ?? Number.NaN,
      txPerSecond: Number(done['txPerSecond']),
      rejected: Number(done['rejected']),
    }
  } finally {
    for (const child of children.reverse()) await child.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

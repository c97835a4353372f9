// Our sync service in its own process, as `critter sync` runs it (createSync over a reconnecting
// WebSocket client, default batch size), reporting to the bench on stdout:
//   tsx bench/sync/sync-process.ts catchup URL DB HEAD   follow until the replica holds block HEAD,
//       then report {"type":"done", seconds, blocks, events, applied, memory: […]} and exit
//   tsx bench/sync/sync-process.ts live URL DB           report {"type":"batch", number, blocks, at}
//       after every committed batch (at: epoch ms), until SIGTERM
import { createClient, createCritterClient, createWsProvider } from '../../src/client/index.ts'
import { createNodeRuntime } from '../../src/node/index.ts'
import { initCrypto } from '../../src/primitives/index.ts'
import { createSync, openSyncStore } from '../../src/sync/index.ts'
import { epochMs, exitWithParent, report } from './processes.ts'

const [mode, url, db, headArg] = process.argv.slice(2)
if (url === undefined || db === undefined)
  throw new TypeError('usage: sync-process.ts MODE URL DB [HEAD]')
const head = Number(headArg ?? Number.POSITIVE_INFINITY)

exitWithParent()
await initCrypto()
const { runtime, critter } = createNodeRuntime({ dev: true })
const client = createClient(createWsProvider(url))
const api = createCritterClient({ client, runtime })
const store = await openSyncStore(db)
const controller = new AbortController()
process.once('SIGTERM', () => controller.abort())

/** One memory sample: seconds since start, the checkpoint then, RSS and V8 heap in MiB. */
type Sample = [seconds: number, block: number, rss: number, heap: number]
const memory: Sample[] = []
const MiB = 1024 * 1024
let checkpoint = 0
const totals = { blocks: 0, events: 0, applied: 0, duplicates: 0, repairs: 0 }
const started = performance.now()
// With --expose-gc (a diagnostic run, not the timed one) each sample is taken after a full GC, so
// the heap is what is retained, not what is waiting to be collected.
const gc = (globalThis as { gc?: () => void }).gc
const sample = () => {
  gc?.()
  const { rss, heapUsed } = process.memoryUsage()
  memory.push([(performance.now() - started) / 1000, checkpoint, rss / MiB, heapUsed / MiB])
}
sample()
const sampler = setInterval(sample, 250)

const sync = createSync({
  api,
  critter,
  store,
  onBatch: progress => {
    checkpoint = progress.checkpoint.number
    totals.blocks += progress.blocks
    totals.events += progress.events
    totals.applied += progress.applied
    totals.duplicates += progress.duplicates
    totals.repairs += progress.repairs
    if (mode === 'live')
      report({ type: 'batch', number: checkpoint, blocks: progress.blocks, at: epochMs() })
    if (checkpoint >= head) controller.abort()
  },
})
await sync.run(controller.signal)
const seconds = (performance.now() - started) / 1000
clearInterval(sampler)
sample()
const { user, system } = process.cpuUsage()
report({ type: 'done', seconds, cpuSeconds: (user + system) / 1e6, checkpoint, ...totals, memory })
await store.close()
client.close()
process.exit(0)

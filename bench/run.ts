// `npm run bench`: every benchmark, each printed beside the limit of this machine measured in
// the same run. Results also go to bench/report.json (git-ignored).
//   npm run bench                   every section
//   npm run bench -- node store     only the named sections (runtime, codec, txpool, store,
//                                   sync-store, node, sync)
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { initCrypto } from '../src/primitives/index.ts'
import { benchCodec } from './codec.ts'
import { fmt } from './measure.ts'
import { benchNode } from './node/bench-node.ts'
import { benchHashFloor, benchRuntime } from './runtime.ts'
import { benchStore } from './store.ts'
import { benchSync } from './sync/bench-sync.ts'
import { benchSyncStore } from './sync-store.ts'
import { benchTxPool } from './txpool.ts'

const SECTIONS = ['runtime', 'codec', 'txpool', 'store', 'sync-store', 'node', 'sync'] as const
const asked = process.argv.slice(2)
const unknown = asked.filter(a => !(SECTIONS as readonly string[]).includes(a))
if (unknown.length > 0) {
  console.error(`unknown section(s) ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`)
  process.exit(2)
}
const wanted = (section: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(section)

await initCrypto()
console.log(
  `critter benchmarks on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}`,
)
const report: Record<string, unknown> = { date: new Date().toISOString(), node: process.version }

if (wanted('runtime')) {
  console.log('\nRuntime: accepted calls/s on the in-memory store, one core (median of 3)')
  console.log(
    '  each call: nonce check, dispatch in its own storage layer, events; blocks of 1,000 finalized and committed',
  )
  const hashes = benchHashFloor()
  console.log(
    `  limit: plain-Map state machine (below, per call); raw blake2_128 ${fmt(hashes)}/s (a mint needs 2)`,
  )
  report['hashesPerSecond'] = hashes
  report['runtime'] = benchRuntime()
}
if (wanted('codec')) {
  console.log('\nSCALE codec: one pet, encode+decode round trips per second (ADR 0002)')
  report['codec'] = benchCodec()
}
if (wanted('txpool')) {
  console.log('\nTransaction pool: admission and block order with a no-op verifier (median of 3)')
  const pool = await benchTxPool()
  console.log(
    `  admitted ${fmt(pool.admitPerSecond)} tx/s; ordered and removed ${fmt(pool.blockPerSecond)} tx/s`,
  )
  report['txpool'] = pool
}
if (wanted('store')) {
  console.log('\nBlock store (LMDB): durable batch-mint blocks')
  report['store'] = await benchStore()
}
if (wanted('sync-store')) {
  console.log('\nReplica store (SQLite, PostgreSQL): catch-up batches through applyBatch')
  report['syncStore'] = await benchSyncStore()
}
if (wanted('node')) {
  console.log('\nNode: end to end through JSON-RPC, node and load in separate processes')
  report['node'] = await benchNode()
}
if (wanted('sync')) {
  console.log(
    '\nSync: catch-up, live lag and Subsquid side by side (node, sync, squid, load: one process each)',
  )
  report['sync'] = await benchSync()
}
writeFileSync(new URL('./report.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`)

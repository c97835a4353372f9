// `npm run bench`: every benchmark, each printed beside the limit of this machine measured in
// the same run. Results also go to bench/report.json (git-ignored).
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { initCrypto } from '../src/primitives/index.ts'
import { benchCodec } from './codec.ts'
import { fmt } from './measure.ts'
import { benchHashFloor, benchRuntime } from './runtime.ts'

await initCrypto()
console.log(
  `critter benchmarks on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}`,
)
console.log('\nRuntime: accepted calls/s on the in-memory store, one core (median of 3)')
console.log(
  '  each call: nonce check, dispatch in its own storage layer, events; blocks of 1,000 finalized and committed',
)
const hashes = benchHashFloor()
console.log(
  `  limit: plain-Map state machine (below, per call); raw blake2_128 ${fmt(hashes)}/s (a mint needs 2)`,
)
const runtime = benchRuntime()
console.log('\nSCALE codec: one pet, encode+decode round trips per second (ADR 0002)')
const codec = benchCodec()
const report = {
  date: new Date().toISOString(),
  node: process.version,
  hashesPerSecond: hashes,
  runtime,
  codec,
}
writeFileSync(new URL('./report.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`)

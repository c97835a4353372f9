// The sync benchmark (issue 4, item 9): catch-up over a cached chain of more than a million pet
// changes into SQLite and PostgreSQL beside the raw upsert rate of the same store, the sync's
// memory, an unmodified Subsquid processor doing the same work, and the live lag. The node, our
// sync, the squid and the load each run in their own process.
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fmt } from '../measure.ts'
import {
  type CatchUp,
  type Comparison,
  compareReplicas,
  dropSchemas,
  type Replica,
  squidCatchUp,
  syncCatchUp,
} from './catchup.ts'
import type { ChainInfo, ChainParams } from './chain.ts'
import { liveLag } from './live.ts'
import { startChild } from './processes.ts'
import { type RawLimit, rawPostgres, rawSqlite } from './raw.ts'

const here = import.meta.dirname
const PG_URL = process.env['CRITTER_BENCH_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test'
const LIVE_RATE = 300
const MiB = 1024 * 1024

type Engine = 'sqlite' | 'postgres'

const load = () =>
  loadavg()
    .map(l => l.toFixed(1))
    .join(' ')

/** Least-squares slope of y over x. */
const slope = (points: readonly (readonly [number, number])[]): number => {
  const n = points.length
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0)
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  return sxx === 0 ? 0 : sxy / sxx
}

/** Start, peak and end of RSS and heap (MiB), and their growth per 1,000 blocks over the second half. */
const memoryOf = (run: CatchUp) => {
  const m = run.memory
  const half = m.filter(([t]) => t >= (m.at(-1)?.[0] ?? 0) / 2)
  const pick = (i: 2 | 3) => ({
    start: m[0]?.[i] ?? Number.NaN,
    peak: Math.max(...m.map(s => s[i])),
    end: m.at(-1)?.[i] ?? Number.NaN,
    perKiloBlock: 1000 * slope(half.map(s => [s[1], s[i]] as const)),
  })
  return { samples: m.length, rss: pick(2), heap: pick(3) }
}

/** CPU seconds of the indexer and the node during a run, and the load average after it. */
const cpu = (who: string, run: CatchUp) =>
  `CPU ${who} ${run.cpuSeconds.toFixed(0)} s, node ${run.nodeCpuSeconds.toFixed(0)} s, load ${loadavg()[0]?.toFixed(1)}`

const rates = (run: CatchUp, chain: ChainInfo) => ({
  seconds: run.seconds,
  cpuSeconds: run.cpuSeconds,
  nodeCpuSeconds: run.nodeCpuSeconds,
  blocksPerSecond: run.blocks / run.seconds,
  eventsPerSecond: run.events / run.seconds,
  changesPerSecond: chain.changes / run.seconds,
})

const printCatchUp = (
  label: string,
  run: CatchUp,
  chain: ChainInfo,
  limit: RawLimit,
  target: number,
) => {
  const r = rates(run, chain)
  console.log(
    `  ${label}: ${fmt(run.blocks)} blocks in ${r.seconds.toFixed(1)} s: ${fmt(r.blocksPerSecond)} blocks/s, ${fmt(r.eventsPerSecond)} events/s (target ${fmt(target)}), ${fmt(r.changesPerSecond)} pet changes/s; events/s = ${((r.eventsPerSecond / limit.upsertsPerSecond) * 100).toFixed(0)}% of the raw upsert rate; ${cpu('sync', run)}`,
  )
  return r
}

const printMemory = (label: string, run: CatchUp) => {
  const { rss, heap, samples } = memoryOf(run)
  const line = (name: string, v: typeof rss) =>
    `${name} ${v.start.toFixed(0)} → peak ${v.peak.toFixed(0)} → end ${v.end.toFixed(0)} MiB (second half ${v.perKiloBlock >= 0 ? '+' : ''}${v.perKiloBlock.toFixed(0)} MiB per 1,000 blocks)`
  console.log(`  memory, ${label} (${samples} samples): ${line('RSS', rss)}; ${line('heap', heap)}`)
  return memoryOf(run)
}

const printSquid = (
  label: string,
  squid: CatchUp,
  ours: CatchUp | undefined,
  same: Comparison | undefined,
) => {
  const speed = `Subsquid 8.5.1 into ${label}: ${squid.seconds.toFixed(1)} s (${fmt(squid.events / squid.seconds)} events/s; ${cpu('squid', squid)})`
  if (ours === undefined || same === undefined) {
    console.log(`  ${speed}; ours did not finish, so no ratio`)
    return { seconds: squid.seconds }
  }
  const ratio = squid.seconds / ours.seconds
  console.log(
    `  ${speed} vs ours ${ours.seconds.toFixed(1)} s: ours ${ratio.toFixed(2)}x as fast (target ≥ 2x); replicas: ${fmt(same.pets)} pets, ${same.differentPets} rows differ, history ${fmt(same.changes[0])} vs ${fmt(same.changes[1])} rows`,
  )
  return { seconds: squid.seconds, cpuSeconds: squid.cpuSeconds, ratio, ...same }
}

/** Runs one measurement; a failure (a child that crashed, ran out of memory) is printed, not thrown. */
const attempt = async <T>(label: string, run: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await run()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.log(`  ${label}: FAILED: ${message.replaceAll(/\s+/g, ' ').slice(-400)}`)
    return undefined
  }
}

/**
 * Runs the sync benchmarks and prints each figure beside its limit or target. `chain` overrides
 * the chain's parameters (a smaller chain for a quick look; the figures need the default).
 */
export const benchSync = async (
  options: { chain?: Partial<ChainParams>; liveSeconds?: number } = {},
): Promise<Record<string, unknown>> => {
  const report: Record<string, unknown> = { loadBefore: loadavg() }
  console.log(`  load average ${load()}`)
  const generator = startChild(
    join(here, 'chain.ts'),
    options.chain === undefined ? [] : [JSON.stringify(options.chain)],
  )
  const chain = (await generator.line(l => l.type === 'chain')) as unknown as ChainInfo
  await generator.stop()
  const { params } = chain
  const pets = params.accounts * params.petsPerAccount
  console.log(
    `  chain: ${fmt(chain.changes)} pet changes (${fmt(pets)} mints, ${fmt(pets * params.rounds)} metadata updates, ${fmt(chain.changes - pets * (1 + params.rounds))} feeds), ${fmt(chain.events)} events (${fmt(chain.critterEvents)} CritterNfts) in ${fmt(chain.head.number)} blocks, ${(chain.bytes / MiB).toFixed(0)} MiB on disk; ${chain.generated ? 'built' : 'cached, built'} in ${chain.generateSeconds.toFixed(0)} s`,
  )
  const sqliteLimit = await rawSqlite()
  const pgLimit = await rawPostgres(PG_URL)
  console.log(
    `  limit: raw pet upserts in 10k-row transactions: SQLite ${fmt(sqliteLimit.upsertsPerSecond)}/s, PostgreSQL ${fmt(pgLimit.upsertsPerSecond)}/s`,
  )
  Object.assign(report, { chain, sqliteLimit, pgLimit })

  const dir = mkdtempSync(join(tmpdir(), 'critter-bench-sync-'))
  const tag = `${process.pid}_${Date.now()}`
  const schemas: string[] = []
  const replica = (engine: Engine, who: string): Replica => {
    if (engine === 'sqlite') return { kind: 'sqlite', path: join(dir, `${who}.db`) }
    schemas.push(`bench_${who}_${tag}`)
    return { kind: 'postgres', url: PG_URL, schema: `bench_${who}_${tag}` }
  }
  const node = startChild(join(here, 'node-process.ts'), [chain.basePath, 'manual'])
  try {
    const url = String((await node.line(l => l.type === 'ready'))['url'])
    const source = { url, pid: node.process.pid ?? 0 }
    const head = chain.head.number
    for (const engine of ['sqlite', 'postgres'] as const) {
      const name = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'
      const [ours, squid] = [replica(engine, 'ours'), replica(engine, 'squid')]
      const run = await attempt(`catch-up into ${name}`, () => syncCatchUp(source, ours, head))
      if (run !== undefined) {
        const limit = engine === 'sqlite' ? sqliteLimit : pgLimit
        const target = engine === 'sqlite' ? 50_000 : 30_000
        report[engine] = printCatchUp(`catch-up into ${name}`, run, chain, limit, target)
        report[`${engine}Memory`] = printMemory(`sync process, ${name} catch-up`, run)
      }
      const squidRun = await attempt(`Subsquid into ${name}`, () =>
        squidCatchUp(source, squid, head),
      )
      if (squidRun !== undefined)
        report[`${engine}Squid`] = printSquid(
          name,
          squidRun,
          run,
          run === undefined ? undefined : await compareReplicas(ours, squid),
        )
    }
  } finally {
    await node.stop()
    await dropSchemas(PG_URL, schemas)
    rmSync(dir, { recursive: true, force: true })
  }

  console.log(
    `  limit of one live block's write: a 10-pet transaction commits in p50 ${sqliteLimit.smallCommitP50.toFixed(1)} ms, p99 ${sqliteLimit.smallCommitP99.toFixed(1)} ms (SQLite); p50 ${pgLimit.smallCommitP50.toFixed(1)} ms, p99 ${pgLimit.smallCommitP99.toFixed(1)} ms (PostgreSQL)`,
  )
  for (const seal of ['instant', '100']) {
    const how = seal === 'instant' ? 'instant seal' : `${seal} ms interval seal`
    const liveDir = mkdtempSync(join(tmpdir(), 'critter-bench-live-'))
    const lag = await attempt(`live lag, ${how}`, () =>
      liveLag({
        db: `sqlite:${join(liveDir, 'live.db')}`,
        seal,
        rate: LIVE_RATE,
        seconds: options.liveSeconds ?? 60,
      }),
    )
    rmSync(liveDir, { recursive: true, force: true })
    if (lag === undefined) continue
    const missing = lag.missing > 0 ? `, ${lag.missing} blocks never reached the replica` : ''
    console.log(
      `  live lag into SQLite, ${how}, ${fmt(lag.txPerSecond)} mints/s: p50 ${lag.p50.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(1)} ms over ${fmt(lag.blocks)} blocks in ${lag.seconds.toFixed(0)} s${missing} (target p99 ≤ 100 ms)`,
    )
    report[`live-${seal}`] = lag
  }
  console.log(`  load average ${load()}`)
  report['loadAfter'] = loadavg()
  return report
}

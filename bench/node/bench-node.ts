// The node benchmark: the node runs in its own process (the CLI), the load in another, and this
// process measures the machine's signature-verification limit in the same run.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createVerifierPool } from '../../src/node/index.ts'
import {
  DEV_PHRASE,
  deriveHard,
  type KeypairScheme,
  type SignatureCheck,
} from '../../src/primitives/index.ts'
import { fmt } from '../measure.ts'

const root = join(import.meta.dirname, '..', '..')

/** Raw verifications per second on every core, through the same worker pool the node uses. */
const verifyLimit = async (scheme: KeypairScheme, count: number): Promise<number> => {
  const pairs = Array.from({ length: 64 }, (_, i) =>
    deriveHard(DEV_PHRASE, ['limit', String(i)], scheme),
  )
  const checks: SignatureCheck[] = Array.from({ length: count }, (_, i) => {
    const pair = pairs[i % pairs.length] as (typeof pairs)[number]
    const message = new TextEncoder().encode(`message ${i} of the limit run, about a payload long`)
    return { scheme, publicKey: pair.publicKey, message, signature: pair.sign(message) }
  })
  const pool = createVerifierPool({ workers: availableParallelism() })
  await pool.verify(checks.slice(0, 256))
  const start = performance.now()
  const chunk = 512
  const jobs: Promise<boolean[]>[] = []
  for (let i = 0; i < checks.length; i += chunk) jobs.push(pool.verify(checks.slice(i, i + chunk)))
  const verdicts = (await Promise.all(jobs)).flat()
  const seconds = (performance.now() - start) / 1000
  await pool.close()
  if (!verdicts.every(Boolean)) throw new RangeError('a valid signature failed to verify')
  return count / seconds
}

interface RunningNode {
  readonly child: ChildProcess
  readonly url: string
  readonly startedMs: number
}

const startNode = (basePath: string, port: number, seal: string[]): Promise<RunningNode> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now()
    // Node itself with tsx's loader (not the tsx CLI, which cannot pass SIGKILL on).
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'src/cli/main.ts'),
        'node',
        '--base-path',
        basePath,
        '--rpc-port',
        String(port),
        ...seal,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let err = ''
    child.stderr?.on('data', chunk => {
      err += String(chunk)
      if (err.includes('node started'))
        resolve({ child, url: `ws://127.0.0.1:${port}`, startedMs: performance.now() - t0 })
    })
    child.once('exit', code => reject(new RangeError(`node exited (${code}): ${err.slice(-2000)}`)))
  })

const stopNode = (node: RunningNode, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> =>
  new Promise(resolve => {
    if (node.child.exitCode !== null) return resolve()
    node.child.once('exit', () => resolve())
    node.child.kill(signal)
  })

const rssMiB = (pid: number | undefined): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
  return kib / 1024
}

/** What the load process reports. */
interface LoadResult {
  readonly txPerSecond?: number
  readonly petsPerSecond?: number
  readonly p50?: number
  readonly p99?: number
}

const load = (url: string, args: string[]): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'load.ts'), url, ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout?.on('data', chunk => {
      out += String(chunk)
    })
    child.once('exit', code => {
      const line = out.trim().split('\n').at(-1)
      if (code !== 0 || line === undefined) reject(new RangeError(`load exited ${code}: ${out}`))
      else resolve(JSON.parse(line))
    })
  })

/** Runs the node benchmarks and prints each figure beside its limit. */
export const benchNode = async (
  options: { pets?: number } = {},
): Promise<Record<string, unknown>> => {
  const report: Record<string, unknown> = {}
  const cores = availableParallelism()
  const srLimit = await verifyLimit('Sr25519', 20_000)
  const edLimit = await verifyLimit('Ed25519', 40_000)
  console.log(
    `  limit: raw sr25519 verifications ${fmt(srLimit)}/s, ed25519 ${fmt(edLimit)}/s (${cores} cores, worker pool)`,
  )
  const dir = mkdtempSync(join(tmpdir(), 'critter-bench-'))
  try {
    let node = await startNode(join(dir, 'a'), 19944, ['--seal', 'instant'])
    const sr = await load(node.url, ['mint', 'Sr25519', '20000'])
    console.log(
      `  signed sr25519 mints end to end: ${fmt(sr.txPerSecond ?? 0)}/s = ${(((sr.txPerSecond ?? 0) / srLimit) * 100).toFixed(0)}% of the verify limit (target 80%)`,
    )
    const ed = await load(node.url, ['mint', 'Ed25519', '40000'])
    console.log(
      `  signed ed25519 mints end to end: ${fmt(ed.txPerSecond ?? 0)}/s (target 15,000; verify limit ${fmt(edLimit)}/s)`,
    )
    const batch = await load(node.url, ['batch', 'Ed25519', '2000'])
    console.log(
      `  batch-minted pets, durable: ${fmt(batch.petsPerSecond ?? 0)}/s (target 100,000; 128 pets per extrinsic)`,
    )
    const instant = await load(node.url, ['latency', 'Sr25519', '5000', '1000'])
    console.log(
      `  latency to inBlock, instant seal, 1,000 tx/s offered: p50 ${instant.p50?.toFixed(1)} ms, p99 ${instant.p99?.toFixed(1)} ms (target p99 ≤ 20 ms)`,
    )
    await stopNode(node)
    node = await startNode(join(dir, 'a'), 19944, ['--seal', 'interval', '--block-time', '100'])
    const interval = await load(node.url, ['latency', 'Sr25519', '3000', '1000'])
    console.log(
      `  latency to inBlock, 100 ms interval seal, 1,000 tx/s offered: p50 ${interval.p50?.toFixed(1)} ms, p99 ${interval.p99?.toFixed(1)} ms`,
    )
    await stopNode(node)
    Object.assign(report, { srLimit, edLimit, sr, ed, batch, instant, interval })

    const pets = options.pets ?? 1_000_000
    node = await startNode(join(dir, 'big'), 19945, ['--seal', 'instant'])
    const fill = await load(node.url, ['batch', 'Ed25519', String(Math.ceil(pets / 128))])
    const rss = rssMiB(node.child.pid)
    await stopNode(node, 'SIGKILL')
    node = await startNode(join(dir, 'big'), 19945, ['--seal', 'instant'])
    console.log(
      `  ${fmt(pets)} pets (filled at ${fmt(fill.petsPerSecond ?? 0)}/s): node RSS ${rss.toFixed(0)} MiB (target ≤ 1,024), restart after SIGKILL to RPC ready ${node.startedMs.toFixed(0)} ms (target ≤ 2,000, tsx start-up included)`,
    )
    await stopNode(node)
    Object.assign(report, { fill, rssMiB: rss, restartMs: node.startedMs })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return report
}

// Runs helpers/squid-processor.ts as its own process (Subsquid's `processor.run` exits the process
// when done) and reads back what its data handler and database saw.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SquidEventRecord, SquidOutputLine } from './squid-processor.ts'

const SCRIPT = fileURLToPath(new URL('./squid-processor.ts', import.meta.url))

/** What one processor run produced. */
export interface SquidRun {
  /** The process exit code (0: it reached the end of the range), or the signal that ended it. */
  readonly exit: number | string
  readonly events: readonly SquidEventRecord[]
  /** The heads the database committed, in order. */
  readonly commits: readonly { readonly height: number; readonly hash: string }[]
  /** The processor's own log, for failure messages. */
  readonly log: string
}

/**
 * Runs the squid over blocks 0..`to` of the node at `url`, selecting `events` and `calls`, and
 * waits for it to exit (killed after `timeoutMs`).
 *
 * @example
 * const run = await runSquid({ url, to: 20, events: ['CritterNfts.PetNftMinted'], calls: [] })
 */
export const runSquid = async (options: {
  readonly url: string
  readonly to: number
  readonly events: readonly string[]
  readonly calls: readonly string[]
  readonly timeoutMs?: number
}): Promise<SquidRun> => {
  const dir = await mkdtemp(join(tmpdir(), 'critter-squid-'))
  const out = join(dir, 'out.jsonl')
  try {
    // Without PROMETHEUS_PORT the processor's metrics server takes an ephemeral port.
    const { PROMETHEUS_PORT: _fixedPort, ...inherited } = process.env
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: {
        ...inherited,
        SQUID_RPC_URL: options.url,
        SQUID_TO: String(options.to),
        SQUID_EVENTS: JSON.stringify(options.events),
        SQUID_CALLS: JSON.stringify(options.calls),
        SQUID_OUT: out,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString()
    })
    const exit = await new Promise<number | string>(resolve => {
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 45_000)
      // 'close', not 'exit': it comes after the child's stdout and stderr are drained, so the
      // log holds the processor's last (fatal) line.
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        resolve(code ?? signal ?? 'unknown')
      })
    })
    const text = await readFile(out, 'utf8').catch(() => '')
    const lines = text
      .split('\n')
      .filter(line => line !== '')
      .map(line => JSON.parse(line) as SquidOutputLine)
    return {
      exit,
      events: lines.flatMap(line => (line.type === 'event' ? [line.event] : [])),
      commits: lines.flatMap(line => (line.type === 'commit' ? [line.head] : [])),
      log,
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

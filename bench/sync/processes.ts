// Child processes of the sync benchmark: each speaks one JSON object per stdout line, and the
// parent waits for the line it needs. Also the clock they share and the size of a directory.
import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Milliseconds since the Unix epoch, sub-millisecond, comparable across processes. */
export const epochMs = (): number => performance.timeOrigin + performance.now()

/** Bytes the files under `dir` take on disk (allocated blocks, so sparse maps count as stored). */
export const diskBytes = (dir: string): number => {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? diskBytes(path) : statSync(path).blocks * 512
  }
  return total
}

/** CPU seconds (user and system) process `pid` has used so far, from /proc. */
export const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Writes one JSON line to stdout (a child's report to the bench). */
export const report = (line: Line): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

/**
 * Ends this process, when `startChild` started it, as soon as its parent goes away (its stdin
 * pipe closes), so that no node, sync or squid outlives a bench that was killed.
 */
export const exitWithParent = (): void => {
  if (process.env['CRITTER_BENCH_CHILD'] === '1')
    process.stdin.on('end', () => process.exit(1)).resume()
}

/** One JSON report line of a child; `type` says which. */
export type Line = { readonly type?: unknown } & Record<string, unknown>

/** A child process started with tsx's loader, whose stdout lines are JSON reports. */
export interface Child {
  readonly process: ChildProcess
  /** Resolves with the first line for which `match` is true (rejects if the child exits first). */
  line(match: (line: Line) => boolean): Promise<Line>
  /** Every line received so far. */
  readonly lines: readonly Line[]
  /** Resolves with the exit code once the child has exited. */
  readonly exited: Promise<number | null>
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** Starts `script` (a .ts file) in a Node process of its own with tsx's loader. */
export const startChild = (
  script: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Child => {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env, CRITTER_BENCH_CHILD: '1' },
  })
  const lines: Line[] = []
  const waiters: {
    match: (l: Line) => boolean
    resolve: (l: Line) => void
  }[] = []
  let buffered = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    let end = buffered.indexOf('\n')
    while (end >= 0) {
      const text = buffered.slice(0, end)
      buffered = buffered.slice(end + 1)
      end = buffered.indexOf('\n')
      if (!text.startsWith('{')) continue
      const line = JSON.parse(text) as Line
      lines.push(line)
      for (const w of waiters.splice(0)) {
        if (w.match(line)) w.resolve(line)
        else waiters.push(w)
      }
    }
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  return {
    process: child,
    lines,
    exited,
    line(match) {
      const seen = lines.find(match)
      if (seen !== undefined) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve })
        void exited.then(code =>
          reject(new RangeError(`${script} exited (${code}) early: ${stderr.slice(-2000)}`)),
        )
      })
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}

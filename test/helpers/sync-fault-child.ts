// `critter sync` as a child process, for the tests that SIGKILL it. The child is node itself,
// never a wrapper (the tsx CLI cannot pass SIGKILL on to the process it starts), so a kill reaches
// the very process holding the database transaction.
//
// By default it runs src/cli/main.ts bundled once per test file by esbuild (the transform tsx
// itself uses, so the code is the same): node with tsx's loader spends about 3.5 s loading the
// module graph on every start, the bundle about 1 s, and the crash test starts the sync more than
// twenty times per store. CRITTER_SYNC_CHILD=tsx runs `node --import tsx src/cli/main.ts` instead.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'

const ROOT = join(import.meta.dirname, '..', '..')
const CLI = join(ROOT, 'src', 'cli', 'main.ts')
// Inside the repository, so the bundle's package imports resolve to its node_modules.
const BUNDLES = join(ROOT, 'node_modules', '.cache', 'critter-sync-tests')
const USE_TSX = process.env['CRITTER_SYNC_CHILD'] === 'tsx'

let bundled: Promise<string> | undefined

/** Bundles the CLI for this process (once), unless the tsx loader is asked for. */
export const prepareCli = async (): Promise<void> => {
  if (USE_TSX) return
  bundled ??= (async () => {
    await mkdir(BUNDLES, { recursive: true })
    const outfile = join(BUNDLES, `critter-${process.pid}-${Date.now()}.mjs`)
    await build({
      entryPoints: [CLI],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'error',
    })
    return outfile
  })()
  await bundled
}

/** Removes this process's bundle. */
export const disposeCli = async (): Promise<void> => {
  const path = await bundled?.catch(() => undefined)
  bundled = undefined
  if (path !== undefined) await rm(path, { force: true })
}

const cliCommand = async (): Promise<string[]> =>
  USE_TSX || bundled === undefined ? ['--import', 'tsx', CLI] : [await bundled]

/** A running `critter` child. */
export interface CliChild {
  readonly child: ChildProcess
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  readonly exited: Promise<number | string>
  /** The last lines it wrote to stderr (its structured logs), for a failure's message. */
  tail(): string
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>
  /** SIGTERM (a clean stop), then wait for the exit code. */
  stop(): Promise<number | string>
}

/**
 * Starts `critter ARGS…` as a child (stdin closed, stdout and stderr captured): the bundle when
 * `prepareCli` made one, else through tsx's loader.
 *
 * @example
 * await prepareCli()
 * const sync = await startCli(['sync', '--node', url, '--db', 'sqlite:/tmp/r.db', '--batch-blocks', '5'])
 * await sync.kill()
 */
export const startCli = async (args: readonly string[]): Promise<CliChild> => {
  const child = spawn(process.execPath, [...(await cliCommand()), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let partial = ''
  const keep = (chunk: unknown) => {
    partial += String(chunk)
    const parts = partial.split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts)
    if (lines.length > 40) lines.splice(0, lines.length - 40)
  }
  child.stderr?.on('data', keep)
  child.stdout?.on('data', keep)
  const exited = new Promise<number | string>(resolve => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
  })
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name)
    return exited
  }
  return {
    child,
    exited,
    tail: () => [...lines, partial].join('\n'),
    kill: async () => {
      await signal('SIGKILL')
    },
    stop: () => signal('SIGTERM'),
  }
}

import { spawn } from 'node:child_process'
import { join } from 'node:path'

const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx')
const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts')

/** What one `critter` process did. */
export interface CritterRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs `critter …` as its users do, a separate process; with `until`, sends SIGTERM once stderr
 * matches it (for long-running commands such as `critter sync`).
 *
 * @example const { code, stdout } = await runCritter(['query', 'CritterNfts.NextPetId', '--node', url])
 */
export const runCritter = (args: readonly string[], until?: RegExp): Promise<CritterRun> =>
  new Promise(resolve => {
    const child = spawn(tsx, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let stopping = false
    child.stdout.on('data', chunk => {
      stdout += String(chunk)
    })
    child.stderr.on('data', chunk => {
      stderr += String(chunk)
      // Once: a second SIGTERM would end the process before its own shutdown finishes.
      if (!stopping && until?.test(stderr)) {
        stopping = true
        child.kill('SIGTERM')
      }
    })
    child.once('close', code => resolve({ code, stdout, stderr }))
  })

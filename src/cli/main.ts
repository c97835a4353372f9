#!/usr/bin/env node
// The one composition root: `critter <command> [flags]`. Each command parses and validates its
// own flags; a usage error exits with 2, a failure with 1.
import { CritterFault, initCrypto } from '../primitives/index.ts'
import { UsageError } from './cli-error.ts'
import { NODE_USAGE, runNode } from './commands/node.ts'
import { QUERY_USAGE, runQuery } from './commands/query.ts'
import { runTx, TX_USAGE } from './commands/tx.ts'

const COMMANDS: Record<string, { usage: string; run: (args: readonly string[]) => Promise<void> }> =
  {
    node: { usage: NODE_USAGE, run: runNode },
    tx: { usage: TX_USAGE, run: runTx },
    query: { usage: QUERY_USAGE, run: runQuery },
  }

const usage = (): string =>
  `usage: critter <command> [flags]\n\ncommands:\n${Object.values(COMMANDS)
    .map(c => `  ${c.usage.split('\n')[0]}`)
    .join('\n')}\n\nflags of one command: critter <command> --help`

const main = async (argv: readonly string[]): Promise<number> => {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(usage())
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS[name]
  if (command === undefined) {
    console.error(`critter: unknown command '${name}'\n\n${usage()}`)
    return 2
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage)
    return 0
  }
  try {
    await initCrypto()
    await command.run(args)
    return 0
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`critter ${name}: ${error.message}\n\n${command.usage}`)
      return 2
    }
    const code = error instanceof CritterFault ? ` [${error.code}]` : ''
    console.error(
      `critter ${name}: ${error instanceof Error ? error.message : String(error)}${code}`,
    )
    return 1
  }
}

process.exitCode = await main(process.argv.slice(2))

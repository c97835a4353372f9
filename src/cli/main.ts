#!/usr/bin/env node
// The one composition root: `critter <command> [flags]`. Each command parses and validates its
// own flags; a usage error exits with 2, a failure with 1.
import { CritterFault, initCrypto } from '../primitives/index.ts'
import { UsageError } from './cli-error.ts'
import { DELIVERIES_USAGE, runDeliveries } from './commands/deliveries.ts'
import { NODE_USAGE, runNode } from './commands/node.ts'
import { PET_USAGE, PETS_USAGE, runPet, runPets } from './commands/pets.ts'
import { QUERY_USAGE, runQuery } from './commands/query.ts'
import { runStart, START_USAGE } from './commands/start.ts'
import { runSync, SYNC_USAGE } from './commands/sync.ts'
import { runTx, TX_USAGE } from './commands/tx.ts'

// A command resolves with its exit code (or nothing, for 0).
const COMMANDS: Record<
  string,
  { usage: string; run: (args: readonly string[]) => Promise<unknown> }
> = {
  start: { usage: START_USAGE, run: runStart },
  node: { usage: NODE_USAGE, run: runNode },
  tx: { usage: TX_USAGE, run: runTx },
  query: { usage: QUERY_USAGE, run: runQuery },
  sync: { usage: SYNC_USAGE, run: runSync },
  pets: { usage: PETS_USAGE, run: runPets },
  pet: { usage: PET_USAGE, run: runPet },
  deliveries: { usage: DELIVERIES_USAGE, run: runDeliveries },
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
    const code = await command.run(args)
    return typeof code === 'number' ? code : 0
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

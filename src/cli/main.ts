#!/usr/bin/env node
// The one composition root: `critter <command> [flags]`. Each command parses and validates its
// own flags; a usage error exits with 2, a failure with 1.
import { CritterFault, initCrypto } from '../primitives/index.ts'
import { UsageError } from './cli-error.ts'

/** A command: its usage text and what it runs; resolves with its exit code (or nothing, for 0). */
interface Command {
  readonly usage: string
  run(args: readonly string[]): Promise<unknown>
}

// Commands load on demand: `critter pets` should not pay for loading the node, nor `critter node`
// for the replica's database drivers.
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  start: {
    summary: 'critter start [node flags] [--db LOCATION]',
    load: async () => {
      const m = await import('./commands/start.ts')
      return { usage: m.START_USAGE, run: m.runStart }
    },
  },
  node: {
    summary: 'critter node --dev | --base-path DIR [options]',
    load: async () => {
      const m = await import('./commands/node.ts')
      return { usage: m.NODE_USAGE, run: m.runNode }
    },
  },
  tx: {
    summary: 'critter tx <call> [ARGS_JSON] [--signer NAME] [--node URL]',
    load: async () => {
      const m = await import('./commands/tx.ts')
      return { usage: m.TX_USAGE, run: m.runTx }
    },
  },
  query: {
    summary: 'critter query <Pallet>.<Item> [KEY_JSON] [--at BLOCK_HASH] [--node URL]',
    load: async () => {
      const m = await import('./commands/query.ts')
      return { usage: m.QUERY_USAGE, run: m.runQuery }
    },
  },
  sync: {
    summary: 'critter sync [verify] [--node URL] [--db LOCATION] [--hooks FILE]',
    load: async () => {
      const m = await import('./commands/sync.ts')
      return { usage: m.SYNC_USAGE, run: m.runSync }
    },
  },
  pets: {
    summary: 'critter pets [--owner ACCOUNT | --species NAME | --pending] [--db LOCATION]',
    load: async () => {
      const m = await import('./commands/pets.ts')
      return { usage: m.PETS_USAGE, run: m.runPets }
    },
  },
  pet: {
    summary: 'critter pet <ID> [--history] [--db LOCATION]',
    load: async () => {
      const m = await import('./commands/pets.ts')
      return { usage: m.PET_USAGE, run: m.runPet }
    },
  },
  deliveries: {
    summary: 'critter deliveries [--hook N] [--status S] [--retry-dead] [--db LOCATION]',
    load: async () => {
      const m = await import('./commands/deliveries.ts')
      return { usage: m.DELIVERIES_USAGE, run: m.runDeliveries }
    },
  },
}

const usage = (): string =>
  `usage: critter <command> [flags]\n\ncommands:\n${Object.values(COMMANDS)
    .map(c => `  ${c.summary}`)
    .join('\n')}\n\nflags of one command: critter <command> --help`

const main = async (argv: readonly string[]): Promise<number> => {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(usage())
    return name === undefined ? 2 : 0
  }
  const entry = COMMANDS[name]
  if (entry === undefined) {
    console.error(`critter: unknown command '${name}'\n\n${usage()}`)
    return 2
  }
  const command = await entry.load()
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

import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createNode, type NodeFault, type SealMode } from '../../node/index.ts'
import { UsageError } from '../cli-error.ts'
import { createConsoleLogger } from '../console-logger.ts'

/** `critter node` usage. */
export const NODE_USAGE = `critter node --dev | --base-path DIR [options]

  --dev                 a development chain: temporary storage, //Alice to //Ferdie at genesis
  --base-path DIR       where blocks and state are kept (LMDB); with --dev, keeps the dev chain
  --rpc-port N          JSON-RPC port, WebSocket and HTTP (default 9944)
  --rpc-host HOST       JSON-RPC interface (default 127.0.0.1)
  --seal MODE           instant | interval | manual (default instant, or interval with --block-time)
  --block-time MS       block interval for --seal interval (default 6000)
  --verifier-threads N  signature verification threads (default: one per core)`

const port = z.coerce.number().int().min(0).max(65535)
const NodeFlags = z
  .object({
    dev: z.boolean().default(false),
    'base-path': z.string().min(1).optional(),
    'rpc-port': port.default(9944),
    'rpc-host': z.string().min(1).default('127.0.0.1'),
    seal: z.enum(['instant', 'interval', 'manual']).optional(),
    'block-time': z.coerce.number().int().min(1).max(3_600_000).optional(),
    'verifier-threads': z.coerce.number().int().min(1).max(64).optional(),
  })
  .strict()
  .refine(flags => flags.dev || flags['base-path'] !== undefined, {
    message: 'give --dev or --base-path DIR',
  })
  .refine(flags => flags['block-time'] === undefined || flags.seal !== 'instant', {
    message: '--block-time goes with --seal interval',
  })
  .refine(flags => flags['block-time'] === undefined || flags.seal !== 'manual', {
    message: '--block-time goes with --seal interval',
  })

/** Parses `critter node` flags into node options; throws `UsageError` with the reason. */
export const parseNodeFlags = (args: readonly string[]) => {
  let values: Record<string, unknown>
  try {
    values = parseArgs({
      args: [...args],
      options: {
        dev: { type: 'boolean' },
        'base-path': { type: 'string' },
        'rpc-port': { type: 'string' },
        'rpc-host': { type: 'string' },
        seal: { type: 'string' },
        'block-time': { type: 'string' },
        'verifier-threads': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const parsed = NodeFlags.safeParse(values)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? `--${issue.path.join('.')}: ` : ''
    throw new UsageError(`${where}${issue?.message ?? 'invalid flags'}`)
  }
  const flags = parsed.data
  const mode = flags.seal ?? (flags['block-time'] === undefined ? 'instant' : 'interval')
  const seal: SealMode =
    mode === 'interval' ? { type: 'interval', value: flags['block-time'] ?? 6000 } : { type: mode }
  return {
    dev: flags.dev,
    ...(flags['base-path'] === undefined ? {} : { basePath: flags['base-path'] }),
    rpcPort: flags['rpc-port'],
    rpcHost: flags['rpc-host'],
    seal,
    ...(flags['verifier-threads'] === undefined
      ? {}
      : { verifierThreads: flags['verifier-threads'] }),
  }
}

/** Runs a node until SIGINT or SIGTERM, then shuts it down cleanly. */
export const runNode = async (args: readonly string[]): Promise<void> => {
  const logger = createConsoleLogger()
  let fatal: NodeFault | undefined
  let stop: () => void = () => undefined
  const stopped = new Promise<void>(resolve => {
    stop = resolve
  })
  const node = await createNode({
    ...parseNodeFlags(args),
    logger,
    onFatal: error => {
      fatal = error
      stop()
    },
  })
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  await stopped
  await node.close()
  if (fatal !== undefined) throw fatal
}

import { createNode, type NodeFault } from '../../node/index.ts'
import { createSync, openSyncStore } from '../../sync/index.ts'
import { connectFollower } from '../connect.ts'
import { createConsoleLogger } from '../console-logger.ts'
import { DEFAULT_DB } from '../default-db.ts'
import { createProgressReporter } from '../sync-progress.ts'
import { NODE_USAGE, parseNodeFlags } from './node.ts'

/** `critter start` usage. */
export const START_USAGE = `critter start [node flags] [--db LOCATION]

  Runs a node and the sync service beside it, in one process: the whole system on embedded
  storage (the node's blocks in LMDB, the replica in SQLite by default).
  --db  the replica: sqlite:PATH or postgres://… (default ${DEFAULT_DB})

node flags:
${NODE_USAGE.split('\n').slice(2).join('\n')}`

/** Splits `--db VALUE` (or `--db=VALUE`) out of the node's flags. */
const takeDb = (args: readonly string[]): { db: string; rest: string[] } => {
  const rest: string[] = []
  let db = DEFAULT_DB
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--db' && i + 1 < args.length) db = args[++i] as string
    else if (arg.startsWith('--db=')) db = arg.slice(5)
    else rest.push(arg)
  }
  return { db, rest }
}

/** Runs node and sync until SIGINT or SIGTERM, then stops both cleanly. */
export const runStart = async (args: readonly string[]): Promise<void> => {
  const { db, rest } = takeDb(args)
  const nodeOptions = parseNodeFlags(rest)
  const logger = createConsoleLogger()
  const controller = new AbortController()
  let fatal: NodeFault | undefined
  const node = await createNode({
    ...nodeOptions,
    logger,
    onFatal: error => {
      fatal = error
      controller.abort()
    },
  })
  const store = await openSyncStore(db).catch(async (error: unknown) => {
    await node.close()
    throw error
  })
  const { api, critter } = connectFollower(node.url)
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const progress = createProgressReporter({ stream: process.stderr, logger })
  try {
    logger.info('sync starting', { node: node.url, db: store.kind })
    await createSync({ api, critter, store, logger, onBatch: progress.onBatch }).run(
      controller.signal,
    )
  } finally {
    progress.stop()
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    await api.client.close()
    await store.close()
    await node.close()
  }
  if (fatal !== undefined) throw fatal
}

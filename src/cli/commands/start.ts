import { createNode, type NodeFault } from '../../node/index.ts'
import { createSyncWithHooks, loadHookConfig, openSyncStore } from '../../sync/index.ts'
import { UsageError } from '../cli-error.ts'
import { connectFollower } from '../connect.ts'
import { createConsoleLogger } from '../console-logger.ts'
import { DEFAULT_DB } from '../default-db.ts'
import { createProgressReporter } from '../sync-progress.ts'
import { NODE_USAGE, parseNodeFlags } from './node.ts'

/** `critter start` usage. */
export const START_USAGE = `critter start [node flags] [--db LOCATION] [--hooks FILE]

  Runs a node and the sync service beside it, in one process: the whole system on embedded
  storage (the node's blocks in LMDB, the replica in SQLite by default).
  --db     the replica: sqlite:PATH or postgres://… (default ${DEFAULT_DB})
  --hooks  hook endpoints and acknowledgement keys, as JSON (see critter sync --help)

node flags:
${NODE_USAGE.split('\n').slice(2).join('\n')}`

/** Splits the sync's `--db` and `--hooks` (each `--flag VALUE` or `--flag=VALUE`) out of the node's flags. */
const takeSyncFlags = (
  args: readonly string[],
): { db: string; hooks: string | undefined; rest: string[] } => {
  const rest: string[] = []
  const taken: Record<'db' | 'hooks', string | undefined> = { db: undefined, hooks: undefined }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const name = (['db', 'hooks'] as const).find(n => arg === `--${n}` || arg.startsWith(`--${n}=`))
    if (name === undefined) rest.push(arg)
    else if (arg.includes('=')) taken[name] = arg.slice(name.length + 3)
    else if (i + 1 < args.length) taken[name] = args[++i] as string
    else throw new UsageError(`--${name} needs a value`)
  }
  return { db: taken.db ?? DEFAULT_DB, hooks: taken.hooks, rest }
}

/** Runs node and sync until SIGINT or SIGTERM, then stops both cleanly. */
export const runStart = async (args: readonly string[]): Promise<void> => {
  const { db, hooks: hooksFile, rest } = takeSyncFlags(args)
  const nodeOptions = parseNodeFlags(rest)
  const hooks = hooksFile === undefined ? undefined : await loadHookConfig(hooksFile)
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
    await createSyncWithHooks({
      api,
      critter,
      store,
      logger,
      onBatch: progress.onBatch,
      ...(hooks === undefined ? {} : { hooks }),
    }).run(controller.signal)
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

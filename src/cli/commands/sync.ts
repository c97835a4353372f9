import { z } from 'zod'
import { bytesToHex } from '../../primitives/index.ts'
import {
  createSyncWithHooks,
  loadHookConfig,
  openSyncStore,
  type SyncStore,
  verifyReplica,
} from '../../sync/index.ts'
import { connectFollower, DEFAULT_NODE_URL } from '../connect.ts'
import { createConsoleLogger } from '../console-logger.ts'
import { DEFAULT_DB } from '../default-db.ts'
import { parseFlags } from '../flags.ts'
import { createProgressReporter } from '../sync-progress.ts'

/** `critter sync` usage. */
export const SYNC_USAGE = `critter sync [--node URL] [--db LOCATION] [--hooks FILE] [--batch-blocks N]
critter sync verify [--node URL] [--db LOCATION] [--at BLOCK]

  Keeps a replica of every pet, its history and the hook registry, following finalized blocks
  from the replica's checkpoint (or genesis), and delivers pet changes to configured hooks.

  --node          the node's JSON-RPC URL (default ${DEFAULT_NODE_URL})
  --db            sqlite:PATH or postgres://USER@HOST:PORT/DB (default ${DEFAULT_DB})
  --hooks FILE    hook endpoints (webhook or NATS JetStream) and acknowledgement keys, as JSON
  --batch-blocks  most blocks per catch-up transaction, 1 to 256 (default 200)

  verify compares every pet and hook in the replica with the chain at the replica's checkpoint,
  prints each difference and exits 1 if there is any. --at BLOCK insists the checkpoint is BLOCK.`

const common = {
  node: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .default(DEFAULT_NODE_URL),
  db: z.string().min(1).default(DEFAULT_DB),
}

const SyncFlags = z
  .object({
    ...common,
    hooks: z.string().min(1).optional(),
    'batch-blocks': z.coerce.number().int().min(1).max(256).default(200),
  })
  .strict()

const VerifyFlags = z
  .object({ ...common, at: z.coerce.number().int().min(0).max(0xffff_ffff).optional() })
  .strict()

/** Opens the store, runs `body`, closes it whatever happens. */
const withStore = async <T>(location: string, body: (store: SyncStore) => Promise<T>) => {
  const store = await openSyncStore(location)
  try {
    return await body(store)
  } finally {
    await store.close()
  }
}

/** `critter sync`: follows the chain until SIGINT or SIGTERM. */
const runFollow = async (args: readonly string[]): Promise<undefined> => {
  const { flags } = parseFlags(
    args,
    {
      node: { type: 'string' },
      db: { type: 'string' },
      hooks: { type: 'string' },
      'batch-blocks': { type: 'string' },
    },
    SyncFlags,
  )
  const logger = createConsoleLogger()
  // A bad hooks file is refused before anything connects.
  const hooks = flags.hooks === undefined ? undefined : await loadHookConfig(flags.hooks)
  await withStore(flags.db, async store => {
    const { api, critter } = connectFollower(flags.node)
    const progress = createProgressReporter({ stream: process.stderr, logger })
    const controller = new AbortController()
    const stop = () => controller.abort()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      const sync = createSyncWithHooks({
        api,
        critter,
        store,
        logger,
        ...(hooks === undefined ? {} : { hooks }),
        batchBlocks: flags['batch-blocks'],
        onBatch: progress.onBatch,
      })
      logger.info('sync starting', {
        node: flags.node,
        db: store.kind,
        hooks: hooks?.hooks.map(h => h.id) ?? [],
      })
      await sync.run(controller.signal)
    } finally {
      progress.stop()
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      await api.client.close()
    }
  })
}

/** `critter sync verify`: exits 1 when the replica differs from the chain. */
const runVerify = async (args: readonly string[]): Promise<number> => {
  const { flags } = parseFlags(
    args,
    { node: { type: 'string' }, db: { type: 'string' }, at: { type: 'string' } },
    VerifyFlags,
  )
  return withStore(flags.db, async store => {
    const { api, critter } = connectFollower(flags.node, false)
    try {
      const report = await verifyReplica({
        api,
        critter,
        store,
        ...(flags.at === undefined ? {} : { at: flags.at }),
      })
      for (const difference of report.differences) console.log(JSON.stringify(difference))
      const where = `block ${report.block.number} ${bytesToHex(report.block.hash)}`
      if (report.differences.length === 0) {
        console.error(
          `replica matches the chain at ${where}: ${report.pets} pets, ${report.hooks} hooks`,
        )
        return 0
      }
      console.error(
        `replica differs from the chain at ${where}: ${report.differences.length} differences`,
      )
      return 1
    } finally {
      await api.client.close()
    }
  })
}

/** Runs `critter sync` or `critter sync verify`. */
export const runSync = (args: readonly string[]): Promise<number | undefined> =>
  args[0] === 'verify' ? runVerify(args.slice(1)) : runFollow(args)

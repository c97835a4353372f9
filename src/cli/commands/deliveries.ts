import { z } from 'zod'
import { openSyncStore } from '../../sync/index.ts'
import { DEFAULT_DB } from '../default-db.ts'
import { parseFlags } from '../flags.ts'
import { deliveryToJson } from '../replica-json.ts'

/** `critter deliveries` usage. */
export const DELIVERIES_USAGE = `critter deliveries [--hook N] [--pet N] [--status pending|delivered|dead] [--after ID] [--limit N] [--retry-dead] [--db LOCATION]

  Lists hook deliveries from the replica's outbox, one JSON object per line: status, attempts,
  the next attempt, the last error and the on-chain acknowledgement.
  --retry-dead  puts dead-lettered deliveries (of --hook, or all) back in the queue`

const id = z.coerce.number().int().min(0).max(0xffff_ffff)
const DeliveriesFlags = z
  .object({
    db: z.string().min(1).default(DEFAULT_DB),
    hook: id.optional(),
    pet: id.optional(),
    status: z.enum(['pending', 'delivered', 'dead']).optional(),
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
    'retry-dead': z.boolean().default(false),
  })
  .strict()

/** Lists deliveries, or requeues dead letters. */
export const runDeliveries = async (args: readonly string[]): Promise<void> => {
  const { flags } = parseFlags(
    args,
    {
      db: { type: 'string' },
      hook: { type: 'string' },
      pet: { type: 'string' },
      status: { type: 'string' },
      after: { type: 'string' },
      limit: { type: 'string' },
      'retry-dead': { type: 'boolean' },
    },
    DeliveriesFlags,
  )
  const store = await openSyncStore(flags.db)
  try {
    if (flags['retry-dead']) {
      const count = await store.retryDead(flags.hook)
      console.error(`${count} dead-lettered deliveries are pending again`)
      return
    }
    const rows = await store.deliveries({
      limit: flags.limit,
      ...(flags.hook === undefined ? {} : { hookId: flags.hook }),
      ...(flags.pet === undefined ? {} : { petId: flags.pet }),
      ...(flags.status === undefined ? {} : { status: flags.status }),
      ...(flags.after === undefined ? {} : { after: flags.after }),
    })
    for (const row of rows) console.log(JSON.stringify(deliveryToJson(row)))
  } finally {
    await store.close()
  }
}

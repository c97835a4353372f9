// An unmodified Subsquid SubstrateBatchProcessor (8.5.1, RPC ingestion, no archive) indexing the
// benchmark chain into our replica's tables, in its own process (`processor.run` exits the process
// at the range's end). Reports `{"type":"done", seconds, blocks, events, memory}` on stdout when it
// commits block TO.
//   tsx bench/sync/squid-process.ts URL TO sqlite:PATH | postgres://…?schema=NAME
import { SubstrateBatchProcessor } from '@subsquid/substrate-processor'
import type { FinalDatabase } from '@subsquid/util-internal-processor-tools'
import { exitWithParent, report } from './processes.ts'
import { applyEvent, type ChangeRow, petOf, type SquidEvent } from './squid-pets.ts'
import { postgresSquidDatabase, type SquidStore, sqliteSquidDatabase } from './squid-store.ts'

const [url, toArg, db] = process.argv.slice(2)
if (url === undefined || toArg === undefined || db === undefined)
  throw new TypeError('usage: squid-process.ts URL TO DB')
const to = Number(toArg)

/** Every CritterNfts event, as Subsquid names them. */
const EVENTS = [
  'PetNftMinted',
  'PetNftTransferred',
  'PetNftMetadataUpdated',
  'PetFed',
  'PetPlayedWith',
  'PetLeveledUp',
  'PetNeglected',
  'NftLocked',
  'NftUnlocked',
  'PetStateSynchronized',
  'HookRegistered',
  'HookUnregistered',
  'HookEnabled',
  'HookDisabled',
  'HookInterestsUpdated',
  'HookExecutionFailed',
  'SyncAcknowledged',
].map(name => `CritterNfts.${name}`)

exitWithParent()
const database = (() => {
  if (db.startsWith('sqlite:')) return sqliteSquidDatabase(db.slice('sqlite:'.length))
  const parsed = new URL(db)
  const schema = parsed.searchParams.get('schema') ?? 'squid'
  parsed.searchParams.delete('schema')
  return postgresSquidDatabase(parsed.toString(), schema)
})()

const processor = new SubstrateBatchProcessor()
  .setRpcEndpoint({ url })
  .setBlockRange({ from: 0, to })
  .addEvent({ name: EVENTS })
  .setFields({ event: { name: true, args: true } })

const MiB = 1024 * 1024
const memory: [number, number, number, number][] = []
const totals = { blocks: 0, events: 0, batches: 0 }
const started = performance.now()
let height = -1
const sample = () => {
  const { rss, heapUsed } = process.memoryUsage()
  memory.push([(performance.now() - started) / 1000, height, rss / MiB, heapUsed / MiB])
}
setInterval(sample, 250).unref()

// The database as given, timed: the run ends when the range's last block is committed.
const timed: FinalDatabase<SquidStore> = {
  supportsHotBlocks: false,
  connect: () => database.connect(),
  async transact(info, cb) {
    await database.transact(info, cb)
    if (info.nextHead.height < to) return
    sample()
    const seconds = (performance.now() - started) / 1000
    const { user, system } = process.cpuUsage()
    report({ type: 'done', seconds, cpuSeconds: (user + system) / 1e6, ...totals, memory })
  },
}

processor.run(timed, async ctx => {
  const store: SquidStore = ctx.store
  const ids = new Set<number>()
  for (const block of ctx.blocks)
    for (const event of block.events) {
      const id = petOf(event as SquidEvent)
      if (id !== undefined) ids.add(id)
    }
  const pets = await store.load([...ids])
  const changes: ChangeRow[] = []
  for (const block of ctx.blocks) {
    for (const event of block.events) {
      const row = applyEvent(pets, event as SquidEvent, block.header.height)
      if (row !== undefined) changes.push(row)
    }
    totals.events += block.events.length
  }
  await store.save([...pets.values()], changes)
  totals.blocks += ctx.blocks.length
  totals.batches += 1
  height = ctx.blocks.at(-1)?.header.height ?? height
})

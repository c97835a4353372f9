// Replica store benchmark: for each adapter, the raw rate of batched pet upserts (10,000 rows per
// durable transaction, precomputed parameters: what the database and the disk allow for this
// statement design) beside applyBatch with catch-up batches shaped like the planner's.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { bytesToHex, utf8 } from '../src/primitives/index.ts'
import { ELEMENTS, STATE_CHANGE_TYPES } from '../src/runtime/index.ts'
import {
  type BatchWrite,
  type Checkpoint,
  type NewDelivery,
  openPostgresStore,
  openSqliteStore,
  type PetChangeRow,
  type ReplicaPet,
  type SyncStore,
} from '../src/sync/index.ts'
import { fmt } from './measure.ts'

/** What `benchSyncStore` measures for one adapter. */
export interface SyncStoreFigures {
  /** Raw: pet rows upserted per second, 10,000 per durable transaction. */
  readonly rawUpsertsPerSecond: number
  /** SQLite only: the same with `synchronous=NORMAL`, to show what FULL costs. */
  readonly rawUpsertsNormalPerSecond?: number
  /** applyBatch: history rows (events) per second, whole batches until committed. */
  readonly eventsPerSecond: number
  /** applyBatch: pet rows upserted per second in those batches. */
  readonly petsPerSecond: number
  /** Median milliseconds of one applyBatch. */
  readonly batchMs: number
  /** loadPets: pets read per second, a batch's worth of ids per call. */
  readonly loadPetsPerSecond: number
  /** CPU milliseconds per applyBatch in this process (SQLite's work included: it runs here). */
  readonly clientCpuMsPerBatch: number
  /** PostgreSQL only: CPU milliseconds per applyBatch in the store's server backends. */
  readonly serverCpuMsPerBatch?: number
}

/** Options of `benchSyncStore`. */
export interface SyncStoreBenchOptions {
  /** Batches written by applyBatch (default 20). */
  readonly batches?: number
  /** History rows (events) per batch (default 10,000). */
  readonly eventsPerBatch?: number
  /** Pets changed per batch (default 5,000). */
  readonly petsPerBatch?: number
  /** Deliveries per batch (default 500). */
  readonly deliveriesPerBatch?: number
  /** PostgreSQL to measure (default `CRITTER_BENCH_POSTGRES`, else the local test database). */
  readonly postgresUrl?: string
}

const RAW_ROWS = 100_000
const RAW_BATCH = 10_000

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9
const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

const owners = Array.from({ length: 64 }, () => new Uint8Array(randomBytes(32)))
const SPECIES = ['Dragon', 'Phoenix', 'Golem', 'Sprite'].map(utf8)

/** A pet as the planner would hand it over: mid-life, a few traits, one pending flag. */
const petAt = (id: number, version: number, block: number): ReplicaPet => ({
  pet: {
    id,
    dna_hash: new Uint8Array(randomBytes(32)),
    initial_species: SPECIES[id % SPECIES.length] as Uint8Array,
    current_pet_name: utf8(`Pet ${id}`),
    base_strength: id % 256,
    base_agility: (id * 7) % 256,
    base_intelligence: (id * 13) % 256,
    base_vitality: (id * 17) % 256,
    primary_elemental_affinity: ELEMENTS[id % ELEMENTS.length] as (typeof ELEMENTS)[number],
    level: 1 + (version >> 2),
    experience_points: version * 15,
    mood_indicator: 60,
    last_fed_block: block,
    last_played_block: block,
    personality_traits: id % 3 === 0 ? [] : [utf8('Brave'), utf8('Curious')].slice(0, id % 3),
    last_state_update_block: block,
    state_version: version,
    sync_flags: 1 << (version % 8),
  },
  owner: owners[id % owners.length] as Uint8Array,
  locked: false,
  updatedAtBlock: block,
})

/** A PetFed event's payload as toJson writes it (~170 bytes). */
const payloadOf = (petId: number, version: number, block: number): string =>
  JSON.stringify({
    owner: bytesToHex(owners[petId % owners.length] as Uint8Array),
    pet_id: petId,
    food_item: 1,
    new_mood: 60,
    new_xp: version * 15,
    version,
    block_number: block,
  })

/**
 * Batches like the planner's during catch-up of a busy chain: each covers 100 blocks of `events`
 * history rows over `pets` pets, half of them minted in the batch (the next ids, as the chain
 * hands them out) and half existing pets cared for (spread over every id minted so far), with
 * `deliveries` deliveries.
 */
export const makeBatches = (
  count: number,
  events: number,
  pets: number,
  deliveries: number,
): BatchWrite[] => {
  const versions = new Map<number, number>()
  const batches: BatchWrite[] = []
  let parent: Checkpoint | undefined
  let minted = 0
  for (let b = 0; b < count; b++) {
    const firstBlock = b * 100
    // The first batch only mints; later ones mint half and care for half (distinct old pets).
    const fresh = b === 0 ? pets : Math.ceil(pets / 2)
    const old = pets - fresh
    const petIds = Array.from({ length: fresh }, (_, i) => minted + i)
    for (let i = 0; i < old; i++) petIds.push(Math.floor(((i + 0.5) * minted) / old))
    minted += fresh
    const changes: PetChangeRow[] = []
    const delivered: NewDelivery[] = []
    for (let i = 0; i < events; i++) {
      const petId = petIds[i % pets] as number
      const version = (versions.get(petId) ?? 0) + 1
      versions.set(petId, version)
      const block = firstBlock + Math.floor((i * 100) / events)
      const payload = payloadOf(petId, version, block)
      changes.push({
        blockNumber: block,
        eventIndex: i,
        petId,
        version,
        changeType: 'PetFed',
        payload,
      })
      if (i < deliveries) {
        const changeType = STATE_CHANGE_TYPES[1] as (typeof STATE_CHANGE_TYPES)[number]
        delivered.push({
          hookId: 1 + (i % 2),
          petId,
          version,
          changeType,
          idempotencyKey: `${petId}:${version}:${changeType}`,
          blockNumber: block,
          eventIndex: i,
          priority: 5,
          payload,
          ack: i % 2 === 0,
        })
      }
    }
    const checkpoint = { number: firstBlock + 99, hash: new Uint8Array(randomBytes(32)) }
    batches.push({
      parent,
      checkpoint,
      pets: petIds.map(id => petAt(id, versions.get(id) ?? 1, firstBlock + 99)),
      changes,
      hooks: [],
      removedHooks: [],
      deliveries: delivered,
      repairs: [],
    })
    parent = checkpoint
  }
  return batches
}

/** Parameter rows of `count` pets in `pets` column order (raw benchmarks bind them as they are). */
const rawRows = (count: number): (number | string | Uint8Array)[][] =>
  Array.from({ length: count }, (_, id) => {
    const p = petAt(id, 1, 1)
    return [
      id,
      p.pet.dna_hash,
      p.pet.initial_species,
      p.pet.current_pet_name,
      1,
      2,
      3,
      4,
      'Fire',
      1,
      0,
      60,
      1,
      1,
      '["0x4272617665"]',
      1,
      1,
      1,
      p.owner,
      0,
      1,
    ]
  })

const PET_COLUMN_LIST =
  'id, dna_hash, initial_species, current_pet_name, base_strength, base_agility, base_intelligence, ' +
  'base_vitality, primary_elemental_affinity, level, experience_points, mood_indicator, last_fed_block, ' +
  'last_played_block, personality_traits, last_state_update_block, state_version, sync_flags, owner, ' +
  'locked, updated_at_block'
const UPDATE_LIST = PET_COLUMN_LIST.split(', ')
  .slice(1)
  .map(c => `${c} = excluded.${c}`)
  .join(', ')

/** Raw SQLite: prepared upserts into the replica's own `pets` table, 10,000 per transaction. */
const rawSqlite = (path: string, synchronous: 'FULL' | 'NORMAL'): number => {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous}`)
  db.pragma('cache_size = -65536')
  const upsert = db.prepare(
    `INSERT INTO pets (${PET_COLUMN_LIST}) VALUES (${PET_COLUMN_LIST.split(', ')
      .map(() => '?')
      .join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${UPDATE_LIST}`,
  )
  const rows = rawRows(RAW_ROWS)
  const write = db.transaction((slice: typeof rows) => {
    for (const row of slice) upsert.run(...row)
  })
  const start = process.hrtime.bigint()
  // Twice over: inserts, then updates of existing rows (catch-up does both).
  for (let round = 0; round < 2; round++)
    for (let i = 0; i < RAW_ROWS; i += RAW_BATCH) write(rows.slice(i, i + RAW_BATCH))
  const rate = (2 * RAW_ROWS) / seconds(start)
  db.close()
  return rate
}

/** Raw PostgreSQL: one `unnest` upsert of 10,000 rows per transaction into the replica's `pets`. */
const rawPostgres = async (url: string, schema: string): Promise<number> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const types =
    'bigint bytea bytea bytea smallint smallint smallint smallint text bigint bigint smallint bigint bigint jsonb bigint bigint smallint bytea boolean bigint'.split(
      ' ',
    )
  const sql = `INSERT INTO "${schema}".pets (${PET_COLUMN_LIST})
    SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
    ON CONFLICT (id) DO UPDATE SET ${UPDATE_LIST}`
  const rows = rawRows(RAW_ROWS)
  const slices: unknown[][][] = []
  for (let i = 0; i < RAW_ROWS; i += RAW_BATCH) {
    const slice = rows.slice(i, i + RAW_BATCH)
    slices.push(types.map((_, c) => slice.map(r => r[c])))
  }
  const start = process.hrtime.bigint()
  for (let round = 0; round < 2; round++)
    for (const columns of slices) {
      await client.query('BEGIN')
      await client.query(sql, columns)
      await client.query('COMMIT')
    }
  const rate = (2 * RAW_ROWS) / seconds(start)
  await client.end()
  return rate
}

/**
 * CPU milliseconds the given processes have used (Linux `/proc`, in clock ticks of 10 ms);
 * `undefined` where `/proc` cannot tell.
 */
const processCpuMs = (pids: readonly number[]): number | undefined => {
  let total = 0
  try {
    for (const pid of pids) {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      total += (Number(fields[11]) + Number(fields[12])) * 10
    }
  } catch {
    return undefined
  }
  return total
}

/** This process's CPU milliseconds (user and system). */
const ownCpuMs = (): number => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

/** applyBatch over every batch, then loadPets of each batch's ids. */
const measureStore = async (
  store: SyncStore,
  batches: readonly BatchWrite[],
  serverPids: () => Promise<number[]> = () => Promise.resolve([]),
): Promise<Omit<SyncStoreFigures, 'rawUpsertsPerSecond' | 'rawUpsertsNormalPerSecond'>> => {
  // The first batch opens the connections whose server CPU is counted; it is not timed.
  const [first, ...timed] = batches
  if (first !== undefined) await store.applyBatch(first)
  const pids = await serverPids()
  const serverBefore = processCpuMs(pids)
  const cpuBefore = ownCpuMs()
  const times: number[] = []
  const start = process.hrtime.bigint()
  for (const batch of timed) {
    const t = process.hrtime.bigint()
    await store.applyBatch(batch)
    times.push(seconds(t) * 1000)
  }
  const total = seconds(start)
  const clientCpu = ownCpuMs() - cpuBefore
  const serverAfter = processCpuMs(pids)
  const events = timed.reduce((n, b) => n + b.changes.length, 0)
  const pets = timed.reduce((n, b) => n + b.pets.length, 0)
  const loadStart = process.hrtime.bigint()
  let loaded = 0
  for (const batch of timed) loaded += (await store.loadPets(batch.pets.map(p => p.pet.id))).size
  const loadRate = loaded / seconds(loadStart)
  if (loaded !== pets) throw new RangeError(`loadPets found ${loaded} of ${pets} pets`)
  return {
    eventsPerSecond: events / total,
    petsPerSecond: pets / total,
    batchMs: median(times),
    loadPetsPerSecond: loadRate,
    clientCpuMsPerBatch: clientCpu / timed.length,
    ...(pids.length > 0 && serverBefore !== undefined && serverAfter !== undefined
      ? { serverCpuMsPerBatch: (serverAfter - serverBefore) / timed.length }
      : {}),
  }
}

const print = (kind: string, f: SyncStoreFigures, batch: string): void => {
  const normal =
    f.rawUpsertsNormalPerSecond === undefined
      ? ''
      : ` (synchronous=NORMAL: ${fmt(f.rawUpsertsNormalPerSecond)}/s)`
  console.log(
    `  ${kind}: limit: raw ${fmt(f.rawUpsertsPerSecond)} pet upserts/s, 10k per durable transaction${normal}`,
  )
  console.log(
    `  ${kind}: applyBatch ${fmt(f.eventsPerSecond)} events/s, ${fmt(f.petsPerSecond)} pets/s ` +
      `(${batch}; median ${f.batchMs.toFixed(0)} ms per batch); loadPets ${fmt(f.loadPetsPerSecond)} pets/s`,
  )
  const server =
    f.serverCpuMsPerBatch === undefined
      ? ''
      : `, PostgreSQL backend ${f.serverCpuMsPerBatch.toFixed(0)} ms`
  console.log(
    `  ${kind}: CPU per batch: this process ${f.clientCpuMsPerBatch.toFixed(0)} ms${server} ` +
      `(beside the median wall time: what a busy machine took from the run)`,
  )
}

/** Whether PostgreSQL answers at `url` within two seconds. */
const reachable = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Raw batched pet upserts per second beside applyBatch events per second, for SQLite (a file in
 * the temp directory, synchronous=FULL) and PostgreSQL (a scratch schema, dropped afterwards).
 *
 * @example npx tsx -e "import('./bench/sync-store.ts').then(m => m.benchSyncStore())"
 */
export const benchSyncStore = async (
  options: SyncStoreBenchOptions = {},
): Promise<Record<string, SyncStoreFigures>> => {
  const count = options.batches ?? 20
  const events = options.eventsPerBatch ?? 10_000
  const pets = options.petsPerBatch ?? 5_000
  const deliveries = options.deliveriesPerBatch ?? 500
  const url =
    options.postgresUrl ??
    process.env['CRITTER_BENCH_POSTGRES'] ??
    'postgres://postgres@127.0.0.1:5432/test'
  const shape = `${fmt(events)} history rows + ${fmt(pets)} pets + ${fmt(deliveries)} deliveries per batch`
  console.log(`  building ${count} batches of ${shape} (outside the timing)`)
  const batches = makeBatches(count, events, pets, deliveries)
  const figures: Record<string, SyncStoreFigures> = {}

  const dir = mkdtempSync(join(tmpdir(), 'critter-bench-sync-store-'))
  try {
    // Raw figures on a store of their own, so applyBatch starts from an empty replica.
    for (const name of ['raw-full.db', 'raw-normal.db'])
      await (await openSqliteStore({ path: join(dir, name) })).close()
    const rawFull = rawSqlite(join(dir, 'raw-full.db'), 'FULL')
    const rawNormal = rawSqlite(join(dir, 'raw-normal.db'), 'NORMAL')
    const store = await openSqliteStore({ path: join(dir, 'replica.db') })
    const measured = await measureStore(store, batches)
    await store.close()
    figures['sqlite'] = {
      rawUpsertsPerSecond: rawFull,
      rawUpsertsNormalPerSecond: rawNormal,
      ...measured,
    }
    print('SQLite', figures['sqlite'], shape)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  if (!(await reachable(url))) {
    console.log(`  PostgreSQL at ${url} unreachable: skipped`)
    return figures
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`
  const rawSchema = `${schema}_raw`
  try {
    await (await openPostgresStore({ url, schema: rawSchema })).close()
    const raw = await rawPostgres(url, rawSchema)
    // Tagged connections, so the server backends' CPU can be read.
    const tag = `critter-bench-${schema}`
    const tagged = `${url}${url.includes('?') ? '&' : '?'}application_name=${tag}`
    const store = await openPostgresStore({ url: tagged, schema })
    const measured = await measureStore(store, batches, async () => {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      const found = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
        [tag],
      )
      await client.end()
      return found.rows.map(r => r.pid)
    })
    await store.close()
    figures['postgres'] = { rawUpsertsPerSecond: raw, ...measured }
    print('PostgreSQL', figures['postgres'], shape)
  } finally {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    for (const name of [schema, rawSchema])
      await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
    await client.end()
  }
  return figures
}

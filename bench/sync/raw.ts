// The limit the catch-up figures are judged against: raw batched upserts of pet rows into the
// replica's own `pets` table (schema made by the sync store's migrations, same pragmas), straight
// through the driver, 10,000 rows per transaction. Also the latency of one small transaction, the
// floor under the live lag.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { openPostgresStore, openSqliteStore, type ReplicaPet } from '../../src/sync/index.ts'
import { PET_COLUMNS, petValues } from '../../src/sync/store/pet-row.ts'
import { PET_TYPES } from '../../src/sync/store/postgres-unnest.ts'

/** What one store can take, measured in this run. */
export interface RawLimit {
  /** Pet upserts per second in 10k-row transactions (a first pass inserting, a second updating). */
  readonly upsertsPerSecond: number
  /** Commit latency of a transaction of 10 pet upserts, p50 and p99, in ms. */
  readonly smallCommitP50: number
  readonly smallCommitP99: number
}

const ROWS = 200_000
const CHUNK = 10_000
const SMALL = 200

const pet = (id: number, pass: number): ReplicaPet => ({
  pet: {
    id,
    dna_hash: new Uint8Array(32).fill(id & 0xff),
    initial_species: Buffer.from(`species${id % 7}`),
    current_pet_name: Buffer.from(`r${pass}-${id}`),
    base_strength: id % 100,
    base_agility: (id >> 1) % 100,
    base_intelligence: (id >> 2) % 100,
    base_vitality: (id >> 3) % 100,
    primary_elemental_affinity: 'Fire',
    level: 1 + pass,
    experience_points: 10 * pass,
    mood_indicator: 100,
    last_fed_block: pass,
    last_played_block: pass,
    personality_traits: pass % 2 === 0 ? [] : [Buffer.from('curious'), Buffer.from(`round${pass}`)],
    last_state_update_block: 1000 + pass,
    state_version: 1 + pass,
    sync_flags: 1,
  },
  owner: new Uint8Array(32).fill((id >> 8) & 0xff),
  locked: false,
  updatedAtBlock: 1000 + pass,
})

// Rows built before any timing: the limit is the database's, not the row builder's.
const passes = (): ReplicaPet[][] =>
  [0, 1].map(pass => Array.from({ length: ROWS }, (_, id) => pet(id, pass)))

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

const updateSet = PET_COLUMNS.filter(c => c !== 'id')
  .map(c => `${c} = excluded.${c}`)
  .join(', ')

/** SQLite (better-sqlite3, WAL, synchronous FULL as the replica runs it), prepared upserts. */
export const rawSqlite = async (): Promise<RawLimit> => {
  const dir = mkdtempSync(join(tmpdir(), 'critter-raw-sqlite-'))
  try {
    const path = join(dir, 'raw.db')
    await (await openSqliteStore({ path })).close()
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('cache_size = -65536')
    const upsert = db.prepare(
      `INSERT INTO pets (${PET_COLUMNS.join(', ')}) VALUES (${PET_COLUMNS.map(() => '?').join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${updateSet}`,
    )
    const write = db.transaction((rows: readonly ReplicaPet[]) => {
      for (const row of rows) upsert.run(...petValues(row))
    })
    const data = passes()
    const start = performance.now()
    for (const rows of data)
      for (let i = 0; i < rows.length; i += CHUNK) write(rows.slice(i, i + CHUNK))
    const upsertsPerSecond = (2 * ROWS) / ((performance.now() - start) / 1000)
    const small: number[] = []
    for (let i = 0; i < SMALL; i++) {
      const t = performance.now()
      write((data[1] as ReplicaPet[]).slice(i * 10, i * 10 + 10))
      small.push(performance.now() - t)
    }
    db.close()
    small.sort((a, b) => a - b)
    return {
      upsertsPerSecond,
      smallCommitP50: quantile(small, 0.5),
      smallCommitP99: quantile(small, 0.99),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The array type of each `pets` column in `unnest`: the store's own declaration. */
export const PG_PET_TYPES = PET_TYPES

/**
 * PostgreSQL: one `INSERT … SELECT FROM unnest($1::bigint[], …) ON CONFLICT (id) DO UPDATE` per
 * 10k-row transaction, in a fresh schema dropped afterwards.
 */
export const rawPostgres = async (url: string): Promise<RawLimit> => {
  const schema = `bench_raw_${process.pid}_${Date.now()}`
  await (await openPostgresStore({ url, schema })).close()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const arrays = PET_COLUMNS.map((c, i) => `$${i + 1}::${PG_PET_TYPES[c]}[]`).join(', ')
    const sql = `INSERT INTO "${schema}".pets (${PET_COLUMNS.join(', ')}) SELECT * FROM unnest(${arrays})
      ON CONFLICT (id) DO UPDATE SET ${updateSet.replaceAll('excluded.', 'EXCLUDED.')}`
    const write = async (rows: readonly ReplicaPet[]) => {
      const columns = PET_COLUMNS.map(() => [] as unknown[])
      for (const row of rows)
        petValues(row).forEach((v, i) => {
          columns[i]?.push(v)
        })
      await client.query('BEGIN')
      await client.query({ text: sql, values: columns })
      await client.query('COMMIT')
    }
    const data = passes()
    const start = performance.now()
    for (const rows of data)
      for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK))
    const upsertsPerSecond = (2 * ROWS) / ((performance.now() - start) / 1000)
    const small: number[] = []
    for (let i = 0; i < SMALL; i++) {
      const t = performance.now()
      await write((data[1] as ReplicaPet[]).slice(i * 10, i * 10 + 10))
      small.push(performance.now() - t)
    }
    small.sort((a, b) => a - b)
    return {
      upsertsPerSecond,
      smallCommitP50: quantile(small, 0.5),
      smallCommitP99: quantile(small, 0.99),
    }
  } finally {
    await client.query(`DROP SCHEMA "${schema}" CASCADE`)
    await client.end()
  }
}

// The squid's `Database` (what `processor.run` is given): one database transaction per batch of
// blocks, holding the batch's pet upserts, history rows and the processor's checkpoint, in SQLite
// (better-sqlite3, the replica's pragmas) or PostgreSQL (multi-row `unnest` statements, as our
// store writes). The tables are our replica's, made by its migrations before the squid starts.
import type {
  FinalDatabase,
  FinalTxInfo,
  HashAndHeight,
} from '@subsquid/util-internal-processor-tools'
import Database from 'better-sqlite3'
import pg from 'pg'
import { PET_COLUMNS } from '../../src/sync/store/pet-row.ts'
import { PG_PET_TYPES } from './raw.ts'
import type { ChangeRow, PetRow } from './squid-pets.ts'

/** What the data handler gets as `ctx.store`. */
export interface SquidStore {
  /** The rows of these pets (absent ones left out). */
  load(ids: readonly number[]): Promise<Map<number, PetRow>>
  save(pets: readonly PetRow[], changes: readonly ChangeRow[]): Promise<void>
}

const START: HashAndHeight = { height: -1, hash: '0x' }
const CHANGE_COLUMNS = 'block_number, event_index, pet_id, change_type, version, payload'
const updateAll = PET_COLUMNS.filter(c => c !== 'id')
  .map(c => `${c} = excluded.${c}`)
  .join(', ')

/** The squid's database in a SQLite file. */
export const sqliteSquidDatabase = (path: string): FinalDatabase<SquidStore> => {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('cache_size = -65536')
  db.exec(
    'CREATE TABLE IF NOT EXISTS squid_status (id INTEGER PRIMARY KEY, height INTEGER, hash TEXT)',
  )
  const q = {
    status: db.prepare('SELECT height, hash FROM squid_status WHERE id = 1'),
    setStatus: db.prepare(
      'INSERT OR REPLACE INTO squid_status (id, height, hash) VALUES (1, ?, ?)',
    ),
    pet: db.prepare('SELECT * FROM pets WHERE id = ?'),
    upsert: db.prepare(
      `INSERT INTO pets (${PET_COLUMNS.join(', ')}) VALUES (${PET_COLUMNS.map(() => '?').join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${updateAll}`,
    ),
    change: db.prepare(
      `INSERT INTO pet_changes (${CHANGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
  }
  const store: SquidStore = {
    async load(ids) {
      const out = new Map<number, PetRow>()
      for (const id of ids) {
        const row = q.pet.get(id) as PetRow | undefined
        if (row !== undefined) out.set(id, row)
      }
      return out
    },
    async save(pets, changes) {
      for (const pet of pets) q.upsert.run(...PET_COLUMNS.map(c => pet[c]))
      for (const change of changes) q.change.run(...change)
    },
  }
  return {
    supportsHotBlocks: false,
    async connect() {
      return (q.status.get() as HashAndHeight | undefined) ?? START
    },
    async transact(info: FinalTxInfo, cb: (store: SquidStore) => Promise<void>) {
      db.exec('BEGIN')
      try {
        await cb(store)
        q.setStatus.run(info.nextHead.height, info.nextHead.hash)
        db.exec('COMMIT')
      } catch (error) {
        db.exec('ROLLBACK')
        throw error
      }
    },
  }
}

/** The squid's database in a PostgreSQL schema. */
export const postgresSquidDatabase = (url: string, schema: string): FinalDatabase<SquidStore> => {
  const s = `"${schema}"`
  const client = new pg.Client({
    connectionString: url,
    types: {
      getTypeParser: (id, format) =>
        id === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(id, format),
    },
  })
  const arrays = PET_COLUMNS.map((c, i) => `$${i + 1}::${PG_PET_TYPES[c]}[]`).join(', ')
  const upsert = `INSERT INTO ${s}.pets (${PET_COLUMNS.join(', ')}) SELECT * FROM unnest(${arrays})
    ON CONFLICT (id) DO UPDATE SET ${updateAll.replaceAll('excluded.', 'EXCLUDED.')}`
  const insertChanges = `INSERT INTO ${s}.pet_changes (${CHANGE_COLUMNS})
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[], $6::text[])
    ON CONFLICT DO NOTHING`
  const store: SquidStore = {
    async load(ids) {
      const { rows } = await client.query(`SELECT * FROM ${s}.pets WHERE id = ANY($1::bigint[])`, [
        ids,
      ])
      const out = new Map<number, PetRow>()
      for (const row of rows as PetRow[]) {
        row.personality_traits = JSON.stringify(row.personality_traits)
        row.locked = row.locked ? 1 : 0
        out.set(Number(row.id), row)
      }
      return out
    },
    async save(pets, changes) {
      if (pets.length > 0)
        await client.query(
          upsert,
          PET_COLUMNS.map(c => pets.map(p => p[c])),
        )
      if (changes.length > 0)
        await client.query(
          insertChanges,
          [0, 1, 2, 3, 4, 5].map(i => changes.map(c => c[i])),
        )
    },
  }
  return {
    supportsHotBlocks: false,
    async connect() {
      await client.connect()
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${s}.squid_status (id int PRIMARY KEY, height bigint, hash text)`,
      )
      const { rows } = await client.query(`SELECT height, hash FROM ${s}.squid_status WHERE id = 1`)
      return (rows[0] as HashAndHeight | undefined) ?? START
    },
    async transact(info: FinalTxInfo, cb: (store: SquidStore) => Promise<void>) {
      await client.query('BEGIN')
      try {
        await cb(store)
        await client.query(
          `INSERT INTO ${s}.squid_status (id, height, hash) VALUES (1, $1, $2)
           ON CONFLICT (id) DO UPDATE SET height = $1, hash = $2`,
          [info.nextHead.height, info.nextHead.hash],
        )
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    },
  }
}

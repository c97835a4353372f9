import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openPostgresStore, openSqliteStore, openSyncStore } from '../src/sync/index.ts'
import { runSyncStoreSuite, type SyncStoreHarness } from './fixtures/sync-store-suite.ts'

/** The test database: trust auth, as in CI (override with CRITTER_TEST_POSTGRES). */
const PG_URL = process.env['CRITTER_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Whether PostgreSQL answers at `PG_URL` within two seconds. */
const probePostgres = async (): Promise<boolean> => {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

const pgUp = await probePostgres()
if (!pgUp)
  // biome-ignore lint/suspicious/noConsole: a skipped suite must say why in the test output
  console.warn(`PostgreSQL at ${PG_URL} unreachable: PostgreSQL store suite skipped`)

/** Runs raw SQL on a fresh connection (the way an operator would edit the database). */
const pgExec = async (schema: string, sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    await client.query(`SET search_path TO "${schema}"`)
    await client.query(sql)
  } finally {
    await client.end()
  }
}

const memoryHarness = (): SyncStoreHarness => ({
  open: () => openSqliteStore({ path: ':memory:' }),
  cleanup: () => Promise.resolve(),
})

const fileHarness = (): SyncStoreHarness => {
  const dir = mkdtempSync(join(tmpdir(), 'critter-sync-store-'))
  const path = join(dir, 'replica.db')
  return {
    open: () => openSqliteStore({ path }),
    exec: sql => {
      const db = new Database(path)
      try {
        db.exec(sql)
      } finally {
        db.close()
      }
      return Promise.resolve()
    },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true })
      return Promise.resolve()
    },
  }
}

// Each test in a fresh schema of its own, dropped afterwards.
const postgresHarness = (): SyncStoreHarness => {
  const schema = `sync_test_${randomBytes(6).toString('hex')}`
  return {
    open: () => openPostgresStore({ url: PG_URL, schema }),
    exec: sql => pgExec(schema, sql),
    cleanup: async () => {
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      } finally {
        await client.end()
      }
    },
  }
}

runSyncStoreSuite('sqlite :memory:', memoryHarness)
runSyncStoreSuite('sqlite file', fileHarness, { persistent: true, raw: true })
runSyncStoreSuite('postgres', postgresHarness, { persistent: true, raw: true, skip: !pgUp })

describe('openSyncStore', () => {
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'resolved',
      (e: { code?: unknown }) => e.code,
    )

  it('opens SQLite from sqlite:PATH and sqlite::memory:', async () => {
    const memory = await openSyncStore('sqlite::memory:')
    expect(memory.kind).toBe('sqlite')
    await memory.close()
    const dir = mkdtempSync(join(tmpdir(), 'critter-sync-open-'))
    try {
      const file = await openSyncStore(`sqlite:${join(dir, 'r.db')}`)
      expect(file.kind).toBe('sqlite')
      expect(await file.checkpoint()).toBeUndefined()
      await file.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it.skipIf(!pgUp)(
    'opens PostgreSQL from postgres:// and postgresql://, schema from ?schema=',
    async () => {
      const schema = `sync_open_${randomBytes(6).toString('hex')}`
      try {
        for (const scheme of ['postgres', 'postgresql']) {
          const url = `${PG_URL.replace(/^postgres(ql)?/, scheme)}?schema=${schema}`
          const store = await openSyncStore(url)
          expect(store.kind).toBe('postgres')
          expect(await store.checkpoint()).toBeUndefined()
          await store.close()
        }
        const client = new pg.Client({ connectionString: PG_URL })
        await client.connect()
        const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
        await client.end()
        expect(found.rowCount).toBe(1)
      } finally {
        await pgExec('public', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      }
    },
  )

  it('refuses anything else with INVALID_LOCATION', async () => {
    for (const location of [
      '',
      'sqlite:',
      './replica.db',
      'mysql://db/x',
      'postgres//x',
      'SQLITE:x',
    ])
      expect(await code(openSyncStore(location)), location).toBe('INVALID_LOCATION')
    await expect(openSyncStore('redis://x')).rejects.toThrow(/sqlite:PATH.*postgres:\/\//)
  })

  it('refuses an empty or over-long PostgreSQL schema name', async () => {
    for (const schema of ['', 'x'.repeat(64)])
      expect(await code(openPostgresStore({ url: PG_URL, schema }))).toBe('INVALID_LOCATION')
  })
})

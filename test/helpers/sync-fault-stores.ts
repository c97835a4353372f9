// The two replica stores the sync service's fault tests run against: a SQLite file in a temporary
// directory, and a fresh random schema in the test PostgreSQL database (dropped afterwards). When
// PostgreSQL is unreachable, `POSTGRES.reason` says why, and the PostgreSQL variants skip with
// that reason printed: never silently.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openSyncStore, type SyncStore } from '../../src/sync/store/index.ts'

/** Which store a variant uses. */
export type StoreKind = 'sqlite' | 'postgres'

/** The PostgreSQL database the tests use (trust auth, here and in CI). */
export const POSTGRES_URL =
  process.env['CRITTER_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Whether PostgreSQL answers, checked once per test file (`reason` when it does not). */
export const POSTGRES: { readonly available: boolean; readonly reason: string } =
  await (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
    try {
      await client.connect()
      await client.query('SELECT 1')
      return { available: true, reason: '' }
    } catch (error) {
      return {
        available: false,
        reason: `PostgreSQL at ${POSTGRES_URL} is unreachable (${error instanceof Error ? error.message : String(error)})`,
      }
    } finally {
      await client.end().catch(() => undefined)
    }
  })()

/** The variants to run, each with whether to skip it (the reason printed once per file). */
export const storeKinds = (file: string): { kind: StoreKind; skip: boolean }[] => {
  if (!POSTGRES.available)
    process.stderr.write(`${file}: skipping the PostgreSQL variants: ${POSTGRES.reason}\n`)
  return [
    { kind: 'sqlite', skip: false },
    { kind: 'postgres', skip: !POSTGRES.available },
  ]
}

/** A replica location for one test: a `--db` string, an opener, and its removal. */
export interface ReplicaLocation {
  readonly kind: StoreKind
  /** What `critter sync --db` takes. */
  readonly location: string
  /** Opens a connection to the replica (the caller closes it). */
  open(): Promise<SyncStore>
  /** Removes the replica (the SQLite directory, or the PostgreSQL schema). */
  remove(): Promise<void>
}

/**
 * A fresh, empty replica location of `kind`.
 *
 * @example
 * const replica = await createReplicaLocation('postgres', 'sync_crash')
 * const store = await replica.open()
 */
export const createReplicaLocation = async (
  kind: StoreKind,
  label: string,
): Promise<ReplicaLocation> => {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), `critter-${label}-`))
    const location = `sqlite:${join(dir, 'replica.db')}`
    return {
      kind,
      location,
      open: () => openSyncStore(location),
      remove: () => rm(dir, { recursive: true, force: true }),
    }
  }
  const schema = `${label}_${randomBytes(6).toString('hex')}`
  const url = new URL(POSTGRES_URL)
  url.searchParams.set('schema', schema)
  const location = url.toString()
  return {
    kind,
    location,
    open: () => openSyncStore(location),
    async remove() {
      const client = new pg.Client({ connectionString: POSTGRES_URL })
      await client.connect()
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      } finally {
        await client.end()
      }
    },
  }
}

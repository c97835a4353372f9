import { SyncStoreError } from '../errors.ts'
import { openPostgresStore } from './postgres-store.ts'
import { openSqliteStore } from './sqlite-store.ts'
import type { SyncStore } from './sync-store.ts'

const SQLITE = 'sqlite:'

/**
 * The PostgreSQL options a URL names: the URL itself and, from a `schema` query parameter (not a
 * libpq parameter, so it is taken out), the schema.
 */
const postgresOptions = (location: string): { url: string; schema?: string } => {
  let url: URL
  try {
    url = new URL(location)
  } catch {
    throw new SyncStoreError('INVALID_LOCATION', `${location} is not a valid PostgreSQL URL`)
  }
  const schema = url.searchParams.get('schema')
  if (schema === null) return { url: location }
  url.searchParams.delete('schema')
  return { url: url.toString(), schema }
}

/**
 * Opens the replica a `--db` location names: `sqlite:PATH` (`sqlite::memory:` for a throwaway
 * replica) or a PostgreSQL URL, `postgres://…` or `postgresql://…`, with an optional `schema`
 * query parameter (default `critter`). Anything else is `SyncStoreError('INVALID_LOCATION')`.
 *
 * @example
 * const store = await openSyncStore('sqlite:./replica.db')
 * const shared = await openSyncStore('postgres://critter@db:5432/critter?schema=mainnet')
 */
export const openSyncStore = (location: string): Promise<SyncStore> => {
  if (location.startsWith(SQLITE)) {
    const path = location.slice(SQLITE.length)
    if (path.length === 0)
      return Promise.reject(
        new SyncStoreError(
          'INVALID_LOCATION',
          'sqlite: needs a path: sqlite:./replica.db or sqlite::memory:',
        ),
      )
    return openSqliteStore({ path })
  }
  if (/^postgres(ql)?:\/\//.test(location)) {
    try {
      return openPostgresStore(postgresOptions(location))
    } catch (error) {
      return Promise.reject(error)
    }
  }
  return Promise.reject(
    new SyncStoreError(
      'INVALID_LOCATION',
      `unknown replica location ${JSON.stringify(location)}: use sqlite:PATH, sqlite::memory: or postgres://user@host:port/db`,
    ),
  )
}

import type pg from 'pg'
import type { Migration } from './migrations/migration.ts'
import { latestVersion, migrationsAfter } from './migrations/migration.ts'
import type { RawRow } from './row-check.ts'

/**
 * An identifier quoted for PostgreSQL: any schema name is safe in SQL text this way.
 *
 * @example quoteIdent('my "replica"') // '"my ""replica"""'
 */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`

/**
 * Brings `schema` to the newest version in one transaction: creates the schema and its
 * `schema_version` row if missing, then applies the migrations after the stored version. An
 * advisory lock keyed by the schema's name makes concurrent openers take turns. A schema already
 * at the newest version is left untouched, so a role without CREATE rights can open it.
 * Throws `SyncStoreError('SCHEMA_TOO_NEW')` for a schema newer than `migrations`.
 */
export const migratePostgres = async (
  pool: pg.Pool,
  schema: string,
  migrations: readonly Migration<(schema: string) => readonly string[]>[],
): Promise<void> => {
  const s = quoteIdent(schema)
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`critter-sync:${schema}`])
    const table = await client.query<RawRow>('SELECT to_regclass($1) AS t', [`${s}.schema_version`])
    const current =
      table.rows[0]?.['t'] === null
        ? 0
        : Number(
            (await client.query<RawRow>(`SELECT version FROM ${s}.schema_version`)).rows[0]?.[
              'version'
            ] ?? 0,
          )
    const pending = migrationsAfter(migrations, current, `PostgreSQL schema ${schema}`)
    if (pending.length > 0) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`)
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${s}.schema_version (
          id smallint PRIMARY KEY CHECK (id = 1),
          version integer NOT NULL
        )`,
      )
      for (const migration of pending)
        for (const statement of migration.up(s)) await client.query(statement)
      await client.query(
        `INSERT INTO ${s}.schema_version (id, version) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version`,
        [latestVersion(migrations)],
      )
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}

import { SyncStoreError } from '../../errors.ts'

/**
 * One step of a dialect's schema: applied once, in version order, inside the transaction that
 * opens the store. A released migration never changes; a new schema is a new migration.
 */
export interface Migration<Up> {
  /** 1, 2, 3, …: the schema version once this step is applied. */
  readonly version: number
  /** What the step does, for logs. */
  readonly summary: string
  /** The step's statements (PostgreSQL's take the quoted schema name). */
  readonly up: Up
}

/** The schema version a list of migrations brings a database to. */
export const latestVersion = <Up>(migrations: readonly Migration<Up>[]): number =>
  migrations.at(-1)?.version ?? 0

/**
 * The migrations a database at `current` still needs, in order. Throws
 * `SyncStoreError('SCHEMA_TOO_NEW')` when the database is at a version this code does not know:
 * a newer critter wrote it, and this one could misread it.
 *
 * @example migrationsAfter(SQLITE_MIGRATIONS, 0, 'replica.db') // every migration
 */
export const migrationsAfter = <Up>(
  migrations: readonly Migration<Up>[],
  current: number,
  where: string,
): Migration<Up>[] => {
  const latest = latestVersion(migrations)
  if (current > latest)
    throw new SyncStoreError(
      'SCHEMA_TOO_NEW',
      `${where} is at schema version ${current}, but this critter knows versions up to ${latest}: run a newer critter`,
    )
  return migrations.filter(m => m.version > current)
}

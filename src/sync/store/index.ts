// Public surface of src/sync/store: the SyncStore contract, its SQLite and PostgreSQL adapters,
// and openSyncStore, which picks one from a `--db` location.

export { openSyncStore } from './open.ts'
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './page.ts'
export { openPostgresStore, type PostgresStoreOptions } from './postgres-store.ts'
export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store.ts'
export type { AttemptOutcome, HistoryPage, SyncStore } from './sync-store.ts'

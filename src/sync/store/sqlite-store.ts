import Database from 'better-sqlite3'
import { SyncStoreError } from '../errors.ts'
import type { BatchWrite, DeliveryFilter, Page, ReplicaPet } from '../types.ts'
import { CHANGE_COLUMNS, changeFromRow, changeValues } from './change-row.ts'
import { checkpointFromRow, describeCheckpoint, sameCheckpoint } from './checkpoint-row.ts'
import { deliveryWhere } from './delivery-filter.ts'
import { deliveryFromRow, NEW_DELIVERY_COLUMNS, newDeliveryValues } from './delivery-row.ts'
import { HOOK_COLUMNS, hookFromRow, hookValues } from './hook-row.ts'
import { latestVersion, migrationsAfter } from './migrations/migration.ts'
import { SQLITE_MIGRATIONS } from './migrations/sqlite.ts'
import { limitOf, pageOf } from './page.ts'
import { PET_COLUMNS, petFromRow, petValues } from './pet-row.ts'
import { REPAIR_COLUMNS, repairFromRow, repairValues } from './repair-row.ts'
import type { RawRow, SqlValue } from './row-check.ts'
import { statsFromRows } from './stats-row.ts'
import type { SyncStore } from './sync-store.ts'

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** The database file (created if missing), or `:memory:` for a replica that lives as long as the store. */
  readonly path: string
}

const insertSql = (table: string, cols: readonly string[], tail = ''): string =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ${tail}`

const upsertSql = (table: string, cols: readonly string[]): string =>
  insertSql(
    table,
    cols,
    `ON CONFLICT (id) DO UPDATE SET ${cols
      .filter(c => c !== 'id')
      .map(c => `${c} = excluded.${c}`)
      .join(', ')}`,
  )

/** Brings the schema to the newest version in one write transaction (see `SQLITE_MIGRATIONS`). */
const migrate = (db: Database.Database, where: string): void => {
  const version = () => db.pragma('user_version', { simple: true }) as number
  // Read first: a database at this version needs no write lock (a reader can open it).
  if (migrationsAfter(SQLITE_MIGRATIONS, version(), where).length === 0) return
  db.transaction(() => {
    // Again under the lock: another process may have migrated meanwhile.
    for (const migration of migrationsAfter(SQLITE_MIGRATIONS, version(), where))
      for (const statement of migration.up) db.exec(statement)
    db.pragma(`user_version = ${latestVersion(SQLITE_MIGRATIONS)}`)
  }).immediate()
}

/**
 * Opens (or creates) a replica in a SQLite file, for embedded use: one process, one writer.
 *
 * The database runs in WAL mode, so readers (the explorer, `critter query`) never block the
 * writer. `applyBatch` is one `BEGIN IMMEDIATE` transaction of prepared statements; it checks the
 * checkpoint inside it, so a second writer waits for the lock and then sees the conflict.
 *
 * @example
 * const store = await openSqliteStore({ path: './replica.db' })
 * const pets = await store.petsByOwner(alice, { limit: 20 })
 * await store.close()
 */
export const openSqliteStore = async (options: SqliteStoreOptions): Promise<SyncStore> => {
  const db = new Database(options.path)
  try {
    db.pragma('journal_mode = WAL')
    // FULL, not NORMAL: in WAL mode NORMAL survives a killed process but may lose the last
    // commits on power loss, and a committed checkpoint must never go back (deliveries and
    // acknowledgements are made from it). FULL costs one WAL fsync per commit, and a commit is a
    // whole batch of blocks: `npm run bench -- sync-store` prints raw upserts with both settings,
    // and on the development machine the gap was within run-to-run noise.
    db.pragma('synchronous = FULL')
    // Another process (a reader, a second writer) holding the lock makes this one wait, not fail.
    db.pragma('busy_timeout = 5000')
    // 64 MiB of page cache (negative: KiB): a catch-up batch touches thousands of index pages.
    db.pragma('cache_size = -65536')
    // A catch-up batch writes several MB of WAL, so at the default 1,000 pages (4 MB) every
    // commit also ran a checkpoint: 110-120 ms of commit against 60 ms without (the bench's
    // batches). At 10,000 pages (~40 MB) one runs every few batches and copies the index pages
    // they share once: about 80 ms. After a checkpoint the file is cut back to 64 MiB.
    db.pragma('wal_autocheckpoint = 10000')
    db.pragma('journal_size_limit = 67108864')
    migrate(db, options.path)
  } catch (error) {
    db.close()
    throw error
  }

  const all = (sql: string) => {
    const statement = db.prepare<SqlValue[], RawRow>(sql)
    return (...values: SqlValue[]): RawRow[] => statement.all(...values)
  }
  const get = (sql: string) => {
    const statement = db.prepare<SqlValue[], RawRow>(sql)
    return (...values: SqlValue[]): RawRow | undefined => statement.get(...values)
  }
  const run = (sql: string) => {
    const statement = db.prepare<SqlValue[]>(sql)
    return (...values: SqlValue[]): number => statement.run(...values).changes
  }

  const q = {
    checkpoint: get('SELECT number, hash FROM checkpoint WHERE id = 1'),
    setCheckpoint: run('UPDATE checkpoint SET number = ?, hash = ? WHERE id = 1'),
    upsertPet: run(upsertSql('pets', PET_COLUMNS)),
    insertChange: run(insertSql('pet_changes', CHANGE_COLUMNS, 'ON CONFLICT DO NOTHING')),
    upsertHook: run(upsertSql('hooks', HOOK_COLUMNS)),
    deleteHook: run('DELETE FROM hooks WHERE id = ?'),
    insertDelivery: run(
      insertSql(
        'deliveries',
        NEW_DELIVERY_COLUMNS,
        'ON CONFLICT (hook_id, idempotency_key) DO NOTHING',
      ),
    ),
    insertRepair: run(insertSql('repairs', REPAIR_COLUMNS)),
    pet: get('SELECT * FROM pets WHERE id = ?'),
    pets: all('SELECT * FROM pets WHERE id > ? ORDER BY id LIMIT ?'),
    petsByOwner: all('SELECT * FROM pets WHERE owner = ? AND id > ? ORDER BY id LIMIT ?'),
    petsBySpecies: all(
      'SELECT * FROM pets WHERE initial_species = ? AND id > ? ORDER BY id LIMIT ?',
    ),
    // `sync_flags <> 0` spelled out: it is what lets SQLite use the partial index.
    petsWithFlags: all(
      'SELECT * FROM pets WHERE sync_flags <> 0 AND (sync_flags & ?) <> 0 AND id > ? ORDER BY id LIMIT ?',
    ),
    history: all(
      `SELECT * FROM pet_changes WHERE pet_id = ? AND (block_number, event_index) > (?, ?)
       ORDER BY block_number, event_index LIMIT ?`,
    ),
    hooks: all('SELECT * FROM hooks ORDER BY id'),
    repairs: all('SELECT * FROM repairs ORDER BY seq LIMIT ? OFFSET ?'),
    totals: get(
      `SELECT (SELECT count(*) FROM pets) AS pets, (SELECT count(*) FROM pet_changes) AS changes,
       (SELECT count(*) FROM hooks) AS hooks, (SELECT count(*) FROM repairs) AS repairs`,
    ),
    deliveryCounts: all('SELECT status, count(*) AS n FROM deliveries GROUP BY status'),
    due: all(
      `SELECT * FROM deliveries AS d
       WHERE d.status = 'pending' AND d.next_attempt_at <= ?
         AND NOT EXISTS (SELECT 1 FROM deliveries AS e
           WHERE e.status = 'pending' AND e.hook_id = d.hook_id AND e.pet_id = d.pet_id AND e.id < d.id)
       ORDER BY d.id LIMIT ?`,
    ),
    delivered: run(
      `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?,
         ack_status = CASE WHEN ack <> 0 THEN 'pending' ELSE 'none' END
       WHERE id = ? AND status = 'pending'`,
    ),
    retry: run(
      `UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
       WHERE id = ? AND status = 'pending'`,
    ),
    dead: run(
      `UPDATE deliveries SET status = 'dead', attempts = attempts + 1, last_error = ?
       WHERE id = ? AND status = 'pending'`,
    ),
    pendingAcks: all(
      `SELECT * FROM deliveries WHERE ack_status = 'pending' AND status = 'delivered'
       ORDER BY id LIMIT ?`,
    ),
    setAck: run(
      'UPDATE deliveries SET ack_status = ?, last_error = coalesce(?, last_error) WHERE id = ?',
    ),
    retryDead: run(
      `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = 0
       WHERE status = 'dead'`,
    ),
    retryDeadOf: run(
      `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = 0
       WHERE status = 'dead' AND hook_id = ?`,
    ),
  }
  // One prepared statement per shape of delivery filter, made when first asked for.
  const listings = new Map<string, (...values: SqlValue[]) => RawRow[]>()

  const storedCheckpoint = () => {
    const row = q.checkpoint()
    if (row === undefined) throw new SyncStoreError('CORRUPT_ROW', 'checkpoint row id 1 is missing')
    return checkpointFromRow(row)
  }

  const applyBatch = db.transaction((write: BatchWrite): void => {
    const stored = storedCheckpoint()
    if (!sameCheckpoint(stored, write.parent))
      throw new SyncStoreError(
        'CHECKPOINT_CONFLICT',
        `the replica is at ${describeCheckpoint(stored)}, the batch was planned on ${describeCheckpoint(write.parent)}`,
      )
    for (const pet of write.pets) q.upsertPet(...petValues(pet))
    for (const change of write.changes) q.insertChange(...changeValues(change))
    for (const id of write.removedHooks) q.deleteHook(id)
    for (const hook of write.hooks) q.upsertHook(...hookValues(hook))
    for (const delivery of write.deliveries) q.insertDelivery(...newDeliveryValues(delivery))
    for (const repair of write.repairs) q.insertRepair(...repairValues(repair))
    q.setCheckpoint(write.checkpoint.number, write.checkpoint.hash)
  })
  const loadPets = db.transaction((ids: readonly number[]) => {
    const out = new Map<number, ReplicaPet>()
    for (const id of ids) {
      const row = q.pet(id)
      if (row !== undefined) out.set(id, petFromRow(row))
    }
    return out
  })
  const setAckStatus = db.transaction(
    (ids: readonly number[], status: string, error: string | null) => {
      for (const id of ids) q.setAck(status, error, id)
    },
  )

  let closed = false
  /** Runs `body` unless the store is closed; a sync throw becomes a rejection. */
  const use = <T>(body: () => T): Promise<T> => {
    if (closed)
      return Promise.reject(new SyncStoreError('STORE_CLOSED', 'the SQLite store is closed'))
    try {
      return Promise.resolve(body())
    } catch (error) {
      return Promise.reject(error)
    }
  }
  const petPage = (rows: RawRow[]) => rows.map(petFromRow)

  return {
    kind: 'sqlite',
    checkpoint: () => use(storedCheckpoint),
    loadPets: ids => use(() => loadPets(ids)),
    hooks: () => use(() => q.hooks().map(hookFromRow)),
    applyBatch: write => use(() => applyBatch.immediate(write)),
    pet: id =>
      use(() => {
        const row = q.pet(id)
        return row === undefined ? undefined : petFromRow(row)
      }),
    pets: (page?: Page) =>
      use(() => {
        const { after, limit } = pageOf(page)
        return petPage(q.pets(after, limit))
      }),
    petsByOwner: (owner, page) =>
      use(() => {
        const { after, limit } = pageOf(page)
        return petPage(q.petsByOwner(owner, after, limit))
      }),
    petsBySpecies: (species, page) =>
      use(() => {
        const { after, limit } = pageOf(page)
        return petPage(q.petsBySpecies(species, after, limit))
      }),
    petsWithPendingFlags: (mask = 0xff, page) =>
      use(() => {
        const { after, limit } = pageOf(page)
        return petPage(q.petsWithFlags(mask, after, limit))
      }),
    petHistory: (petId, page = {}) =>
      use(() => {
        const after = page.after ?? { blockNumber: -1, eventIndex: -1 }
        return q
          .history(petId, after.blockNumber, after.eventIndex, limitOf(page.limit))
          .map(changeFromRow)
      }),
    repairs: page =>
      use(() => {
        const { after, limit } = pageOf(page)
        return q.repairs(limit, Math.max(0, after)).map(repairFromRow)
      }),
    stats: () => use(() => statsFromRows(q.totals() ?? {}, q.deliveryCounts())),
    dueDeliveries: (now, limit) => use(() => q.due(now, limitOf(limit)).map(deliveryFromRow)),
    recordAttempt: (id, outcome) =>
      use(() => {
        if (outcome.type === 'delivered') q.delivered(outcome.at, id)
        else if (outcome.type === 'retry') q.retry(outcome.error, outcome.nextAttemptAt, id)
        else q.dead(outcome.error, id)
      }),
    pendingAcks: limit => use(() => q.pendingAcks(limitOf(limit)).map(deliveryFromRow)),
    setAckStatus: (ids, status, error) => use(() => setAckStatus(ids, status, error ?? null)),
    deliveries: (filter: DeliveryFilter = {}) =>
      use(() => {
        const values: SqlValue[] = []
        const where = deliveryWhere(filter, value => {
          values.push(value)
          return '?'
        })
        let listing = listings.get(where)
        if (listing === undefined) {
          listing = all(`SELECT * FROM deliveries WHERE ${where} ORDER BY id LIMIT ?`)
          listings.set(where, listing)
        }
        return listing(...values, limitOf(filter.limit)).map(deliveryFromRow)
      }),
    retryDead: hookId => use(() => (hookId === undefined ? q.retryDead() : q.retryDeadOf(hookId))),
    close: () => {
      if (!closed) {
        closed = true
        db.close()
      }
      return Promise.resolve()
    },
  }
}

import pg from 'pg'
import { SyncStoreError } from '../errors.ts'
import type { BatchWrite, DeliveryFilter, ReplicaPet } from '../types.ts'
import { CHANGE_COLUMNS, chainSpan, changeFromRow, changeValues } from './change-row.ts'
import { checkpointFromRow, describeCheckpoint, sameCheckpoint } from './checkpoint-row.ts'
import { deliveryWhere } from './delivery-filter.ts'
import { deliveryFromRow, NEW_DELIVERY_COLUMNS, newDeliveryValues } from './delivery-row.ts'
import { HOOK_COLUMNS, hookFromRow, hookValues } from './hook-row.ts'
import { POSTGRES_MIGRATIONS } from './migrations/postgres.ts'
import { limitOf, pageOf } from './page.ts'
import { PET_COLUMNS, petFromRow, petValues } from './pet-row.ts'
import { migratePostgres, quoteIdent } from './postgres-migrate.ts'
import {
  arrayLiteral,
  CHANGE_TYPES,
  columnar,
  DELIVERY_TYPES,
  HOOK_TYPES,
  lastBy,
  PET_TYPES,
  REPAIR_TYPES,
  unnestInsert,
  updateAll,
} from './postgres-unnest.ts'
import { REPAIR_COLUMNS, repairFromRow, repairValues } from './repair-row.ts'
import type { RawRow, SqlValue } from './row-check.ts'
import { statsFromRows } from './stats-row.ts'
import type { SyncStore } from './sync-store.ts'

/** Options of `openPostgresStore`. */
export interface PostgresStoreOptions {
  /** A libpq connection string: `postgres://user@host:5432/db`. */
  readonly url: string
  /** The PostgreSQL schema holding the replica's tables, created if missing. Default `critter`. */
  readonly schema?: string
  /** Most connections the store opens (default 4): one writes, the others serve reads. */
  readonly poolSize?: number
}

/** int8 (counts, and every u32 column) as a number: the rows' checks then see its range. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: (id, format) =>
    id === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(id, format),
}

/**
 * Opens (or creates) a replica in a PostgreSQL schema, for scale: many readers, a writer in
 * another process, the replica shared with other tools.
 *
 * `applyBatch` is one transaction that first locks the checkpoint row (`SELECT … FOR UPDATE`),
 * so two writers cannot both build on the same checkpoint, then writes each table with a single
 * multi-row statement (`INSERT … SELECT FROM unnest(…) ON CONFLICT …`): a batch costs a handful
 * of round trips however many rows it holds.
 *
 * @example
 * const store = await openPostgresStore({ url: 'postgres://critter@db/critter', schema: 'mainnet' })
 * const history = await store.petHistory(7)
 * await store.close()
 */
export const openPostgresStore = async (options: PostgresStoreOptions): Promise<SyncStore> => {
  const schemaName = options.schema ?? 'critter'
  if (schemaName.length === 0 || Buffer.byteLength(schemaName) > 63)
    throw new SyncStoreError(
      'INVALID_LOCATION',
      `a PostgreSQL schema name is 1 to 63 bytes, got ${JSON.stringify(schemaName)}`,
    )
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 4,
    types: TYPES,
  })
  // An idle connection that drops is discarded by the pool; without a listener the 'error'
  // event would end the process. The next query opens a new connection (or reports the outage).
  pool.on('error', () => {})
  try {
    await migratePostgres(pool, schemaName, POSTGRES_MIGRATIONS)
  } catch (error) {
    await pool.end()
    throw error
  }

  const s = quoteIdent(schemaName)
  const sql = {
    checkpoint: `SELECT number, hash FROM ${s}.checkpoint WHERE id = 1`,
    lockCheckpoint: `SELECT number, hash FROM ${s}.checkpoint WHERE id = 1 FOR UPDATE`,
    setCheckpoint: `UPDATE ${s}.checkpoint SET number = $1, hash = $2 WHERE id = 1`,
    upsertPets: unnestInsert(`${s}.pets`, PET_TYPES, updateAll(PET_COLUMNS)),
    // Whether any history row of these blocks is present: almost never (a batch's blocks come
    // after the checkpoint), and a plain insert skips ON CONFLICT's speculative insertion, which
    // costs about a fifth of the statement.
    changesPresent: `SELECT EXISTS (SELECT 1 FROM ${s}.pet_changes
      WHERE block_number BETWEEN $1 AND $2) AS present`,
    insertChanges: unnestInsert(`${s}.pet_changes`, CHANGE_TYPES, ''),
    insertChangesIdempotent: unnestInsert(
      `${s}.pet_changes`,
      CHANGE_TYPES,
      'ON CONFLICT DO NOTHING',
    ),
    deleteHooks: `DELETE FROM ${s}.hooks WHERE id = ANY($1::bigint[])`,
    upsertHooks: unnestInsert(`${s}.hooks`, HOOK_TYPES, updateAll(HOOK_COLUMNS)),
    insertDeliveries: unnestInsert(
      `${s}.deliveries`,
      DELIVERY_TYPES,
      'ON CONFLICT (hook_id, idempotency_key) DO NOTHING',
      true,
    ),
    insertRepairs: unnestInsert(`${s}.repairs`, REPAIR_TYPES, '', true),
    loadPets: `SELECT * FROM ${s}.pets WHERE id = ANY($1::bigint[])`,
    pet: `SELECT * FROM ${s}.pets WHERE id = $1`,
    pets: `SELECT * FROM ${s}.pets WHERE id > $1 ORDER BY id LIMIT $2`,
    petsByOwner: `SELECT * FROM ${s}.pets WHERE owner = $1 AND id > $2 ORDER BY id LIMIT $3`,
    petsBySpecies: `SELECT * FROM ${s}.pets WHERE initial_species = $1 AND id > $2 ORDER BY id LIMIT $3`,
    // `sync_flags <> 0` spelled out: it is what lets the planner use the partial index.
    petsWithFlags: `SELECT * FROM ${s}.pets WHERE sync_flags <> 0 AND (sync_flags & $1::smallint) <> 0
      AND id > $2 ORDER BY id LIMIT $3`,
    history: `SELECT * FROM ${s}.pet_changes WHERE pet_id = $1 AND (block_number, event_index) > ($2, $3)
      ORDER BY block_number, event_index LIMIT $4`,
    hooks: `SELECT * FROM ${s}.hooks ORDER BY id`,
    repairs: `SELECT * FROM ${s}.repairs ORDER BY seq LIMIT $1 OFFSET $2`,
    totals: `SELECT (SELECT count(*) FROM ${s}.pets) AS pets,
      (SELECT count(*) FROM ${s}.pet_changes) AS changes,
      (SELECT count(*) FROM ${s}.hooks) AS hooks, (SELECT count(*) FROM ${s}.repairs) AS repairs`,
    deliveryCounts: `SELECT status, count(*) AS n FROM ${s}.deliveries GROUP BY status`,
    due: `SELECT * FROM ${s}.deliveries AS d
      WHERE d.status = 'pending' AND d.next_attempt_at <= $1
        AND NOT EXISTS (SELECT 1 FROM ${s}.deliveries AS e
          WHERE e.status = 'pending' AND e.hook_id = d.hook_id AND e.pet_id = d.pet_id AND e.id < d.id)
      ORDER BY d.id LIMIT $2`,
    delivered: `UPDATE ${s}.deliveries SET status = 'delivered', attempts = attempts + 1,
        delivered_at = $1, ack_status = CASE WHEN ack THEN 'pending' ELSE 'none' END
      WHERE id = $2 AND status = 'pending'`,
    retry: `UPDATE ${s}.deliveries SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2
      WHERE id = $3 AND status = 'pending'`,
    dead: `UPDATE ${s}.deliveries SET status = 'dead', attempts = attempts + 1, last_error = $1
      WHERE id = $2 AND status = 'pending'`,
    pendingAcks: `SELECT * FROM ${s}.deliveries WHERE ack_status = 'pending' AND status = 'delivered'
      ORDER BY id LIMIT $1`,
    setAck: `UPDATE ${s}.deliveries SET ack_status = $1, last_error = coalesce($2, last_error)
      WHERE id = ANY($3::bigint[])`,
    retryDead: `UPDATE ${s}.deliveries SET status = 'pending', attempts = 0, next_attempt_at = 0
      WHERE status = 'dead' AND ($1::bigint IS NULL OR hook_id = $1)`,
  }

  let closed = false
  const ensureOpen = (): void => {
    if (closed) throw new SyncStoreError('STORE_CLOSED', 'the PostgreSQL store is closed')
  }
  const query = async (text: string, values: readonly unknown[] = []) => {
    ensureOpen()
    return pool.query<RawRow>(text, [...values])
  }
  const rows = async (text: string, values: readonly unknown[] = []) =>
    (await query(text, values)).rows

  const applyBatch = async (write: BatchWrite): Promise<void> => {
    ensureOpen()
    const client = await pool.connect()
    let broken = false
    // One statement in flight at a time, and the next one's parameters are built while it runs:
    // client work (turning rows into array literals) overlaps the database's.
    let inFlight: Promise<unknown> = Promise.resolve()
    const next = async (text: string, values: readonly unknown[]): Promise<void> => {
      await inFlight
      inFlight = client.query(text, [...values])
    }
    try {
      await client.query('BEGIN')
      const lock = client.query<RawRow>(sql.lockCheckpoint)
      inFlight = lock
      const pets = lastBy(write.pets, p => p.pet.id).map(petValues)
      const locked = (await lock).rows[0]
      if (locked === undefined)
        throw new SyncStoreError('CORRUPT_ROW', 'checkpoint row id 1 is missing')
      const stored = checkpointFromRow(locked)
      if (!sameCheckpoint(stored, write.parent))
        throw new SyncStoreError(
          'CHECKPOINT_CONFLICT',
          `the replica is at ${describeCheckpoint(stored)}, the batch was planned on ${describeCheckpoint(write.parent)}`,
        )
      const insert = async (text: string, values: SqlValue[][], width: number) => {
        if (values.length > 0) await next(text, columnar(values, width))
      }
      await insert(sql.upsertPets, pets, PET_COLUMNS.length)
      if (write.changes.length > 0) {
        const changes = columnar(write.changes.map(changeValues), CHANGE_COLUMNS.length)
        const span = chainSpan(write.changes)
        let present = span === undefined
        if (span !== undefined) {
          await inFlight
          const probe = await client.query<RawRow>(sql.changesPresent, [span.first, span.last])
          present = probe.rows[0]?.['present'] === true
        }
        await next(present ? sql.insertChangesIdempotent : sql.insertChanges, changes)
      }
      if (write.removedHooks.length > 0)
        await next(sql.deleteHooks, [arrayLiteral(write.removedHooks)])
      await insert(
        sql.upsertHooks,
        lastBy(write.hooks, h => h.id).map(hookValues),
        HOOK_COLUMNS.length,
      )
      await insert(
        sql.insertDeliveries,
        write.deliveries.map(newDeliveryValues),
        NEW_DELIVERY_COLUMNS.length,
      )
      await insert(sql.insertRepairs, write.repairs.map(repairValues), REPAIR_COLUMNS.length)
      await next(sql.setCheckpoint, [write.checkpoint.number, write.checkpoint.hash])
      await next('COMMIT', [])
      await inFlight
    } catch (error) {
      // The statement in flight (if any) must end before the connection takes another.
      await inFlight.catch(() => {})
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      throw error
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: the pool drops it.
      client.release(broken)
    }
  }

  const petPage = (list: RawRow[]) => list.map(petFromRow)

  return {
    kind: 'postgres',
    checkpoint: async () => {
      const row = (await rows(sql.checkpoint))[0]
      if (row === undefined)
        throw new SyncStoreError('CORRUPT_ROW', 'checkpoint row id 1 is missing')
      return checkpointFromRow(row)
    },
    loadPets: async ids => {
      const out = new Map<number, ReplicaPet>()
      ensureOpen()
      if (ids.length === 0) return out
      for (const row of await rows(sql.loadPets, [ids])) {
        const pet = petFromRow(row)
        out.set(pet.pet.id, pet)
      }
      return out
    },
    hooks: async () => (await rows(sql.hooks)).map(hookFromRow),
    applyBatch,
    pet: async id => {
      const row = (await rows(sql.pet, [id]))[0]
      return row === undefined ? undefined : petFromRow(row)
    },
    pets: async page => {
      const { after, limit } = pageOf(page)
      return petPage(await rows(sql.pets, [after, limit]))
    },
    petsByOwner: async (owner, page) => {
      const { after, limit } = pageOf(page)
      return petPage(await rows(sql.petsByOwner, [owner, after, limit]))
    },
    petsBySpecies: async (species, page) => {
      const { after, limit } = pageOf(page)
      return petPage(await rows(sql.petsBySpecies, [species, after, limit]))
    },
    petsWithPendingFlags: async (mask = 0xff, page) => {
      const { after, limit } = pageOf(page)
      return petPage(await rows(sql.petsWithFlags, [mask, after, limit]))
    },
    petHistory: async (petId, page = {}) => {
      const after = page.after ?? { blockNumber: -1, eventIndex: -1 }
      const list = await rows(sql.history, [
        petId,
        after.blockNumber,
        after.eventIndex,
        limitOf(page.limit),
      ])
      return list.map(changeFromRow)
    },
    repairs: async page => {
      const { after, limit } = pageOf(page)
      return (await rows(sql.repairs, [limit, Math.max(0, after)])).map(repairFromRow)
    },
    stats: async () => {
      const [totals, counts] = await Promise.all([rows(sql.totals), rows(sql.deliveryCounts)])
      return statsFromRows(totals[0] ?? {}, counts)
    },
    dueDeliveries: async (now, limit) =>
      (await rows(sql.due, [now, limitOf(limit)])).map(deliveryFromRow),
    recordAttempt: async (id, outcome) => {
      if (outcome.type === 'delivered') await query(sql.delivered, [outcome.at, id])
      else if (outcome.type === 'retry')
        await query(sql.retry, [outcome.error, outcome.nextAttemptAt, id])
      else await query(sql.dead, [outcome.error, id])
    },
    pendingAcks: async limit =>
      (await rows(sql.pendingAcks, [limitOf(limit)])).map(deliveryFromRow),
    setAckStatus: async (ids, status, error) => {
      await query(sql.setAck, [status, error ?? null, ids])
    },
    deliveries: async (filter: DeliveryFilter = {}) => {
      const values: SqlValue[] = []
      const where = deliveryWhere(filter, value => {
        values.push(value)
        return `$${values.length}`
      })
      const list = await rows(
        `SELECT * FROM ${s}.deliveries WHERE ${where} ORDER BY id LIMIT $${values.length + 1}`,
        [...values, limitOf(filter.limit)],
      )
      return list.map(deliveryFromRow)
    },
    retryDead: async hookId => (await query(sql.retryDead, [hookId ?? null])).rowCount ?? 0,
    close: async () => {
      if (closed) return
      closed = true
      await pool.end()
    },
  }
}

// Catch-up runs over the cached chain: our sync or the Subsquid squid, each in its own process,
// against a node in another, into a fresh SQLite file or PostgreSQL schema. Also the check that
// the two replicas hold the same pets and as many history rows.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { openPostgresStore, openSqliteStore } from '../../src/sync/index.ts'
import { cpuSeconds, startChild } from './processes.ts'

const here = import.meta.dirname

/** A replica: a SQLite file or a PostgreSQL schema. */
export type Replica =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string }

/** What a catch-up run reported: its time, counts and memory samples ([s, block, RSS, heap]). */
export interface CatchUp {
  readonly seconds: number
  readonly blocks: number
  readonly events: number
  /** CPU seconds of the indexer's process, and of the node's over the same run. */
  readonly cpuSeconds: number
  readonly nodeCpuSeconds: number
  readonly memory: readonly (readonly [number, number, number, number])[]
}

const location = (replica: Replica): string =>
  replica.kind === 'sqlite'
    ? `sqlite:${replica.path}`
    : `${replica.url}${replica.url.includes('?') ? '&' : '?'}schema=${replica.schema}`

/** The node a catch-up reads from: its URL and process id. */
export interface Source {
  readonly url: string
  readonly pid: number
}

const finish = async (node: Source, script: string, args: string[]): Promise<CatchUp> => {
  // Without PROMETHEUS_PORT the squid's metrics server takes an ephemeral port.
  const { PROMETHEUS_PORT: _fixed, ...env } = process.env
  const nodeCpu = cpuSeconds(node.pid)
  const child = startChild(join(here, script), args, env as Record<string, string>)
  try {
    const done = await child.line(l => l.type === 'done')
    return { ...(done as unknown as CatchUp), nodeCpuSeconds: cpuSeconds(node.pid) - nodeCpu }
  } finally {
    await child.stop()
  }
}

/** Our sync from genesis to block `head` of `node`. */
export const syncCatchUp = (node: Source, replica: Replica, head: number): Promise<CatchUp> =>
  finish(node, 'sync-process.ts', ['catchup', node.url, location(replica), String(head)])

/** The squid from genesis to block `head`, into our replica's tables (made first). */
export const squidCatchUp = async (
  node: Source,
  replica: Replica,
  head: number,
): Promise<CatchUp> => {
  const store =
    replica.kind === 'sqlite'
      ? await openSqliteStore({ path: replica.path })
      : await openPostgresStore({ url: replica.url, schema: replica.schema })
  await store.close()
  return finish(node, 'squid-process.ts', [node.url, String(head), location(replica)])
}

/** Pets in one replica and not the other (both ways), and each replica's history rows. */
export interface Comparison {
  readonly differentPets: number
  readonly pets: number
  readonly changes: readonly [number, number]
}

/** Compares two replicas of the same engine row by row. */
export const compareReplicas = async (a: Replica, b: Replica): Promise<Comparison> => {
  if (a.kind === 'sqlite' && b.kind === 'sqlite') {
    const db = new Database(a.path, { readonly: true })
    db.prepare('ATTACH DATABASE ? AS other').run(b.path)
    const one = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n)
    const result: Comparison = {
      differentPets:
        one('SELECT count(*) AS n FROM (SELECT * FROM main.pets EXCEPT SELECT * FROM other.pets)') +
        one('SELECT count(*) AS n FROM (SELECT * FROM other.pets EXCEPT SELECT * FROM main.pets)'),
      pets: one('SELECT count(*) AS n FROM main.pets'),
      changes: [
        one('SELECT count(*) AS n FROM main.pet_changes'),
        one('SELECT count(*) AS n FROM other.pet_changes'),
      ],
    }
    db.close()
    return result
  }
  if (a.kind !== 'postgres' || b.kind !== 'postgres') throw new TypeError('engines differ')
  const client = new pg.Client({ connectionString: a.url })
  await client.connect()
  const one = async (sql: string) => Number((await client.query(sql)).rows[0].n)
  const [x, y] = [`"${a.schema}"`, `"${b.schema}"`]
  try {
    return {
      differentPets:
        (await one(
          `SELECT count(*) AS n FROM (SELECT * FROM ${x}.pets EXCEPT SELECT * FROM ${y}.pets) d`,
        )) +
        (await one(
          `SELECT count(*) AS n FROM (SELECT * FROM ${y}.pets EXCEPT SELECT * FROM ${x}.pets) d`,
        )),
      pets: await one(`SELECT count(*) AS n FROM ${x}.pets`),
      changes: [
        await one(`SELECT count(*) AS n FROM ${x}.pet_changes`),
        await one(`SELECT count(*) AS n FROM ${y}.pet_changes`),
      ],
    }
  } finally {
    await client.end()
  }
}

/** Drops PostgreSQL schemas made by a run. */
export const dropSchemas = async (url: string, schemas: readonly string[]): Promise<void> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await client.end()
}

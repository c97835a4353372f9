import { describe, expect, it } from 'vitest'
import { latestVersion, migrationsAfter } from './migration.ts'
import { POSTGRES_MIGRATIONS } from './postgres.ts'
import { SQLITE_MIGRATIONS } from './sqlite.ts'

describe('migrations', () => {
  it('number each dialect 1, 2, 3, … and keep the dialects at the same version', () => {
    for (const list of [SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS])
      expect(list.map(m => m.version)).toEqual(list.map((_, i) => i + 1))
    expect(latestVersion(SQLITE_MIGRATIONS)).toBe(latestVersion(POSTGRES_MIGRATIONS))
  })

  it('give what a database still needs, in order', () => {
    const list = [
      { version: 1, summary: 'a', up: 'a' },
      { version: 2, summary: 'b', up: 'b' },
    ]
    expect(migrationsAfter(list, 0, 'db').map(m => m.up)).toEqual(['a', 'b'])
    expect(migrationsAfter(list, 1, 'db').map(m => m.up)).toEqual(['b'])
    expect(migrationsAfter(list, 2, 'db')).toEqual([])
  })

  it('refuse a database newer than the code (SCHEMA_TOO_NEW)', () => {
    expect(() => migrationsAfter(SQLITE_MIGRATIONS, 99, 'replica.db')).toThrow(
      expect.objectContaining({
        code: 'SCHEMA_TOO_NEW',
        message: expect.stringMatching(/replica\.db is at schema version 99/),
      }),
    )
  })

  it('qualify every PostgreSQL table with the schema they are given', () => {
    for (const m of POSTGRES_MIGRATIONS)
      for (const statement of m.up('"s"'))
        expect(statement).toMatch(
          /^(CREATE TABLE "s"\.|CREATE INDEX \w+ ON "s"\.|INSERT INTO "s"\.)/,
        )
  })
})

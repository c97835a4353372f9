import { describe, expect, it } from 'vitest'
import { arrayLiteral, columnar, lastBy, unnestInsert } from './postgres-unnest.ts'

describe('PostgreSQL multi-row writes', () => {
  it('write array literals PostgreSQL parses back to the same values', () => {
    expect(arrayLiteral([1, 0, 4294967295, null])).toBe('{1,0,4294967295,NULL}')
    expect(arrayLiteral(['a', '', 'x,y}', 'say "hi"', 'back\\slash', null])).toBe(
      '{"a","","x,y}","say \\"hi\\"","back\\\\slash",NULL}',
    )
    expect(arrayLiteral([Uint8Array.of(0, 255), new Uint8Array(0)])).toBe('{\\\\x00ff,\\\\x}')
    expect(arrayLiteral([])).toBe('{}')
  })

  it('turn rows into one literal per column', () => {
    expect(
      columnar(
        [
          [1, 'a'],
          [2, null],
        ],
        2,
      ),
    ).toEqual(['{1,2}', '{"a",NULL}'])
  })

  it('keep the last row of each key', () => {
    const rows = [
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
      { id: 1, v: 'c' },
    ]
    expect(lastBy(rows, r => r.id)).toEqual([
      { id: 1, v: 'c' },
      { id: 2, v: 'b' },
    ])
    // No duplicates: the rows as given, not a copy.
    const unique = rows.slice(0, 2)
    expect(lastBy(unique, r => r.id)).toBe(unique)
  })

  it('insert in array order when asked (identity columns follow it)', () => {
    const sql = unnestInsert('s.t', { a: 'bigint', b: 'text' }, 'ON CONFLICT DO NOTHING', true)
    expect(sql).toBe(
      'INSERT INTO s.t (a, b) SELECT a, b FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS r(a, b, ord) ORDER BY ord ON CONFLICT DO NOTHING',
    )
  })
})

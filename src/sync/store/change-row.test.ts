import { describe, expect, it } from 'vitest'
import type { PetChangeRow } from '../types.ts'
import { CHANGE_COLUMNS, chainSpan, changeFromRow, changeValues } from './change-row.ts'

const row = (blockNumber: number, eventIndex: number): PetChangeRow => ({
  blockNumber,
  eventIndex,
  petId: 1,
  version: 2,
  changeType: 'PetFed',
  payload: '{"pet_id":1}',
})

describe('history rows', () => {
  it('round-trip through their column values', () => {
    const values = changeValues(row(7, 3))
    const raw = Object.fromEntries(CHANGE_COLUMNS.map((c, i) => [c, values[i]]))
    expect(changeFromRow(raw)).toEqual(row(7, 3))
    expect(() => changeFromRow({ ...raw, payload: '{' })).toThrow(
      expect.objectContaining({ code: 'CORRUPT_ROW', message: expect.stringContaining('(7, 3)') }),
    )
  })

  it('span their blocks only when in strict chain order', () => {
    expect(chainSpan([row(4, 0), row(4, 2), row(6, 1)])).toEqual({ first: 4, last: 6 })
    expect(chainSpan([row(9, 9)])).toEqual({ first: 9, last: 9 })
    expect(chainSpan([])).toBeUndefined()
    expect(chainSpan([row(4, 2), row(4, 2)])).toBeUndefined()
    expect(chainSpan([row(4, 2), row(4, 1)])).toBeUndefined()
    expect(chainSpan([row(5, 0), row(4, 9)])).toBeUndefined()
  })
})

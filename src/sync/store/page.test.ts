import { describe, expect, it } from 'vitest'
import { DEFAULT_PAGE_LIMIT, limitOf, MAX_PAGE_LIMIT, pageOf } from './page.ts'

describe('pages', () => {
  it('default to everything from the start, DEFAULT_PAGE_LIMIT rows', () => {
    expect(pageOf()).toEqual({ after: -1, limit: DEFAULT_PAGE_LIMIT })
    expect(pageOf({ after: 9, limit: 5 })).toEqual({ after: 9, limit: 5 })
  })

  it('bound the limit to whole rows from 0 to MAX_PAGE_LIMIT', () => {
    expect(limitOf(-3)).toBe(0)
    expect(limitOf(2.7)).toBe(2)
    expect(limitOf(1e9)).toBe(MAX_PAGE_LIMIT)
    expect(limitOf(Number.NaN)).toBe(DEFAULT_PAGE_LIMIT)
    expect(limitOf(undefined, 7)).toBe(7)
    expect(pageOf({ after: Number.NaN }).after).toBe(-1)
  })
})

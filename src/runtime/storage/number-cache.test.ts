import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { NumberCache } from './number-cache.ts'

describe('NumberCache', () => {
  test('answers only for the id last stored in its slot', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 40 }), fc.string()), { maxLength: 60 }),
        writes => {
          const cache = new NumberCache(8)
          const model = new Map<number, string>()
          for (const [id, value] of writes) {
            expect(cache.set(id, value)).toBe(value)
            for (const other of model.keys()) if (other % 8 === id % 8) model.delete(other)
            model.set(id, value)
          }
          for (let id = 0; id <= 40; id++) expect(cache.get(id)).toBe(model.get(id))
        },
      ),
    )
  })

  test('numbers that share a slot bit pattern are told apart', () => {
    const cache = new NumberCache(4)
    cache.set(1.5, 'a')
    expect(cache.get(1)).toBeUndefined()
    expect(cache.get(Number.NaN)).toBeUndefined()
    cache.set(2 ** 32 + 1, 'b')
    expect(cache.get(1)).toBeUndefined()
    expect(cache.get(2 ** 32 + 1)).toBe('b')
  })
})

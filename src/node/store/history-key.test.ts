import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { afterHistoryOf, historyKey, historyPrefix, parseHistoryKey } from './history-key.ts'

// Short keys over {00, 01, ff}: zero bytes and keys that are prefixes of others.
const key = fc
  .array(fc.constantFrom(0, 1, 0xff), { minLength: 1, maxLength: 5 })
  .map(b => Buffer.from(b))
const block = fc.integer({ min: 0, max: 0xffff_ffff })

describe('history keys', () => {
  it('parse back to their key and block', () => {
    fc.assert(
      fc.property(key, block, (k, b) => {
        const parsed = parseHistoryKey(historyKey(k, b))
        expect([...parsed.key]).toEqual([...k])
        expect(parsed.block).toBe(b)
      }),
    )
  })

  it('sort by storage key, then block, even when one key is a prefix of another', () => {
    fc.assert(
      fc.property(key, block, key, block, (k1, b1, k2, b2) => {
        const byKey = Buffer.compare(k1, k2)
        const expected = byKey !== 0 ? byKey : Math.sign(b1 - b2)
        expect(Math.sign(Buffer.compare(historyKey(k1, b1), historyKey(k2, b2)))).toBe(expected)
      }),
    )
  })

  it('group under the escaped prefix of their key, and end before the next key', () => {
    fc.assert(
      fc.property(key, key, block, (k, other, b) => {
        const h = historyKey(k, b)
        const p = historyPrefix(k.subarray(0, 1))
        expect(h.subarray(0, p.length).equals(p)).toBe(true)
        expect(Buffer.compare(h, afterHistoryOf(k))).toBe(-1)
        if (Buffer.compare(other, k) > 0)
          expect(Buffer.compare(afterHistoryOf(k), historyKey(other, 0))).toBe(-1)
      }),
    )
  })
})

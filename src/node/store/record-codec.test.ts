import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  changeOffsets,
  DELETION,
  decodeBody,
  decodeChanges,
  encodeBody,
  encodeChanges,
  valueAt,
} from './record-codec.ts'

const hexKey = fc
  .uint8Array({ minLength: 1, maxLength: 40 })
  .map(b => Buffer.from(b).toString('hex'))
const changes = fc
  .array(fc.tuple(hexKey, fc.option(fc.uint8Array({ maxLength: 64 }), { nil: null })))
  .map(entries => new Map(entries))

describe('change records', () => {
  it('round-trip, and locate each value in place', () => {
    fc.assert(
      fc.property(changes, set => {
        const { bytes, offsets } = encodeChanges(set)
        const decoded = decodeChanges(bytes)
        expect([...decoded.keys()]).toEqual([...set.keys()])
        for (const [k, v] of set) {
          expect(decoded.get(k)).toEqual(v)
          const offset = offsets.get(k) as number
          if (v === null) expect(offset).toBe(DELETION)
          else expect(valueAt(bytes, offset)).toEqual(v)
        }
        expect(changeOffsets(bytes)).toEqual(offsets)
      }),
    )
  })

  it('refuse a truncated record', () => {
    const { bytes } = encodeChanges(new Map([['aa', Uint8Array.of(1, 2)]]))
    expect(() => decodeChanges(bytes.subarray(0, bytes.length - 1))).toThrow()
  })
})

describe('bodies', () => {
  it('round-trip', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 })), xs => {
        expect(decodeBody(encodeBody(xs))).toEqual(xs)
      }),
    )
  })
})

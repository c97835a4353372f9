import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { encode, u32 } from '../../primitives/index.ts'
import { hashKeyHex, type MapHasher, u32KeyHex } from './hashers.ts'

describe('u32KeyHex', () => {
  test('equals hashing the encoded id, for every hasher, first call and remembered', () => {
    const hashers: MapHasher[] = ['Blake2_128Concat', 'Twox64Concat', 'Identity']
    fc.assert(
      fc.property(fc.constantFrom(...hashers), fc.nat({ max: 0xffff_ffff }), (hasher, id) => {
        const expected = hashKeyHex(hasher, encode(u32, id))
        expect(u32KeyHex(hasher, id)).toBe(expected)
        expect(u32KeyHex(hasher, id)).toBe(expected)
      }),
    )
    for (const id of [0, 1, 255, 256, 0xffff, 0x1_0000, 0xffff_ffff])
      for (const hasher of hashers)
        expect(u32KeyHex(hasher, id)).toBe(hashKeyHex(hasher, encode(u32, id)))
  })
})

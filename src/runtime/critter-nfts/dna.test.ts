import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  AccountId32,
  blake2_256,
  bytes,
  EncodeError,
  encode,
  tuple,
  u32,
} from '../../primitives/index.ts'
import { H256 } from '../frame/types.ts'
import { deriveCharter } from './dna.ts'

const DnaInput = tuple(H256, AccountId32, u32, bytes, bytes)

describe('deriveCharter', () => {
  test('hashes exactly SCALE(parent hash, owner, pet id, species, name)', () => {
    const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 })
    const name = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.uint8Array({ minLength: 16_380, maxLength: 16_400 }),
    )
    fc.assert(
      fc.property(hash32, hash32, fc.nat({ max: 0xffff_ffff }), name, name, (p, o, id, s, n) => {
        const expected = blake2_256(encode(DnaInput, [p, o, id, s, n]))
        expect(deriveCharter(p, o, id, s, n).dna).toEqual(expected)
      }),
      { numRuns: 200 },
    )
  })

  test('malformed input is refused by the encoder, as before', () => {
    const zero = new Uint8Array(32)
    expect(() => deriveCharter(new Uint8Array(31), zero, 0, zero, zero)).toThrow(EncodeError)
    expect(() => deriveCharter(zero, zero, -1, zero, zero)).toThrow(EncodeError)
    expect(() => deriveCharter(zero, zero, 0, 'cat' as never, zero)).toThrow(EncodeError)
  })
})

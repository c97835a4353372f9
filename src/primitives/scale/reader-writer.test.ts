// Fixed vectors and error cases for the SCALE reader, writer and shapes.

import { describe, expect, test } from 'vitest'
import { DecodeError, EncodeError } from '../errors.ts'
import { bytesToHex, hexToBytes } from '../hex.ts'
import {
  bool,
  boundedBytes,
  boundedVec,
  bytes,
  compactU32,
  compactU64,
  compactU128,
  decode,
  encode,
  enumeration,
  fields,
  fixedBytes,
  option,
  Reader,
  result,
  type Shape,
  str,
  struct,
  tryDecode,
  tuple,
  u8,
  u16,
  u32,
  u64,
  u128,
  unit,
  variant,
  vec,
  Writer,
} from './index.ts'

const hex = <T>(shape: Shape<T>, value: T): string => bytesToHex(encode(shape, value))
const fromHex = <T>(shape: Shape<T>, text: string): T => decode(shape, hexToBytes(text))
const decodeError =
  <T>(shape: Shape<T>, text: string) =>
  () =>
    fromHex(shape, text)

const Element = enumeration(['pallet_critter', 'Element'], ['Neutral', 'Fire', 'Water'] as const)
const Event = variant(
  ['pallet_critter', 'Event'],
  { Minted: fields({ id: u32 }), Paused: null, Fed: u8 },
  { indices: { Paused: 3, Fed: 7 } },
)

describe('compact', () => {
  const vectors: [number, string][] = [
    [0, '0x00'],
    [1, '0x04'],
    [63, '0xfc'],
    [64, '0x0101'],
    [16383, '0xfdff'],
    [16384, '0x02000100'],
    [2 ** 30 - 1, '0xfeffffff'],
    [2 ** 30, '0x0300000040'],
    [2 ** 32 - 1, '0x03ffffffff'],
  ]

  test.each(vectors)('compactU32 %d <-> %s', (value, encoded) => {
    expect(hex(compactU32, value)).toBe(encoded)
    expect(fromHex(compactU32, encoded)).toBe(value)
    expect(hex(compactU128, BigInt(value))).toBe(encoded)
    expect(fromHex(compactU128, encoded)).toBe(BigInt(value))
  })

  const bigVectors: [bigint, string][] = [
    [2n ** 32n, '0x070000000001'],
    [2n ** 40n - 1n, '0x07ffffffffff'],
    [2n ** 40n, '0x0b000000000001'],
    [2n ** 64n - 1n, '0x13ffffffffffffffff'],
    // 2^64 takes 9 bytes: header (9 - 4) << 2 | 3 = 0x17.
    [2n ** 64n, '0x17000000000000000001'],
    [2n ** 128n - 1n, `0x33${'ff'.repeat(16)}`],
  ]

  test.each(bigVectors)('compactU128 %s <-> %s', (value, encoded) => {
    expect(hex(compactU128, value)).toBe(encoded)
    expect(fromHex(compactU128, encoded)).toBe(value)
  })

  test('compactU64 covers u64 and no more', () => {
    expect(hex(compactU64, 2n ** 64n - 1n)).toBe('0x13ffffffffffffffff')
    expect(fromHex(compactU64, '0x13ffffffffffffffff')).toBe(2n ** 64n - 1n)
    expect(decodeError(compactU64, '0x17000000000000000001')).toThrow(DecodeError)
  })

  test.each([
    ['mode 1 holding 0', '0x0100'],
    ['mode 1 holding 63', '0xfd00'],
    ['mode 2 holding 0', '0x02000000'],
    ['mode 2 holding 16383', '0xfeff0000'],
    ['mode 3 holding 0', '0x0300000000'],
    ['mode 3 holding 2^30 - 1', '0x03ffffff3f'],
  ])('rejects a non-canonical compact: %s (%s)', (_, encoded) => {
    expect(decodeError(compactU32, encoded)).toThrow(DecodeError)
    expect(decodeError(compactU128, encoded)).toThrow(DecodeError)
    expect(decodeError(vec(u8), encoded)).toThrow(DecodeError)
  })

  test('rejects a big compact with a leading zero byte', () => {
    expect(decodeError(compactU128, '0x070000000000')).toThrow(DecodeError)
    expect(decodeError(compactU128, '0x13000000000000000000')).toThrow(DecodeError)
  })

  test('rejects a compact too wide for its type', () => {
    // 2^32 is fine for Compact<u128> but not for a u32 compact (lengths, Compact<u32>).
    expect(decodeError(compactU32, '0x070000000001')).toThrow(DecodeError)
    expect(decodeError(bytes, '0x070000000001')).toThrow(DecodeError)
    // A header claiming 67 bytes is wider than u128.
    expect(decodeError(compactU128, `0xff${'ff'.repeat(67)}`)).toThrow(DecodeError)
  })

  test('rejects truncated compacts', () => {
    expect(decodeError(compactU32, '0x')).toThrow(DecodeError)
    expect(decodeError(compactU32, '0x01')).toThrow(DecodeError)
    expect(decodeError(compactU32, '0x020001')).toThrow(DecodeError)
    expect(decodeError(compactU32, '0x03ffffff')).toThrow(DecodeError)
    expect(decodeError(compactU128, '0x')).toThrow(DecodeError)
    expect(decodeError(compactU128, '0x0700000000')).toThrow(DecodeError)
  })

  test('refuses to encode out-of-range values', () => {
    expect(() => encode(compactU32, -1)).toThrow(EncodeError)
    expect(() => encode(compactU32, 2 ** 32)).toThrow(EncodeError)
    expect(() => encode(compactU32, 1.5)).toThrow(EncodeError)
    expect(() => encode(compactU32, Number.NaN)).toThrow(EncodeError)
    expect(() => encode(compactU128, -1n)).toThrow(EncodeError)
    expect(() => encode(compactU128, 2n ** 128n)).toThrow(EncodeError)
  })
})

describe('fixed-width integers and primitives', () => {
  test('little-endian vectors', () => {
    expect(hex(u8, 0xab)).toBe('0xab')
    expect(hex(u16, 0x1234)).toBe('0x3412')
    expect(hex(u32, 0x12345678)).toBe('0x78563412')
    expect(hex(u32, 2 ** 32 - 1)).toBe('0xffffffff')
    expect(hex(u64, 0x0102030405060708n)).toBe('0x0807060504030201')
    expect(hex(u128, 2n ** 64n)).toBe('0x00000000000000000100000000000000')
    expect(hex(u128, 2n ** 128n - 1n)).toBe(`0x${'ff'.repeat(16)}`)
    expect(fromHex(u16, '0x3412')).toBe(0x1234)
    expect(fromHex(u32, '0xffffffff')).toBe(2 ** 32 - 1)
    expect(fromHex(u64, '0x0807060504030201')).toBe(0x0102030405060708n)
    expect(fromHex(u128, '0x00000000000000000100000000000000')).toBe(2n ** 64n)
  })

  test('bool, str, unit, bytes, fixedBytes', () => {
    expect(hex(bool, false)).toBe('0x00')
    expect(hex(bool, true)).toBe('0x01')
    expect(fromHex(bool, '0x01')).toBe(true)
    expect(hex(str, 'abc')).toBe('0x0c616263')
    expect(fromHex(str, '0x0c616263')).toBe('abc')
    expect(hex(str, 'é')).toBe('0x08c3a9')
    expect(hex(unit, undefined)).toBe('0x')
    expect(fromHex(unit, '0x')).toBeUndefined()
    expect(hex(bytes, new Uint8Array([1, 2, 3]))).toBe('0x0c010203')
    expect(hex(fixedBytes(3), new Uint8Array([1, 2, 3]))).toBe('0x010203')
  })

  test('refuses to encode out-of-range or non-integer numbers', () => {
    expect(() => encode(u8, 256)).toThrow(EncodeError)
    expect(() => encode(u8, -1)).toThrow(EncodeError)
    expect(() => encode(u8, 1.5)).toThrow(EncodeError)
    expect(() => encode(u16, 0x1_0000)).toThrow(EncodeError)
    expect(() => encode(u32, -1)).toThrow(EncodeError)
    expect(() => encode(u32, 2 ** 32)).toThrow(EncodeError)
    expect(() => encode(u32, 0.5)).toThrow(EncodeError)
    expect(() => encode(u32, Number.NaN)).toThrow(EncodeError)
    expect(() => encode(u32, Number.POSITIVE_INFINITY)).toThrow(EncodeError)
    expect(() => encode(u64, -1n)).toThrow(EncodeError)
    expect(() => encode(u64, 2n ** 64n)).toThrow(EncodeError)
    expect(() => encode(u128, -1n)).toThrow(EncodeError)
    expect(() => encode(u128, 2n ** 128n)).toThrow(EncodeError)
  })

  test('fixedBytes refuses the wrong length', () => {
    expect(() => encode(fixedBytes(32), new Uint8Array(31))).toThrow(EncodeError)
    expect(() => encode(fixedBytes(32), new Uint8Array(33))).toThrow(EncodeError)
    expect(decodeError(fixedBytes(32), bytesToHex(new Uint8Array(31)))).toThrow(DecodeError)
  })

  test('invalid bool byte', () => {
    expect(decodeError(bool, '0x02')).toThrow(DecodeError)
    expect(decodeError(bool, '0xff')).toThrow(DecodeError)
  })

  test('invalid UTF-8 in str', () => {
    expect(decodeError(str, '0x04ff')).toThrow(DecodeError)
    expect(decodeError(str, '0x08c328')).toThrow(DecodeError)
  })
})

describe('malformed input', () => {
  test('truncated input', () => {
    expect(decodeError(u8, '0x')).toThrow(DecodeError)
    expect(decodeError(u16, '0x01')).toThrow(DecodeError)
    expect(decodeError(u32, '0x010203')).toThrow(DecodeError)
    expect(decodeError(u64, '0x01020304050607')).toThrow(DecodeError)
    expect(decodeError(u128, `0x${'00'.repeat(15)}`)).toThrow(DecodeError)
    expect(decodeError(bytes, '0x100102')).toThrow(DecodeError)
    expect(decodeError(str, '0x0c6162')).toThrow(DecodeError)
    expect(decodeError(tuple(u32, bool), '0x07000000')).toThrow(DecodeError)
    expect(decodeError(option(u32), '0x01070000')).toThrow(DecodeError)
    expect(decodeError(Event, '0x00')).toThrow(DecodeError)
  })

  test('trailing bytes', () => {
    expect(decodeError(u8, '0x0100')).toThrow(DecodeError)
    expect(decodeError(u32, '0x0700000000')).toThrow(DecodeError)
    expect(decodeError(bytes, '0x040102')).toThrow(DecodeError)
    expect(decodeError(option(u8), '0x0000')).toThrow(DecodeError)
    expect(decodeError(unit, '0x00')).toThrow(DecodeError)
  })

  test('invalid Option tag', () => {
    expect(decodeError(option(u8), '0x0207')).toThrow(DecodeError)
    expect(decodeError(option(u8), '0xff07')).toThrow(DecodeError)
  })

  test('unknown enum index', () => {
    expect(fromHex(Element, '0x02')).toBe('Water')
    expect(decodeError(Element, '0x03')).toThrow(DecodeError)
    // Event uses indices 0, 3 and 7: the positions 1 and 2 are not variants.
    expect(fromHex(Event, '0x0705')).toEqual({ type: 'Fed', value: 5 })
    expect(fromHex(Event, '0x03')).toEqual({ type: 'Paused' })
    expect(decodeError(Event, '0x01')).toThrow(DecodeError)
    expect(decodeError(Event, '0x02')).toThrow(DecodeError)
    expect(decodeError(Event, '0xff')).toThrow(DecodeError)
    expect(decodeError(result(u8, u8), '0x0201')).toThrow(DecodeError)
  })

  test('a Vec whose length prefix exceeds the input', () => {
    expect(decodeError(vec(u32), '0x1001000000')).toThrow(DecodeError)
    expect(decodeError(vec(u8), '0x0c0102')).toThrow(DecodeError)
    // The largest u32 length, with almost no input: rejected before any element is read.
    expect(decodeError(vec(u32), '0x03ffffffff')).toThrow(DecodeError)
    expect(decodeError(bytes, '0x03ffffffff')).toThrow(DecodeError)
    expect(decodeError(boundedVec(u8, 2 ** 32 - 1), '0x03ffffffff')).toThrow(DecodeError)
  })

  test('a BoundedVec longer than its bound', () => {
    const Traits = boundedVec(u16, 2)
    expect(hex(Traits, [1, 2])).toBe('0x0801000200')
    expect(fromHex(Traits, '0x0801000200')).toEqual([1, 2])
    expect(decodeError(Traits, '0x0c010002000300')).toThrow(DecodeError)
    expect(() => encode(Traits, [1, 2, 3])).toThrow(EncodeError)

    const Name = boundedBytes(3)
    expect(hex(Name, new Uint8Array([1, 2, 3]))).toBe('0x0c010203')
    expect(decodeError(Name, '0x1001020304')).toThrow(DecodeError)
    expect(() => encode(Name, new Uint8Array(4))).toThrow(EncodeError)
  })

  test('unknown variant names do not encode', () => {
    expect(() => encode(Element, 'Earth' as 'Fire')).toThrow(EncodeError)
    expect(() => encode(Event, { type: 'Burned' } as unknown as { type: 'Paused' })).toThrow(
      EncodeError,
    )
  })
})

describe('tryDecode', () => {
  test('returns the value of good input', () => {
    expect(tryDecode(u32, hexToBytes('0x07000000'))).toEqual({ ok: true, value: 7 })
    expect(tryDecode(option(u8), hexToBytes('0x00'))).toEqual({ ok: true, value: undefined })
  })

  test.each([
    ['truncated', u32 as Shape<unknown>, '0x0700'],
    ['trailing', u8 as Shape<unknown>, '0x0700'],
    ['bad bool', bool as Shape<unknown>, '0x02'],
    ['bad Option tag', option(u8) as Shape<unknown>, '0x02'],
    ['unknown index', Element as Shape<unknown>, '0x09'],
    ['non-canonical compact', compactU32 as Shape<unknown>, '0x0100'],
    ['over the bound', boundedBytes(1) as Shape<unknown>, '0x080102'],
    ['length over input', vec(u32) as Shape<unknown>, '0x08'],
  ])('returns { ok: false } instead of throwing: %s', (_, shape, text) => {
    const outcome = tryDecode(shape, hexToBytes(text))
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) {
      expect(outcome.error).toBeInstanceOf(DecodeError)
      expect(outcome.error.code).toBe('DECODE_FAILED')
    }
  })
})

describe('Reader and Writer', () => {
  test('Reader tracks offset and remaining, and reads within a subarray', () => {
    const backing = hexToBytes('0xaabbcc0700000001')
    const reader = new Reader(backing.subarray(3))
    expect(reader.remaining).toBe(5)
    expect(reader.u32()).toBe(7)
    expect(reader.offset).toBe(4)
    expect(reader.u8()).toBe(1)
    expect(reader.remaining).toBe(0)
    expect(() => reader.u8()).toThrow(DecodeError)
    expect(decode(u32, backing.subarray(3, 7))).toBe(7)
  })

  test('decoded bytes are copies of the input', () => {
    const input = hexToBytes('0x08abcd')
    const out = decode(bytes, input)
    input[1] = 0
    expect(bytesToHex(out)).toBe('0xabcd')
  })

  test('encode returns a fresh array each time', () => {
    const first = encode(u32, 1)
    const second = encode(u32, 2)
    first[0] = 9
    expect(bytesToHex(second)).toBe('0x02000000')
    expect(bytesToHex(encode(u32, 1))).toBe('0x01000000')
  })

  test('Writer grows past its initial buffer', () => {
    const big = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff)
    const encoded = encode(bytes, big)
    expect(encoded.length).toBe(1002)
    expect(bytesToHex(encoded.subarray(0, 2))).toBe('0xa10f')
    expect(decode(bytes, encoded)).toEqual(big)

    const writer = new Writer()
    for (let i = 0; i < 300; i++) writer.u32(i)
    expect(writer.length).toBe(1200)
    const reader = new Reader(writer.toBytes())
    for (let i = 0; i < 300; i++) expect(reader.u32()).toBe(i)
    writer.reset()
    expect(writer.length).toBe(0)
  })

  test('struct fields encode in declaration order', () => {
    const Weight = struct(['sp_weights', 'weight_v2', 'Weight'], {
      ref_time: compactU64,
      proof_size: compactU64,
    })
    expect(hex(Weight, { ref_time: 1n, proof_size: 64n })).toBe('0x040101')
    expect(fromHex(Weight, '0x040101')).toEqual({ ref_time: 1n, proof_size: 64n })
  })
})

describe('regressions', () => {
  test('str keeps a leading byte-order mark', () => {
    expect(decode(str, encode(str, '\uFEFFa'))).toBe('\uFEFFa')
  })

  test('Compact<u64> refuses to encode values above u64', () => {
    expect(() => encode(compactU64, 2n ** 64n)).toThrow(EncodeError)
    expect(decode(compactU64, encode(compactU64, 2n ** 64n - 1n))).toBe(2n ** 64n - 1n)
  })

  test('vectors of zero-size elements decode, within a cap', () => {
    expect(decode(vec(unit), encode(vec(unit), [undefined, undefined]))).toEqual([
      undefined,
      undefined,
    ])
    expect(() => decode(vec(unit), new Uint8Array([0x03, 0, 0, 0, 1]))).toThrow(DecodeError)
  })

  test('ambiguous option types and non-u8 variant indices are refused when defined', () => {
    expect(() => option(unit)).toThrow(EncodeError)
    expect(() => option(option(u8))).toThrow(EncodeError)
    expect(() => variant(['X'], { A: null }, { indices: { A: 300 } })).toThrow(EncodeError)
  })
})

test('byte encoders refuse anything that is not a Uint8Array', () => {
  expect(() => encode(bytes, 'dragon' as never)).toThrow(EncodeError)
  expect(() => encode(fixedBytes(2), [1, 2] as never)).toThrow(EncodeError)
  expect(() => encode(boundedBytes(8), 'x' as never)).toThrow(EncodeError)
})

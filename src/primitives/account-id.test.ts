// SS58 addresses, Base58 and hex: known vectors, round trips and rejected input.

import { fromBufferToBase58 } from '@polkadot-api/substrate-bindings'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  AccountId32,
  base58Decode,
  base58Encode,
  blake2_512,
  bytesToHex,
  bytesToRawHex,
  concatBytes,
  encode,
  hexToBytes,
  InvalidFormatError,
  isHex,
  parseAccountId,
  SS58_PREFIX,
  ss58Decode,
  ss58Encode,
  utf8,
} from './index.ts'

const RUNS = 200

const ALICE_HEX = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'
const ALICE = hexToBytes(ALICE_HEX)
const ALICE_SS58 = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'

const keys = fc.uint8Array({ minLength: 32, maxLength: 32 })

/** An SS58 payload with its checksum, built by hand so that each part can be broken. */
const ss58Payload = (body: Uint8Array): Uint8Array =>
  concatBytes(body, blake2_512(concatBytes(utf8('SS58PRE'), body)).subarray(0, 2))

describe('SS58', () => {
  test('Alice, generic Substrate prefix 42', () => {
    expect(SS58_PREFIX).toBe(42)
    expect(ss58Encode(ALICE)).toBe(ALICE_SS58)
    expect(ss58Encode(ALICE, 42)).toBe(ALICE_SS58)
    const decoded = ss58Decode(ALICE_SS58)
    expect(bytesToHex(decoded.account)).toBe(ALICE_HEX)
    expect(decoded.prefix).toBe(42)
  })

  test('Alice on Polkadot (0) and Kusama (2)', () => {
    expect(ss58Encode(ALICE, 0)).toBe('15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5')
    expect(ss58Encode(ALICE, 2)).toBe('HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F')
    expect(ss58Decode('15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5').prefix).toBe(0)
    expect(ss58Decode('HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F').prefix).toBe(2)
  })

  test.each([0, 2, 42, 63, 64, 16383])('round trip of random keys with prefix %d', prefix => {
    const oracle = fromBufferToBase58(prefix)
    fc.assert(
      fc.property(keys, key => {
        const address = ss58Encode(key, prefix)
        expect(address).toBe(oracle(key))
        const decoded = ss58Decode(address)
        expect(decoded.prefix).toBe(prefix)
        expect(decoded.account).toEqual(key)
      }),
      { numRuns: RUNS },
    )
  })

  test('one-byte prefixes below 64, two-byte prefixes from 64', () => {
    expect(base58Decode(ss58Encode(ALICE, 63)).length).toBe(35)
    expect(base58Decode(ss58Encode(ALICE, 64)).length).toBe(36)
    // 64 = 0b01_000000: first byte 0x40 | (64 & 0xfc) >> 2, second byte 64 >> 8 | (64 & 3) << 6.
    expect(bytesToHex(base58Decode(ss58Encode(ALICE, 64)).subarray(0, 2))).toBe('0x5000')
    expect(bytesToHex(base58Decode(ss58Encode(ALICE, 16383)).subarray(0, 2))).toBe('0x7fff')
  })

  test('a decoded account is a copy', () => {
    const decoded = ss58Decode(ALICE_SS58)
    decoded.account[0] = 0
    expect(bytesToHex(ss58Decode(ALICE_SS58).account)).toBe(ALICE_HEX)
  })

  test('bad checksum', () => {
    const body = concatBytes(new Uint8Array([42]), ALICE)
    const good = ss58Payload(body)
    expect(base58Encode(good)).toBe(ALICE_SS58)
    for (const at of [good.length - 2, good.length - 1]) {
      const bad = good.slice()
      bad[at] = (bad[at] as number) ^ 1
      expect(() => ss58Decode(base58Encode(bad))).toThrow(InvalidFormatError)
    }
    // A flipped key byte breaks the checksum too.
    const flipped = good.slice()
    flipped[10] = (flipped[10] as number) ^ 0x80
    expect(() => ss58Decode(base58Encode(flipped))).toThrow(InvalidFormatError)
    // So does a changed last character.
    expect(() => ss58Decode(`${ALICE_SS58.slice(0, -1)}Z`)).toThrow(InvalidFormatError)
  })

  test('wrong length', () => {
    const prefix = new Uint8Array([42])
    for (const size of [0, 20, 31, 33, 64]) {
      const address = base58Encode(ss58Payload(concatBytes(prefix, new Uint8Array(size).fill(1))))
      expect(() => ss58Decode(address)).toThrow(InvalidFormatError)
    }
    expect(() => ss58Decode('')).toThrow(InvalidFormatError)
    expect(() => ss58Decode(ALICE_SS58.slice(0, -2))).toThrow(InvalidFormatError)
    expect(() => ss58Decode(`${ALICE_SS58}1`)).toThrow(InvalidFormatError)
  })

  test('a first byte above 127 is not an SS58 prefix', () => {
    const address = base58Encode(ss58Payload(concatBytes(new Uint8Array([128, 0]), ALICE)))
    expect(() => ss58Decode(address)).toThrow(InvalidFormatError)
  })

  test.each(['0', 'O', 'I', 'l', ' ', '+', 'é'])('non-base58 character %j', bad => {
    const address = `${ALICE_SS58.slice(0, 10)}${bad}${ALICE_SS58.slice(11)}`
    expect(() => ss58Decode(address)).toThrow(InvalidFormatError)
  })

  test('ss58Encode rejects a key that is not 32 bytes and an out-of-range prefix', () => {
    expect(() => ss58Encode(new Uint8Array(31))).toThrow(InvalidFormatError)
    expect(() => ss58Encode(new Uint8Array(33))).toThrow(InvalidFormatError)
    expect(() => ss58Encode(ALICE, -1)).toThrow(InvalidFormatError)
    expect(() => ss58Encode(ALICE, 16384)).toThrow(InvalidFormatError)
    expect(() => ss58Encode(ALICE, 1.5)).toThrow(InvalidFormatError)
  })
})

describe('parseAccountId', () => {
  test('accepts 32-byte hex, either case of digits', () => {
    expect(bytesToHex(parseAccountId(ALICE_HEX))).toBe(ALICE_HEX)
    expect(bytesToHex(parseAccountId(`0x${ALICE_HEX.slice(2).toUpperCase()}`))).toBe(ALICE_HEX)
  })

  test('accepts SS58 with any prefix', () => {
    expect(bytesToHex(parseAccountId(ALICE_SS58))).toBe(ALICE_HEX)
    expect(bytesToHex(parseAccountId(ss58Encode(ALICE, 0)))).toBe(ALICE_HEX)
    expect(bytesToHex(parseAccountId(ss58Encode(ALICE, 16383)))).toBe(ALICE_HEX)
  })

  test('rejects anything else with InvalidFormatError', () => {
    for (const text of [
      '',
      '0x',
      ALICE_HEX.slice(0, -2),
      `${ALICE_HEX}00`,
      ALICE_HEX.slice(0, -1),
      'alice',
      `${ALICE_SS58.slice(0, -1)}Z`,
    ]) {
      expect(() => parseAccountId(text), text).toThrow(InvalidFormatError)
    }
  })

  test('the AccountId32 shape', () => {
    expect(encode(AccountId32, ALICE)).toEqual(ALICE)
    expect(AccountId32.typeName).toBe('T::AccountId')
  })
})

describe('Base58', () => {
  test.each([
    ['0x', ''],
    ['0x00', '1'],
    ['0x000001', '112'],
    ['0x61', '2g'],
    ['0x0000287fb4cd', '11233QC4'],
    [bytesToHex(utf8('Hello World!')), '2NEpo7TZRRrLZSi2U'],
    [
      bytesToHex(utf8('The quick brown fox jumps over the lazy dog.')),
      'USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z',
    ],
  ])('%s <-> %j', (bytes, text) => {
    expect(base58Encode(hexToBytes(bytes))).toBe(text)
    expect(bytesToHex(base58Decode(text))).toBe(bytes)
  })

  test('round trip, leading zero bytes included', () => {
    const withZeros = fc
      .tuple(fc.integer({ min: 0, max: 6 }), fc.uint8Array({ maxLength: 48 }))
      .map(([zeros, rest]) => concatBytes(new Uint8Array(zeros), rest))
    fc.assert(
      fc.property(withZeros, bytes => {
        const text = base58Encode(bytes)
        let zeros = 0
        while (bytes[zeros] === 0) zeros++
        expect(text.slice(0, zeros)).toBe('1'.repeat(zeros))
        expect(text[zeros]).not.toBe('1')
        expect(base58Decode(text)).toEqual(bytes)
      }),
      { numRuns: RUNS },
    )
  })

  test.each(['0', 'O', 'I', 'l', '1 1', 'abc-'])('rejects %j', text => {
    expect(() => base58Decode(text)).toThrow(InvalidFormatError)
  })
})

describe('hex', () => {
  test('vectors', () => {
    expect(bytesToHex(new Uint8Array([]))).toBe('0x')
    expect(bytesToHex(new Uint8Array([1, 255, 0, 16]))).toBe('0x01ff0010')
    expect(bytesToRawHex(new Uint8Array([1, 255]))).toBe('01ff')
    expect(hexToBytes('0x01ff')).toEqual(new Uint8Array([1, 255]))
    expect(hexToBytes('01ff')).toEqual(new Uint8Array([1, 255]))
    expect(hexToBytes('0X01FF')).toEqual(new Uint8Array([1, 255]))
    expect(hexToBytes('0xAbCd')).toEqual(new Uint8Array([0xab, 0xcd]))
    expect(hexToBytes('0x')).toEqual(new Uint8Array([]))
    expect(hexToBytes('')).toEqual(new Uint8Array([]))
  })

  test('round trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), bytes => {
        const text = bytesToHex(bytes)
        expect(text).toMatch(/^0x[0-9a-f]*$/)
        expect(text.length).toBe(2 + 2 * bytes.length)
        expect(isHex(text)).toBe(true)
        expect(hexToBytes(text)).toEqual(bytes)
        expect(hexToBytes(text.toUpperCase())).toEqual(bytes)
        expect(hexToBytes(bytesToRawHex(bytes))).toEqual(bytes)
      }),
      { numRuns: RUNS },
    )
  })

  test.each(['0x0', '0x123', 'abc', '0x0000000'])('odd length %j throws', text => {
    expect(() => hexToBytes(text)).toThrow(InvalidFormatError)
  })

  test.each(['0xzz', '0x0g', '0xg0', '0x 1', '0x-1', '0x0x', '0xé1', '0x1\u0100', 'xx00'])(
    'bad digit %j throws',
    text => {
      expect(() => hexToBytes(text)).toThrow(InvalidFormatError)
    },
  )

  test('isHex', () => {
    for (const yes of ['0x', '0x00', '0xABcd', ALICE_HEX]) expect(isHex(yes), yes).toBe(true)
    for (const no of ['0x0', '00', 'ab', '0X00', '0xzz', '0x00 ', ' 0x00', '0x\n', ''])
      expect(isHex(no), no).toBe(false)
    for (const no of [undefined, null, 0, 12n, ['0x00'], new Uint8Array([0])])
      expect(isHex(no)).toBe(false)
  })
})

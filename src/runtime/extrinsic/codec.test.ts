import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { DecodeError, encode, utf8 } from '../../primitives/index.ts'
import { critterCall } from '../critter-nfts/call-builder.ts'
import { createCritterNfts } from '../critter-nfts/pallet.ts'
import { createRuntime, type RuntimeCall } from '../runtime.ts'
import { decodeExtrinsic, encodeExtrinsic, type SignedParts } from './codec.ts'
import { type EraValue, type MultiSignatureValue, SignedExtra } from './types.ts'

const runtime = createRuntime({ pallets: [createCritterNfts().pallet] })
const alice = new Uint8Array(32).fill(0xd4)

const arbBytes = (max: number) => fc.uint8Array({ maxLength: max })
const arbCall: fc.Arbitrary<RuntimeCall> = fc.oneof(
  fc
    .tuple(arbBytes(16), arbBytes(16))
    .map(([species, name]) => critterCall('mint_pet_nft', { species, name })),
  fc
    .tuple(fc.nat(), fc.nat())
    .map(([pet_id, food_item_id]) => critterCall('feed_pet', { pet_id, food_item_id })),
  fc
    .tuple(fc.nat(), fc.option(arbBytes(300), { nil: undefined }), fc.nat())
    .map(([pet_id, name, expected_version]) =>
      critterCall('update_pet_metadata', {
        pet_id,
        name,
        personality_traits: undefined,
        expected_version,
      }),
    ),
  arbBytes(40).map(remark => ({ type: 'System', value: { type: 'remark', value: { remark } } })),
)
const arbEra: fc.Arbitrary<EraValue> = fc.oneof(
  fc.constant({ type: 'Immortal' } as const),
  fc
    .integer({ min: 2, max: 10 })
    .chain(bits =>
      fc
        .nat({ max: 2 ** bits - 1 })
        .map(phase => ({ type: 'Mortal', period: 2 ** bits, phase }) as const),
    ),
)
const arbSignature: fc.Arbitrary<MultiSignatureValue> = fc.oneof(
  fc
    .uint8Array({ minLength: 64, maxLength: 64 })
    .map(value => ({ type: 'Sr25519', value }) as const),
  fc
    .uint8Array({ minLength: 64, maxLength: 64 })
    .map(value => ({ type: 'Ed25519', value }) as const),
  fc.uint8Array({ minLength: 65, maxLength: 65 }).map(value => ({ type: 'Ecdsa', value }) as const),
)
const arbSigned: fc.Arbitrary<SignedParts> = fc.record({
  call: arbCall,
  signed: fc.record({
    address: fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .map(value => ({ type: 'Id', value }) as const),
    signature: arbSignature,
    extra: fc.record({
      era: arbEra,
      nonce: fc.nat(),
      tip: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
    }),
  }),
})

const signed = (): SignedParts => ({
  call: critterCall('feed_pet', { pet_id: 7, food_item_id: 1 }),
  signed: {
    address: { type: 'Id', value: alice },
    signature: { type: 'Sr25519', value: new Uint8Array(64).fill(9) },
    extra: { era: { type: 'Mortal', period: 64, phase: 42 }, nonce: 3, tip: 0n },
  },
})

describe('encodeExtrinsic', () => {
  test('a signed extrinsic is prefix ++ 0x84 ++ address ++ signature ++ extra ++ call', () => {
    const bytes = encodeExtrinsic(runtime, signed())
    const call = encode(runtime.RuntimeCall, signed().call)
    const body = new Uint8Array([
      0x84,
      0x00,
      ...alice,
      0x01,
      ...new Uint8Array(64).fill(9),
      0xa5,
      0x02,
      0x0c,
      0x00,
      ...call,
    ])
    expect(call.subarray(0, 2)).toEqual(new Uint8Array([8, 5]))
    expect(bytes).toEqual(new Uint8Array([(body.length << 2) | 1, body.length >> 6, ...body]))
  })

  test('a bare extrinsic is prefix ++ 0x04 ++ call', () => {
    const call = critterCall('apply_neglect_check', { pet_id: 1 })
    expect(encodeExtrinsic(runtime, { call })).toEqual(
      new Uint8Array([7 << 2, 0x04, 8, 7, 1, 0, 0, 0]),
    )
  })
})

describe('decodeExtrinsic', () => {
  test('returns the parts and the signed bytes', () => {
    const bytes = encodeExtrinsic(runtime, signed())
    const xt = decodeExtrinsic(runtime, bytes)
    expect(xt.version).toBe(4)
    expect(xt.call).toEqual(signed().call)
    expect(xt.callBytes).toEqual(encode(runtime.RuntimeCall, signed().call))
    expect(xt.signed?.address).toEqual({ type: 'Id', value: alice })
    expect(xt.signed?.extra).toEqual(signed().signed.extra)
    expect(xt.signed?.extraBytes).toEqual(encode(SignedExtra, signed().signed.extra))
    const bare = decodeExtrinsic(runtime, encodeExtrinsic(runtime, { call: signed().call }))
    expect(bare).toEqual({ version: 4, call: signed().call, callBytes: xt.callBytes })
    expect('signed' in bare).toBe(false)
  })

  test('round-trips signed and bare extrinsics', () => {
    fc.assert(
      fc.property(arbSigned, xt => {
        const bytes = encodeExtrinsic(runtime, xt)
        const decoded = decodeExtrinsic(runtime, bytes)
        expect(decoded.call).toEqual(xt.call)
        expect(decoded.signed?.signature).toEqual(xt.signed.signature)
        expect(decoded.signed?.extra).toEqual(xt.signed.extra)
        expect(encodeExtrinsic(runtime, decoded)).toEqual(bytes)
        const bare = encodeExtrinsic(runtime, { call: xt.call })
        expect(decodeExtrinsic(runtime, bare).call).toEqual(xt.call)
      }),
    )
  })

  test('a mutated extrinsic is refused or decodes to exactly those bytes', () => {
    fc.assert(
      fc.property(arbSigned, fc.nat(), fc.integer({ min: 1, max: 255 }), (xt, at, delta) => {
        const bytes = encodeExtrinsic(runtime, xt)
        const mutated = bytes.slice()
        const i = at % bytes.length
        mutated[i] = ((mutated[i] as number) + delta) & 0xff
        let decoded: ReturnType<typeof decodeExtrinsic> | undefined
        try {
          decoded = decodeExtrinsic(runtime, mutated)
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError)
          return
        }
        expect(encodeExtrinsic(runtime, decoded)).toEqual(mutated)
      }),
      { numRuns: 500 },
    )
  })

  test('truncated or extended input is refused', () => {
    fc.assert(
      fc.property(arbSigned, fc.nat(), arbBytes(4), (xt, cut, extra) => {
        const bytes = encodeExtrinsic(runtime, xt)
        const end = cut % bytes.length
        expect(() => decodeExtrinsic(runtime, bytes.subarray(0, end))).toThrow(DecodeError)
        if (extra.length > 0)
          expect(() => decodeExtrinsic(runtime, new Uint8Array([...bytes, ...extra]))).toThrow(
            DecodeError,
          )
      }),
    )
  })

  test('refuses wrong versions, prefixes and trailing bytes', () => {
    const bytes = encodeExtrinsic(runtime, {
      call: critterCall('apply_neglect_check', { pet_id: 1 }),
    })
    const body = bytes.subarray(1)
    const withBody = (b: number[]) => new Uint8Array([b.length << 2, ...b])
    for (const version of [0x00, 0x03, 0x05, 0x44, 0x85, 0xc4])
      expect(() => decodeExtrinsic(runtime, withBody([version, ...body.subarray(1)]))).toThrow(
        /version/,
      )
    // The same body behind a two-byte (non-canonical) length prefix.
    expect(() =>
      decodeExtrinsic(runtime, new Uint8Array([(body.length << 2) | 1, 0, ...body])),
    ).toThrow(DecodeError)
    expect(() => decodeExtrinsic(runtime, withBody([...body, 0]))).toThrow(/trailing/)
    expect(() => decodeExtrinsic(runtime, new Uint8Array([]))).toThrow(DecodeError)
    // Unknown pallet and unknown call index.
    expect(() => decodeExtrinsic(runtime, withBody([0x04, 9, 0]))).toThrow(DecodeError)
    expect(() => decodeExtrinsic(runtime, withBody([0x04, 8, 200]))).toThrow(DecodeError)
  })

  test('refuses a non-canonical nonce or era inside a signed extrinsic', () => {
    const good = encodeExtrinsic(runtime, signed())
    const decoded = decodeExtrinsic(runtime, good)
    const extraAt =
      good.length - decoded.callBytes.length - (decoded.signed?.extraBytes.length ?? 0)
    const rebuild = (extra: number[]) => {
      const body = [...good.subarray(2, extraAt), ...extra, ...decoded.callBytes]
      return new Uint8Array([(body.length << 2) | 1, body.length >> 6, ...body])
    }
    expect(decodeExtrinsic(runtime, rebuild([0xa5, 0x02, 0x0c, 0x00])).signed?.extra.nonce).toBe(3)
    // nonce 3 as a two-byte compact
    expect(() => decodeExtrinsic(runtime, rebuild([0xa5, 0x02, 0x0d, 0x00, 0x00]))).toThrow(
      DecodeError,
    )
    // era with period 4 and phase 5
    expect(() => decodeExtrinsic(runtime, rebuild([0x51, 0x00, 0x0c, 0x00]))).toThrow(DecodeError)
  })

  test('refuses a non-canonical call argument', () => {
    // mint_pet_nft with the species length as a two-byte compact
    const body = [0x04, 8, 0, 0x01, 0x00, 0x00]
    expect(() => decodeExtrinsic(runtime, new Uint8Array([body.length << 2, ...body]))).toThrow(
      DecodeError,
    )
    const canonical = [0x04, 8, 0, 0x00, 0x04, ...utf8('x')]
    expect(
      decodeExtrinsic(runtime, new Uint8Array([canonical.length << 2, ...canonical])).call,
    ).toEqual(critterCall('mint_pet_nft', { species: new Uint8Array(), name: utf8('x') }))
  })
})

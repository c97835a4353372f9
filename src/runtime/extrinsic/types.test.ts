import { TypeRegistry } from '@polkadot/types'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { decode, encode, tryDecode } from '../../primitives/index.ts'
import { createRuntime } from '../runtime.ts'
import {
  Era,
  type EraValue,
  MultiAddress,
  MultiSignature,
  SIGNED_EXTENSIONS,
  SignedExtra,
  uncheckedExtrinsicDef,
} from './types.ts'

const mortal = (period: number, phase: number): EraValue => ({ type: 'Mortal', period, phase })

/** Every valid mortal era: period a power of two in 4..65536, phase quantized below it. */
const arbMortal = fc.integer({ min: 2, max: 16 }).chain(bits => {
  const period = 2 ** bits
  const quantum = Math.max(period >> 12, 1)
  return fc.integer({ min: 0, max: period / quantum - 1 }).map(q => mortal(period, q * quantum))
})

describe('Era', () => {
  test('immortal is one zero byte', () => {
    expect(encode(Era, { type: 'Immortal' })).toEqual(new Uint8Array([0]))
    expect(decode(Era, new Uint8Array([0]))).toEqual({ type: 'Immortal' })
  })

  test('era.rs vectors', () => {
    // period 64, phase 42: (log2(64) - 1) | 42 << 4 = 0x02a5
    expect(encode(Era, mortal(64, 42))).toEqual(new Uint8Array([0xa5, 0x02]))
    // period 32768 quantizes phases by 8: 14 | (20000 / 8) << 4 = 0x9c4e
    expect(encode(Era, mortal(32768, 20000))).toEqual(new Uint8Array([0x4e, 0x9c]))
    expect(decode(Era, new Uint8Array([0x4e, 0x9c]))).toEqual(mortal(32768, 20000))
  })

  test('agrees with @polkadot/types', () => {
    const registry = new TypeRegistry()
    for (const [period, current] of [
      [64, 42],
      [4, 3],
      [65536, 65535],
      [1024, 5000],
      [8192, 123456],
    ] as const) {
      const theirs = registry.createType('ExtrinsicEra', { period, current })
      const phase = current % period
      const quantum = Math.max(period >> 12, 1)
      expect(encode(Era, mortal(period, Math.floor(phase / quantum) * quantum))).toEqual(
        theirs.toU8a(),
      )
    }
  })

  test('round-trips every valid era', () => {
    fc.assert(
      fc.property(arbMortal, era => {
        const bytes = encode(Era, era)
        expect(bytes.length).toBe(2)
        expect(decode(Era, bytes)).toEqual(era)
      }),
    )
  })

  test('a two-byte value decodes exactly when it is the canonical form of an era', () => {
    let valid = 0
    for (let e = 256; e < 65536; e++) {
      const bytes = new Uint8Array([e & 0xff, e >> 8])
      const decoded = tryDecode(Era, bytes)
      if (bytes[0] === 0) {
        // A zero first byte is Immortal followed by a trailing byte.
        expect(decoded.ok).toBe(false)
        continue
      }
      if (!decoded.ok) continue
      valid++
      expect(encode(Era, decoded.value)).toEqual(bytes)
    }
    // Low nibble 0 (period 2) never decodes; the others decode when the phase is below the period.
    expect(valid).toBeGreaterThan(1000)
    expect(tryDecode(Era, new Uint8Array([0x10, 0x00])).ok).toBe(false)
    expect(tryDecode(Era, new Uint8Array([0x51, 0x00])).ok).toBe(false) // period 4, phase 5
    expect(tryDecode(Era, new Uint8Array([0xa5])).ok).toBe(false)
  })

  test('refuses eras it cannot encode canonically', () => {
    for (const bad of [
      mortal(3, 0),
      mortal(2, 0),
      mortal(65536 * 2, 0),
      mortal(64, 64),
      mortal(64, -1),
      mortal(8192, 3), // phases of an 8192 period are multiples of 2
      mortal(64.5, 1),
    ])
      expect(() => encode(Era, bad)).toThrow(/era/)
  })

  test('metadata lists 256 variants, Immortal then Mortal1..Mortal255 with one u8', () => {
    const def = Era.def
    if (def.tag !== 'variant') throw new TypeError('Era must be a variant')
    expect(def.path).toEqual(['sp_runtime', 'generic', 'era', 'Era'])
    expect(def.variants.length).toBe(256)
    expect(def.variants[0]).toMatchObject({ name: 'Immortal', index: 0, fields: [] })
    expect(def.variants[255]).toMatchObject({ name: 'Mortal255', index: 255 })
    expect(def.variants[7]?.fields.map(f => f.type)).toEqual([{ tag: 'primitive', name: 'u8' }])
  })
})

describe('MultiAddress and MultiSignature', () => {
  const alice = new Uint8Array(32).fill(7)

  test('Id is 0x00 ++ account, Index carries no bytes', () => {
    expect(encode(MultiAddress, { type: 'Id', value: alice })).toEqual(
      new Uint8Array([0, ...alice]),
    )
    expect(encode(MultiAddress, { type: 'Index', value: undefined })).toEqual(new Uint8Array([1]))
    expect(decode(MultiAddress, new Uint8Array([4, ...new Uint8Array(20)]))).toEqual({
      type: 'Address20',
      value: new Uint8Array(20),
    })
  })

  test('signature lengths by scheme', () => {
    const sig = new Uint8Array(64).fill(1)
    expect(encode(MultiSignature, { type: 'Sr25519', value: sig })[0]).toBe(1)
    expect(() => encode(MultiSignature, { type: 'Ecdsa', value: sig })).toThrow()
    expect(decode(MultiSignature, new Uint8Array([2, ...new Uint8Array(65)])).type).toBe('Ecdsa')
    expect(tryDecode(MultiSignature, new Uint8Array([3, ...sig])).ok).toBe(false)
  })

  test('metadata paths and parameters', () => {
    expect(MultiAddress.def).toMatchObject({
      path: ['sp_runtime', 'multiaddress', 'MultiAddress'],
      params: [{ name: 'AccountId' }, { name: 'AccountIndex' }],
    })
    const variants = MultiAddress.def.tag === 'variant' ? MultiAddress.def.variants : []
    expect(variants.map(v => [v.name, v.index])).toEqual([
      ['Id', 0],
      ['Index', 1],
      ['Raw', 2],
      ['Address32', 3],
      ['Address20', 4],
    ])
    const sigs = MultiSignature.def.tag === 'variant' ? MultiSignature.def.variants : []
    expect(sigs.map(v => [v.name, v.index, v.fields[0]?.type])).toMatchObject([
      ['Ed25519', 0, { path: ['sp_core', 'ed25519', 'Signature'] }],
      ['Sr25519', 1, { path: ['sp_core', 'sr25519', 'Signature'] }],
      ['Ecdsa', 2, { path: ['sp_core', 'ecdsa', 'Signature'] }],
    ])
  })
})

describe('signed extensions', () => {
  test('identifiers in wire order', () => {
    expect(SIGNED_EXTENSIONS.map(e => e.identifier)).toEqual([
      'CheckNonZeroSender',
      'CheckSpecVersion',
      'CheckTxVersion',
      'CheckGenesis',
      'CheckMortality',
      'CheckNonce',
      'CheckWeight',
      'ChargeTransactionPayment',
    ])
  })

  test('the extra is era ++ Compact(nonce) ++ Compact(tip)', () => {
    expect(encode(SignedExtra, { era: { type: 'Immortal' }, nonce: 1, tip: 0n })).toEqual(
      new Uint8Array([0, 4, 0]),
    )
    expect(encode(SignedExtra, { era: mortal(64, 42), nonce: 64, tip: 1n })).toEqual(
      new Uint8Array([0xa5, 0x02, 0x01, 0x01, 0x04]),
    )
  })

  test('round-trips', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant<EraValue>({ type: 'Immortal' }), arbMortal),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        (era, nonce, tip) => {
          const extra = { era, nonce, tip }
          expect(decode(SignedExtra, encode(SignedExtra, extra))).toEqual(extra)
        },
      ),
    )
  })

  test('UncheckedExtrinsic names its parts in its parameters', () => {
    const runtime = createRuntime({ pallets: [] })
    const def = uncheckedExtrinsicDef(runtime)
    expect(def.path).toEqual(['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic'])
    expect(def.params.map(p => p.name)).toEqual(['Address', 'Call', 'Signature', 'Extra'])
    expect(def.params[1]?.type).toBe(runtime.RuntimeCall.def)
    expect(def.fields).toEqual([
      {
        name: undefined,
        type: { tag: 'sequence', of: { tag: 'primitive', name: 'u8' } },
        typeName: undefined,
        docs: [],
      },
    ])
  })
})

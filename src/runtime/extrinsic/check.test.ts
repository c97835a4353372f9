// parseExtrinsic: every branch, in Substrate's order, and the single-threaded checks after it.

import { describe, expect, test } from 'vitest'
import {
  blake2_256,
  bytesToHex,
  devKeypair,
  encode,
  verifySignature,
} from '../../primitives/index.ts'
import { createCritterNfts } from '../critter-nfts/pallet.ts'
import { createRuntime, type Runtime, type RuntimeCall } from '../runtime.ts'
import {
  type ChainView,
  checkExtrinsic,
  checkParsed,
  type ParseResult,
  parseExtrinsic,
  toCheckedExtrinsic,
} from './check.ts'
import { encodeExtrinsic } from './codec.ts'
import { birthOf, IMMORTAL, mortalEra, NEVER } from './era.ts'
import { signExtrinsic, signedMessage } from './payload.ts'
import { type EraValue, type MultiAddressValue, SignedExtra } from './types.ts'

const BLOCK_HASH_COUNT = 16
const runtime = createRuntime({
  pallets: [createCritterNfts().pallet],
  blockHashCount: BLOCK_HASH_COUNT,
})
const hashOf = (n: number) => blake2_256(encode(SignedExtra, { era: IMMORTAL, nonce: n, tip: 0n }))
const genesisHash = hashOf(0)

/** A chain whose best block is `best`, knowing every hash (the window is parseExtrinsic's job). */
const viewAt = (best: number, overrides: Partial<ChainView> = {}): ChainView => ({
  specVersion: runtime.version.spec_version,
  transactionVersion: runtime.version.transaction_version,
  genesisHash,
  blockNumber: best + 1,
  blockHash: n => (n >= 0 && n <= best ? hashOf(n) : undefined),
  ...overrides,
})

const remark: RuntimeCall = {
  type: 'System',
  value: { type: 'remark', value: { remark: Uint8Array.of(1, 2, 3) } },
}
const alice = devKeypair('Alice')

/** A transaction signed at block `signedAt` (its era's birth) with `era`. */
const signed = (era: EraValue, signedAt: number, options: { call?: RuntimeCall } = {}) =>
  signExtrinsic(runtime, {
    call: options.call ?? remark,
    signer: alice,
    nonce: 3,
    tip: 5n,
    era,
    genesisHash,
    birthHash: hashOf(birthOf(era, signedAt)),
  })

const validity = (result: ParseResult) =>
  result.type === 'Err' && result.value.type === 'Validity' ? result.value.value : undefined

const expectOk = (result: ParseResult) => {
  if (result.type !== 'Ok') throw new Error(`expected Ok, got ${JSON.stringify(result.value)}`)
  return result.value
}

describe('format', () => {
  test.each([
    ['empty', new Uint8Array(0)],
    ['length prefix only', Uint8Array.of(4)],
    ['unknown version', Uint8Array.of(8, 0x85, 0, 0, 0, 0, 0, 0, 0)],
    ['garbage', Uint8Array.of(0xff, 0xff, 0xff)],
  ])('%s is BadFormat', (_, bytes) => {
    const result = parseExtrinsic(runtime, bytes, viewAt(10))
    expect(result.type).toBe('Err')
    if (result.type === 'Err') expect(result.value.type).toBe('BadFormat')
  })

  test('truncated and extended extrinsics are BadFormat', () => {
    const bytes = signed(IMMORTAL, 10)
    for (const bad of [bytes.subarray(0, bytes.length - 1), Uint8Array.of(...bytes, 0)]) {
      const result = parseExtrinsic(runtime, bad, viewAt(10))
      expect(result.type === 'Err' && result.value.type).toBe('BadFormat')
    }
  })

  test('faults that are not about the bytes are not hidden', () => {
    const broken: Runtime = {
      ...runtime,
      RuntimeCall: {
        ...runtime.RuntimeCall,
        decodeFrom: () => {
          throw new TypeError('a bug')
        },
      },
    }
    expect(() => parseExtrinsic(broken, signed(IMMORTAL, 10), viewAt(10))).toThrow(TypeError)
  })
})

describe('validity before the signature', () => {
  test('the all-zero account: Invalid(BadSigner), though sr25519 accepts a forgery for it', () => {
    // R = the ristretto basepoint, s = 1 (with schnorrkel's marker bit): s·B − k·0 = R for any
    // message, so the zero key "signs" everything. CheckNonZeroSender is what stops it.
    const basepoint = Uint8Array.from(
      Buffer.from('e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76', 'hex'),
    )
    const forged = new Uint8Array(64)
    forged.set(basepoint, 0)
    forged[32] = 1
    forged[63] = 0x80
    const zero = new Uint8Array(32)
    const message = Uint8Array.of(1, 2, 3)
    expect(
      verifySignature({ scheme: 'Sr25519', publicKey: zero, message, signature: forged }),
    ).toBe(true)
    const bytes = encodeExtrinsic(runtime, {
      call: remark,
      signed: {
        address: { type: 'Id', value: zero },
        signature: { type: 'Sr25519', value: forged },
        extra: { era: IMMORTAL, nonce: 0, tip: 0n },
      },
    })
    expect(validity(parseExtrinsic(runtime, bytes, viewAt(10)))).toEqual({
      type: 'Invalid',
      value: { type: 'BadSigner' },
    })
  })

  test('a bare extrinsic: Unknown(NoUnsignedValidator), as with no ValidateUnsigned', () => {
    const bytes = encodeExtrinsic(runtime, { call: remark })
    expect(validity(parseExtrinsic(runtime, bytes, viewAt(10)))).toEqual({
      type: 'Unknown',
      value: { type: 'NoUnsignedValidator' },
    })
  })

  test.each<MultiAddressValue>([
    { type: 'Index', value: undefined },
    { type: 'Raw', value: Uint8Array.of(1, 2) },
    { type: 'Address32', value: alice.publicKey },
    { type: 'Address20', value: new Uint8Array(20) },
  ])('address $type: Unknown(CannotLookup)', address => {
    const bytes = encodeExtrinsic(runtime, {
      call: remark,
      signed: {
        address,
        signature: { type: 'Sr25519', value: new Uint8Array(64) },
        extra: { era: IMMORTAL, nonce: 0, tip: 0n },
      },
    })
    expect(validity(parseExtrinsic(runtime, bytes, viewAt(10)))).toEqual({
      type: 'Unknown',
      value: { type: 'CannotLookup' },
    })
  })

  const ancient = { type: 'Invalid', value: { type: 'AncientBirthBlock' } }

  test('birth block not known to the chain: AncientBirthBlock', () => {
    const era = mortalEra(64, 100)
    const bytes = signed(era, 100)
    expect(expectOk(parseExtrinsic(runtime, bytes, viewAt(100))).hash.length).toBe(32)
    const forgetful = viewAt(100, { blockHash: () => undefined })
    expect(validity(parseExtrinsic(runtime, bytes, forgetful))).toEqual(ancient)
  })

  test('birth block is the block being built, or later: AncientBirthBlock', () => {
    // Era phase 5 of period 64, seen from block 3: the birth would be block 5.
    const early = mortalEra(64, 5)
    expect(validity(parseExtrinsic(runtime, signed(early, 5), viewAt(2)))).toEqual(ancient)
    // Signed at block 11 while block 11 is the one being built.
    expect(validity(parseExtrinsic(runtime, signed(mortalEra(4, 11), 11), viewAt(10)))).toEqual(
      ancient,
    )
  })

  test('birth outside the last BlockHashCount blocks: AncientBirthBlock even if the hash is known', () => {
    const era = mortalEra(64, 100)
    const bytes = signed(era, 100)
    // Building block 100 + 16: block 100 is the oldest hash System keeps.
    expect(parseExtrinsic(runtime, bytes, viewAt(100 + BLOCK_HASH_COUNT - 1)).type).toBe('Ok')
    expect(validity(parseExtrinsic(runtime, bytes, viewAt(100 + BLOCK_HASH_COUNT)))).toEqual(
      ancient,
    )
  })

  test('after its death a mortal transaction points at a newer birth block: BadProof', () => {
    const era = mortalEra(4, 100)
    const bytes = signed(era, 100)
    const later = expectOk(parseExtrinsic(runtime, bytes, viewAt(104)))
    expect(checkParsed(later)).toEqual({
      type: 'Err',
      value: { type: 'Validity', value: { type: 'Invalid', value: { type: 'BadProof' } } },
    })
  })

  test('immortal transactions are born at genesis, which is always kept', () => {
    const bytes = signed(IMMORTAL, 0)
    const parsed = expectOk(parseExtrinsic(runtime, bytes, viewAt(10_000)))
    expect(parsed.signed?.longevity).toBe(NEVER)
    expect(checkParsed(parsed).type).toBe('Ok')
  })
})

describe('Ok', () => {
  test('carries the hash, length, call, signer, nonce, tip, longevity and message', () => {
    const era = mortalEra(64, 100)
    const bytes = signed(era, 100)
    const parsed = expectOk(parseExtrinsic(runtime, bytes, viewAt(110)))
    expect(parsed.bytes).toBe(bytes)
    expect(bytesToHex(parsed.hash)).toBe(bytesToHex(blake2_256(bytes)))
    expect(parsed.length).toBe(bytes.length)
    expect(parsed.call).toEqual(remark)
    expect(parsed.signed?.signer).toEqual(alice.publicKey)
    expect(parsed.signed?.nonce).toBe(3)
    expect(parsed.signed?.tip).toBe(5n)
    // Born at 100 with period 64: dies at 164; building block 111 leaves 53 blocks.
    expect(parsed.signed?.longevity).toBe(164 - 111)
    const message = signedMessage(
      encode(runtime.RuntimeCall, remark),
      encode(SignedExtra, { era, nonce: 3, tip: 5n }),
      {
        specVersion: runtime.version.spec_version,
        transactionVersion: runtime.version.transaction_version,
        genesisHash,
        birthHash: hashOf(100),
      },
    )
    expect(parsed.signed?.signature).toEqual({
      scheme: 'Sr25519',
      publicKey: alice.publicKey,
      message,
      signature: parsed.signed?.signature.signature,
    })
    expect(verifySignature(parsed.signed?.signature ?? fail())).toBe(true)
    expect(toCheckedExtrinsic(parsed)).toEqual({
      origin: { type: 'Signed', value: alice.publicKey },
      nonce: 3,
      call: remark,
    })
  })

  test('a payload over 256 bytes is verified as its hash', () => {
    const call: RuntimeCall = {
      type: 'System',
      value: { type: 'remark', value: { remark: new Uint8Array(300) } },
    }
    const parsed = expectOk(parseExtrinsic(runtime, signed(IMMORTAL, 5, { call }), viewAt(5)))
    expect(parsed.signed?.signature.message.length).toBe(32)
    expect(checkParsed(parsed).type).toBe('Ok')
  })

  test('another chain, spec or transaction version: parses, then fails its signature', () => {
    const bytes = signed(IMMORTAL, 5)
    for (const view of [
      viewAt(5, { genesisHash: hashOf(99) }),
      viewAt(5, { specVersion: runtime.version.spec_version + 1 }),
      viewAt(5, { transactionVersion: runtime.version.transaction_version + 1 }),
    ]) {
      const parsed = expectOk(parseExtrinsic(runtime, bytes, view))
      expect(validity(checkParsed(parsed))).toEqual({
        type: 'Invalid',
        value: { type: 'BadProof' },
      })
    }
  })

  test('ECDSA signatures parse and never verify', () => {
    const bytes = encodeExtrinsic(runtime, {
      call: remark,
      signed: {
        address: { type: 'Id', value: alice.publicKey },
        signature: { type: 'Ecdsa', value: new Uint8Array(65) },
        extra: { era: IMMORTAL, nonce: 0, tip: 0n },
      },
    })
    const parsed = expectOk(parseExtrinsic(runtime, bytes, viewAt(5)))
    expect(parsed.signed?.signature.scheme).toBe('Ecdsa')
    expect(validity(checkParsed(parsed))?.type).toBe('Invalid')
  })

  test('checkExtrinsic: parse errors pass through; the verifier can be swapped', () => {
    const bytes = signed(IMMORTAL, 5)
    expect(checkExtrinsic(runtime, bytes, viewAt(5)).type).toBe('Ok')
    expect(validity(checkExtrinsic(runtime, bytes, viewAt(5), () => false))?.value).toEqual({
      type: 'BadProof',
    })
    expect(checkExtrinsic(runtime, Uint8Array.of(0), viewAt(5)).type).toBe('Err')
    const bare = encodeExtrinsic(runtime, { call: remark })
    expect(validity(checkExtrinsic(runtime, bare, viewAt(5)))?.type).toBe('Unknown')
  })

  test('an unsigned parsed extrinsic has no CheckedExtrinsic and passes checkParsed', () => {
    const parsed = {
      ...expectOk(parseExtrinsic(runtime, signed(IMMORTAL, 5), viewAt(5))),
      signed: undefined,
    }
    expect(toCheckedExtrinsic(parsed)).toBeUndefined()
    expect(checkParsed(parsed).type).toBe('Ok')
  })
})

function fail(): never {
  throw new Error('missing value')
}

// The signed payload: its layout, the 256-byte hashing rule, and signExtrinsic.

import { describe, expect, test } from 'vitest'
import {
  blake2_256,
  concatBytes,
  devKeypair,
  EncodeError,
  encode,
  u32,
  unit,
  verifySignature,
} from '../../primitives/index.ts'
import { createCritterNfts } from '../critter-nfts/pallet.ts'
import { H256 } from '../frame/types.ts'
import { createRuntime, type RuntimeCall } from '../runtime.ts'
import { decodeExtrinsic } from './codec.ts'
import { InvalidEraError, mortalEra } from './era.ts'
import {
  type AdditionalSigned,
  MAX_UNHASHED_PAYLOAD,
  signExtrinsic,
  signedMessage,
  signingPayload,
} from './payload.ts'
import { SIGNED_EXTENSIONS } from './types.ts'

const runtime = createRuntime({ pallets: [createCritterNfts().pallet] })
const genesisHash = new Uint8Array(32).fill(0x11)
const birthHash = new Uint8Array(32).fill(0x22)
const additional: AdditionalSigned = {
  specVersion: 0x01020304,
  transactionVersion: 7,
  genesisHash,
  birthHash,
}
const remark = (length: number): RuntimeCall => ({
  type: 'System',
  value: { type: 'remark', value: { remark: new Uint8Array(length).fill(0xab) } },
})

test('the extensions add exactly spec, tx version, genesis and birth hash to the payload', () => {
  // payload.ts writes additional_signed by hand; this pins it to the declared extensions.
  expect(SIGNED_EXTENSIONS.map(e => e.additionalSigned.def)).toEqual([
    unit.def,
    u32.def,
    u32.def,
    H256.def,
    H256.def,
    unit.def,
    unit.def,
    unit.def,
  ])
})

describe('signingPayload', () => {
  test('is call ++ extra ++ u32 spec ++ u32 tx ++ genesis ++ birth', () => {
    const call = Uint8Array.of(0, 0, 4, 1, 2, 3, 4)
    const extra = Uint8Array.of(0x55, 0x00, 0x08, 0x00)
    expect(signingPayload(call, extra, additional)).toEqual(
      concatBytes(
        call,
        extra,
        Uint8Array.of(4, 3, 2, 1),
        Uint8Array.of(7, 0, 0, 0),
        genesisHash,
        birthHash,
      ),
    )
  })

  test('a payload of 256 bytes is signed as is; 257 bytes as its blake2_256', () => {
    const extra = Uint8Array.of(0, 0, 0)
    const fixed = extra.length + 72
    const at256 = new Uint8Array(MAX_UNHASHED_PAYLOAD - fixed).fill(1)
    expect(signedMessage(at256, extra, additional)).toEqual(
      signingPayload(at256, extra, additional),
    )
    const at257 = new Uint8Array(MAX_UNHASHED_PAYLOAD + 1 - fixed).fill(1)
    expect(signedMessage(at257, extra, additional)).toEqual(
      blake2_256(signingPayload(at257, extra, additional)),
    )
  })

  test('versions out of u32 range and hashes of the wrong length are refused', () => {
    const call = Uint8Array.of(0)
    for (const bad of [
      { ...additional, specVersion: -1 },
      { ...additional, transactionVersion: 2 ** 32 },
      { ...additional, specVersion: 1.5 },
      { ...additional, genesisHash: new Uint8Array(31) },
      { ...additional, birthHash: new Uint8Array(33) },
    ]) {
      expect(() => signingPayload(call, call, bad)).toThrow(EncodeError)
    }
  })
})

describe('signExtrinsic', () => {
  test.each(['Sr25519', 'Ed25519'] as const)(
    '%s: decodes, and its signature covers the payload',
    scheme => {
      const signer = devKeypair('Alice', scheme)
      const era = mortalEra(64, 100)
      const bytes = signExtrinsic(runtime, {
        call: remark(3),
        signer,
        nonce: 5,
        tip: 9n,
        era,
        genesisHash,
        birthHash,
      })
      const xt = decodeExtrinsic(runtime, bytes)
      expect(xt.signed?.address).toEqual({ type: 'Id', value: signer.publicKey })
      expect(xt.signed?.extra).toEqual({ era, nonce: 5, tip: 9n })
      expect(xt.signed?.signature.type).toBe(scheme)
      const message = signedMessage(xt.callBytes, xt.signed?.extraBytes ?? new Uint8Array(), {
        specVersion: runtime.version.spec_version,
        transactionVersion: runtime.version.transaction_version,
        genesisHash,
        birthHash,
      })
      const signature = xt.signed?.signature.value ?? new Uint8Array(64)
      expect(verifySignature({ scheme, publicKey: signer.publicKey, message, signature })).toBe(
        true,
      )
    },
  )

  test('immortal by default, signed over the genesis hash; long calls are signed hashed', () => {
    const signer = devKeypair('Bob')
    const call = remark(300)
    const bytes = signExtrinsic(runtime, { call, signer, nonce: 0, genesisHash })
    const xt = decodeExtrinsic(runtime, bytes)
    expect(xt.signed?.extra).toEqual({ era: { type: 'Immortal' }, nonce: 0, tip: 0n })
    const message = signedMessage(encode(runtime.RuntimeCall, call), Uint8Array.of(0, 0, 0), {
      specVersion: runtime.version.spec_version,
      transactionVersion: runtime.version.transaction_version,
      genesisHash,
      birthHash: genesisHash,
    })
    expect(message.length).toBe(32)
    const signature = xt.signed?.signature.value ?? new Uint8Array(64)
    expect(
      verifySignature({ scheme: 'Sr25519', publicKey: signer.publicKey, message, signature }),
    ).toBe(true)
  })

  test('a mortal era without its birth hash is refused', () => {
    expect(() =>
      signExtrinsic(runtime, {
        call: remark(1),
        signer: devKeypair('Bob'),
        nonce: 0,
        era: mortalEra(64, 3),
        genesisHash,
      }),
    ).toThrow(InvalidEraError)
  })
})

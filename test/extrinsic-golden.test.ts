// Extrinsics signed by the unmodified @polkadot/types (the signer inside @polkadot/api) pass our
// checks with the same hash; extrinsics we sign decode in @polkadot/types with equal fields, the
// same signed payload, and signatures @polkadot/util-crypto accepts (substrate-wire.md section 3).
// A mismatch here means our payload, era or hashing rules differ from the clients'.

import { Keyring } from '@polkadot/keyring'
import type { KeyringPair } from '@polkadot/keyring/types'
import { expandMetadata, GenericExtrinsicPayload, Metadata, TypeRegistry } from '@polkadot/types'
import type { RuntimeVersion } from '@polkadot/types/interfaces'
import type { IExtrinsicEra } from '@polkadot/types/types'
import { u8aToHex } from '@polkadot/util'
import { blake2AsU8a, cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  blake2_256,
  bytesToHex,
  devKeypair,
  encode,
  type Keypair,
  ss58Encode,
  utf8,
  verifySignature,
} from '../src/primitives/index.ts'
import {
  buildMetadata,
  type ChainView,
  createCritterNfts,
  createRuntime,
  critterCall,
  decodeExtrinsic,
  type EraValue,
  IMMORTAL,
  mortalEra,
  type ParsedExtrinsic,
  parseExtrinsic,
  type RuntimeCall,
  signExtrinsic,
  signingPayload,
} from '../src/runtime/index.ts'

const runtime = createRuntime({ pallets: [createCritterNfts().pallet] })
const registry = new TypeRegistry()
const metadata = new Metadata(registry, buildMetadata(runtime))
registry.setMetadata(metadata)
const tx = expandMetadata(registry, metadata).tx

const BEST = 100
const genesisHash = blake2_256(utf8('critter golden genesis'))
const hashOf = (n: number) => (n === 0 ? genesisHash : blake2_256(utf8(`block ${n}`)))
const view: ChainView = {
  specVersion: runtime.version.spec_version,
  transactionVersion: runtime.version.transaction_version,
  genesisHash,
  blockNumber: BEST + 1,
  blockHash: n => (n >= 0 && n <= BEST ? hashOf(n) : undefined),
}
const runtimeVersion = registry.createType<RuntimeVersion>('RuntimeVersion', {
  specVersion: runtime.version.spec_version,
  transactionVersion: runtime.version.transaction_version,
})

const mint = critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8('Rex') })
const remark = (length: number): RuntimeCall => ({
  type: 'System',
  value: { type: 'remark', value: { remark: new Uint8Array(length).fill(0x61) } },
})
/** The same calls, built by polkadot-js from our metadata alone. */
const theirCall = (call: RuntimeCall) => {
  if (call.type === 'System') {
    const { remark } = (call.value as { value: { remark: Uint8Array } }).value
    // A hex string is raw bytes to polkadot-js (a Uint8Array would be read as length-prefixed).
    return tx['system']?.['remark']?.(u8aToHex(remark))
  }
  return tx['critterNfts']?.['mintPetNft']?.('dragon', 'Rex')
}

let keyring: { sr25519: Keyring; ed25519: Keyring }
beforeAll(async () => {
  await cryptoWaitReady()
  keyring = { sr25519: new Keyring({ type: 'sr25519' }), ed25519: new Keyring({ type: 'ed25519' }) }
})

const expectOk = (bytes: Uint8Array, chain: ChainView = view): ParsedExtrinsic => {
  const result = parseExtrinsic(runtime, bytes, chain)
  if (result.type !== 'Ok') throw new Error(`refused: ${JSON.stringify(result.value)}`)
  return result.value
}

interface Case {
  readonly name: string
  readonly type: 'sr25519' | 'ed25519'
  readonly call: RuntimeCall
  /** The block whose hash a mortal transaction signs; `undefined` for immortal. */
  readonly signedAt: number | undefined
}

const CASES: readonly Case[] = [
  { name: 'sr25519, mortal (period 64)', type: 'sr25519', call: mint, signedAt: BEST },
  { name: 'sr25519, immortal', type: 'sr25519', call: mint, signedAt: undefined },
  { name: 'ed25519, mortal', type: 'ed25519', call: mint, signedAt: BEST - 3 },
  {
    name: 'payload over 256 bytes (remark of 300)',
    type: 'sr25519',
    call: remark(300),
    signedAt: BEST,
  },
]

describe('signed by @polkadot/types, checked by us', () => {
  const signTheirs = (c: Case, pair: KeyringPair, genesis = genesisHash) => {
    const method = theirCall(c.call)
    if (method === undefined) throw new Error('polkadot-js has no such call')
    const era =
      c.signedAt === undefined
        ? registry.createType('ExtrinsicEra', new Uint8Array([0]))
        : registry.createType('ExtrinsicEra', { current: c.signedAt, period: 64 })
    const xt = registry.createType('Extrinsic', { method })
    xt.sign(pair, {
      blockHash: c.signedAt === undefined ? genesis : hashOf(c.signedAt),
      genesisHash: genesis,
      era: era as IExtrinsicEra,
      nonce: 3,
      tip: 7,
      runtimeVersion,
      signedExtensions: registry.signedExtensions,
    })
    return xt
  }

  test.each(CASES)('$name: Ok, verifies, same hash and fields', c => {
    const pair = keyring[c.type].addFromUri('//Alice')
    const xt = signTheirs(c, pair)
    const bytes = xt.toU8a()
    const parsed = expectOk(bytes)
    expect(bytesToHex(parsed.hash)).toBe(xt.hash.toHex())
    expect(parsed.call).toEqual(c.call)
    expect(parsed.signed?.signer).toEqual(pair.publicKey)
    expect(parsed.signed?.nonce).toBe(3)
    expect(parsed.signed?.tip).toBe(7n)
    const check = parsed.signed?.signature
    if (check === undefined) throw new Error('unsigned')
    expect(check.scheme).toBe(c.type === 'sr25519' ? 'Sr25519' : 'Ed25519')
    expect(verifySignature(check)).toBe(true)
    if (c.call !== mint) expect(check.message.length).toBe(32)
  })

  test.each(CASES)('$name: signed for another genesis, the signature fails', c => {
    const pair = keyring[c.type].addFromUri('//Alice')
    const otherGenesis = blake2_256(utf8('another chain'))
    const xt = signTheirs(c, pair, otherGenesis)
    // An immortal transaction of another chain signs its genesis as the birth hash, too.
    const parsed = expectOk(xt.toU8a())
    expect(verifySignature(parsed.signed?.signature ?? fail())).toBe(false)
  })
})

describe('signed by us, read by @polkadot/types', () => {
  const ours = (c: Case, signer: Keypair) => {
    const era: EraValue = c.signedAt === undefined ? IMMORTAL : mortalEra(64, c.signedAt)
    const birthHash = c.signedAt === undefined ? genesisHash : hashOf(c.signedAt)
    const bytes = signExtrinsic(runtime, {
      call: c.call,
      signer,
      nonce: 9,
      tip: 1_000n,
      era,
      genesisHash,
      birthHash,
    })
    return { bytes, era, birthHash }
  }

  test.each(CASES)('$name: equal fields, payload and hash; util-crypto verifies', c => {
    const signer = devKeypair('Alice', c.type === 'sr25519' ? 'Sr25519' : 'Ed25519')
    const { bytes, era, birthHash } = ours(c, signer)
    const xt = registry.createType('Extrinsic', bytes)
    expect(xt.isSigned).toBe(true)
    expect(xt.toU8a()).toEqual(bytes)
    expect(xt.signer.toString()).toBe(ss58Encode(signer.publicKey))
    expect(xt.nonce.toNumber()).toBe(9)
    expect(xt.tip.toString()).toBe('1000')
    expect(xt.signature.toHex()).toBe(
      u8aToHex(decodeExtrinsic(runtime, bytes).signed?.signature.value),
    )
    if (era.type === 'Mortal') {
      expect(xt.era.asMortalEra.period.toNumber()).toBe(era.period)
      expect(xt.era.asMortalEra.phase.toNumber()).toBe(era.phase)
    } else {
      expect(xt.era.isImmortalEra).toBe(true)
    }
    const callBytes = encode(runtime.RuntimeCall, c.call)
    expect(xt.method.toHex()).toBe(bytesToHex(callBytes))
    expect(xt.method.toHex()).toBe(theirCall(c.call)?.toHex())
    expect(bytesToHex(expectOk(bytes).hash)).toBe(xt.hash.toHex())

    const payload = new GenericExtrinsicPayload(
      registry,
      {
        method: xt.method.toHex(),
        era: xt.era,
        nonce: 9,
        tip: 1_000,
        specVersion: runtime.version.spec_version,
        transactionVersion: runtime.version.transaction_version,
        genesisHash,
        blockHash: birthHash,
      },
      { version: 4 },
    )
    const theirPayload = payload.toU8a({ method: true })
    const extraBytes = decodeExtrinsic(runtime, bytes).signed?.extraBytes ?? fail()
    expect(bytesToHex(signingPayload(callBytes, extraBytes, { ...view, birthHash }))).toBe(
      u8aToHex(theirPayload),
    )
    const signed = theirPayload.length > 256 ? blake2AsU8a(theirPayload) : theirPayload
    expect(signatureVerify(signed, xt.signature.toU8a(), signer.publicKey).isValid).toBe(true)
  })
})

function fail(): never {
  throw new Error('missing value')
}

import { decAnyMetadata, type V14 } from '@polkadot-api/substrate-bindings'
import { describe, expect, test } from 'vitest'
import {
  blake2_256,
  bytesToHex,
  encode,
  fromUtf8,
  hexToBytes,
  u16,
  u32,
} from '../../primitives/index.ts'
import { createCritterNfts } from '../critter-nfts/pallet.ts'
import { EMPTY_ACCOUNT } from '../index.ts'
import { createRuntime } from '../runtime.ts'
import { AccountInfo, RuntimeVersion } from '../system/types.ts'
import { buildMetadata, metadataAtVersion, metadataVersions } from './build.ts'
import { runtimeCode } from './code.ts'

const critter = createCritterNfts()
const runtime = createRuntime({ pallets: [critter.pallet] })
const bytes = buildMetadata(runtime)
const decoded = decAnyMetadata(bytes)
if (decoded.metadata.tag !== 'v14') throw new TypeError('expected v14')
const md: V14 = decoded.metadata.value
type Entry = V14['lookup'][number]

const type = (id: number | undefined): Entry => {
  const entry = md.lookup[id ?? -1]
  if (entry === undefined) throw new TypeError(`no type ${id}`)
  return entry
}
const byPath = (...path: string[]): Entry[] =>
  md.lookup.filter(t => t.path.join('::') === path.join('::'))
const one = (...path: string[]): Entry => {
  const found = byPath(...path)
  expect(found.length, path.join('::')).toBe(1)
  return found[0] as Entry
}
const prim = (name: string): number => {
  const found = md.lookup.filter(t => t.def.tag === 'primitive' && t.def.value.tag === name)
  expect(found.length).toBe(1)
  return (found[0] as Entry).id
}
const variants = (entry: Entry) => {
  if (entry.def.tag !== 'variant') throw new TypeError(`${entry.path.join('::')} is not a variant`)
  return entry.def.value
}
const fieldsOf = (entry: Entry) => {
  if (entry.def.tag !== 'composite')
    throw new TypeError(`${entry.path.join('::')} is not a composite`)
  return entry.def.value
}
const byName = <T extends { name: string }>(list: readonly T[]) =>
  new Map(list.map(x => [x.name, x]))
const pallet = (name: string) => {
  const found = md.pallets.find(p => p.name === name)
  if (found === undefined) throw new TypeError(`no pallet ${name}`)
  return found
}

describe('encoding', () => {
  test('RuntimeMetadataPrefixed: "meta", 14, then V14', () => {
    expect(bytesToHex(bytes.subarray(0, 5))).toBe('0x6d6574610e')
    expect(decoded.magicNumber).toBe(0x6174656d)
  })

  test('is built once and handed out as copies', () => {
    const again = buildMetadata(runtime)
    expect(again).toEqual(bytes)
    again[0] = 0
    expect(buildMetadata(runtime)).toEqual(bytes)
  })

  test('type ids equal positions, and every reference points into the registry', () => {
    md.lookup.forEach((t, i) => {
      expect(t.id).toBe(i)
    })
    const refs: number[] = []
    for (const t of md.lookup) {
      for (const p of t.params) if (p.type !== undefined) refs.push(p.type)
      const d = t.def
      if (d.tag === 'composite') refs.push(...d.value.map(f => f.type))
      if (d.tag === 'variant') for (const v of d.value) refs.push(...v.fields.map(f => f.type))
      if (d.tag === 'sequence' || d.tag === 'compact') refs.push(d.value)
      if (d.tag === 'array') refs.push(d.value.type)
      if (d.tag === 'tuple') refs.push(...d.value)
    }
    expect(refs.every(r => r >= 0 && r < md.lookup.length)).toBe(true)
  })

  test('no two registry entries are identical', () => {
    const keys = md.lookup.map(t => JSON.stringify({ ...t, id: 0 }))
    expect(new Set(keys).size).toBe(keys.length)
  })

  test('versions: only 14', () => {
    expect(metadataVersions()).toEqual([14])
    expect(metadataAtVersion(runtime, 14)).toEqual(bytes)
    expect(metadataAtVersion(runtime, 15)).toBeUndefined()
  })
})

describe('type-registry rules clients match on (substrate-wire 2.1)', () => {
  test('UncheckedExtrinsic and its parameters', () => {
    const xt = type(md.extrinsic.type)
    expect(xt.path).toEqual(['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic'])
    expect(xt.params.map(p => p.name)).toEqual(['Address', 'Call', 'Signature', 'Extra'])
    expect(xt.params.every(p => p.type !== undefined)).toBe(true)
    const [address, call, signature, extra] = xt.params.map(p => type(p.type))
    expect(fieldsOf(xt)).toHaveLength(1)
    expect(type(fieldsOf(xt)[0]?.type).def).toEqual({ tag: 'sequence', value: prim('u8') })
    expect(address?.path).toEqual(['sp_runtime', 'multiaddress', 'MultiAddress'])
    expect(
      address?.params.map(p => [p.name, type(p.type).path.join('::') || type(p.type).def.tag]),
    ).toEqual([
      ['AccountId', 'sp_core::crypto::AccountId32'],
      ['AccountIndex', 'tuple'],
    ])
    expect(variants(address as Entry).map(v => [v.name, v.index])).toEqual([
      ['Id', 0],
      ['Index', 1],
      ['Raw', 2],
      ['Address32', 3],
      ['Address20', 4],
    ])
    expect(call?.path).toEqual(['critter_runtime', 'RuntimeCall'])
    expect(signature?.path).toEqual(['sp_runtime', 'MultiSignature'])
    expect(
      variants(signature as Entry).map(v => [
        v.name,
        v.index,
        type(v.fields[0]?.type).path.join('::'),
      ]),
    ).toEqual([
      ['Ed25519', 0, 'sp_core::ed25519::Signature'],
      ['Sr25519', 1, 'sp_core::sr25519::Signature'],
      ['Ecdsa', 2, 'sp_core::ecdsa::Signature'],
    ])
    const ecdsa = one('sp_core', 'ecdsa', 'Signature')
    expect(type(fieldsOf(ecdsa)[0]?.type).def).toMatchObject({ tag: 'array', value: { len: 65 } })
    expect(extra?.def).toEqual({
      tag: 'tuple',
      value: md.extrinsic.signedExtensions.map(e => e.type),
    })
  })

  test('signed extensions in order, with their types', () => {
    expect(md.extrinsic.version).toBe(4)
    const exts = md.extrinsic.signedExtensions.map(e => [
      e.identifier,
      type(e.type).path.join('::'),
      type(e.additionalSigned).path.join('::') || JSON.stringify(type(e.additionalSigned).def),
    ])
    const unitDef = JSON.stringify({ tag: 'tuple', value: [] })
    const u32Def = JSON.stringify({ tag: 'primitive', value: { tag: 'u32' } })
    expect(exts).toEqual([
      [
        'CheckNonZeroSender',
        'frame_system::extensions::check_non_zero_sender::CheckNonZeroSender',
        unitDef,
      ],
      [
        'CheckSpecVersion',
        'frame_system::extensions::check_spec_version::CheckSpecVersion',
        u32Def,
      ],
      ['CheckTxVersion', 'frame_system::extensions::check_tx_version::CheckTxVersion', u32Def],
      [
        'CheckGenesis',
        'frame_system::extensions::check_genesis::CheckGenesis',
        'primitive_types::H256',
      ],
      [
        'CheckMortality',
        'frame_system::extensions::check_mortality::CheckMortality',
        'primitive_types::H256',
      ],
      ['CheckNonce', 'frame_system::extensions::check_nonce::CheckNonce', unitDef],
      ['CheckWeight', 'frame_system::extensions::check_weight::CheckWeight', unitDef],
      ['ChargeTransactionPayment', 'pallet_transaction_payment::ChargeTransactionPayment', unitDef],
    ])
    const mortality = fieldsOf(type(md.extrinsic.signedExtensions[4]?.type))
    const era = type(mortality[0]?.type)
    expect(era.path).toEqual(['sp_runtime', 'generic', 'era', 'Era'])
    expect(variants(era).map(v => v.index)).toEqual([...Array(256).keys()])
    const nonce = fieldsOf(type(md.extrinsic.signedExtensions[5]?.type))
    expect(type(nonce[0]?.type).def).toEqual({ tag: 'compact', value: prim('u32') })
    const tip = fieldsOf(type(md.extrinsic.signedExtensions[7]?.type))
    expect(type(tip[0]?.type).def).toEqual({ tag: 'compact', value: prim('u128') })
  })

  test('RuntimeCall and RuntimeEvent variants are the pallets, at the pallet indices', () => {
    for (const [name, key] of [
      ['RuntimeCall', 'calls'],
      ['RuntimeEvent', 'events'],
    ] as const) {
      const outer = one('critter_runtime', name)
      expect(variants(outer).map(v => [v.name, v.index, v.fields.length])).toEqual(
        md.pallets.filter(p => p[key] !== undefined).map(p => [p.name, p.index, 1]),
      )
      for (const v of variants(outer)) expect(v.fields[0]?.type).toBe(pallet(v.name)[key])
    }
    expect(pallet('System').index).toBe(0)
    expect(pallet('CritterNfts').index).toBe(8)
    expect(type(pallet('CritterNfts').calls).path).toEqual([
      'pallet_critter_nfts',
      'pallet',
      'Call',
    ])
    expect(type(pallet('CritterNfts').calls).params).toEqual([{ name: 'T', type: undefined }])
    const mint = variants(type(pallet('CritterNfts').calls)).find(v => v.name === 'mint_pet_nft')
    expect(mint?.fields.map(f => f.name)).toEqual(['species', 'name'])
  })

  test('EventRecord, Phase and the System events', () => {
    const record = one('frame_system', 'EventRecord')
    expect(record.params.map(p => [p.name, type(p.type).path.join('::')])).toEqual([
      ['E', 'critter_runtime::RuntimeEvent'],
      ['T', 'primitive_types::H256'],
    ])
    expect(
      fieldsOf(record).map(f => [f.name, type(f.type).path.join('::') || type(f.type).def.tag]),
    ).toEqual([
      ['phase', 'frame_system::Phase'],
      ['event', 'critter_runtime::RuntimeEvent'],
      ['topics', 'sequence'],
    ])
    expect(variants(one('frame_system', 'Phase')).map(v => [v.name, v.index])).toEqual([
      ['ApplyExtrinsic', 0],
      ['Finalization', 1],
      ['Initialization', 2],
    ])
    const events = variants(one('frame_system', 'pallet', 'Event'))
    expect(events.slice(0, 2).map(v => [v.name, v.index, v.fields.map(f => f.name)])).toEqual([
      ['ExtrinsicSuccess', 0, ['dispatch_info']],
      ['ExtrinsicFailed', 1, ['dispatch_error', 'dispatch_info']],
    ])
    const info = one('frame_support', 'dispatch', 'DispatchInfo')
    expect(fieldsOf(info).map(f => f.name)).toEqual(['weight', 'class', 'pays_fee'])
    expect(fieldsOf(one('sp_weights', 'weight_v2', 'Weight')).map(f => f.name)).toEqual([
      'ref_time',
      'proof_size',
    ])
  })

  test('DispatchError has Module at 3, with ModuleError { index, error }', () => {
    const error = variants(one('sp_runtime', 'DispatchError'))
    expect(error.slice(0, 4).map(v => [v.name, v.index])).toEqual([
      ['Other', 0],
      ['CannotLookup', 1],
      ['BadOrigin', 2],
      ['Module', 3],
    ])
    const moduleError = type(error[3]?.fields[0]?.type)
    expect(moduleError.path).toEqual(['sp_runtime', 'ModuleError'])
    expect(fieldsOf(moduleError).map(f => f.name)).toEqual(['index', 'error'])
  })

  test('Digest and DigestItem', () => {
    const digest = one('sp_runtime', 'generic', 'digest', 'Digest')
    expect(fieldsOf(digest).map(f => f.name)).toEqual(['logs'])
    expect(
      variants(one('sp_runtime', 'generic', 'digest', 'DigestItem')).map(v => [v.name, v.index]),
    ).toEqual([
      ['Other', 0],
      ['Consensus', 4],
      ['Seal', 5],
      ['PreRuntime', 6],
      ['RuntimeEnvironmentUpdated', 8],
    ])
  })

  test('AccountId32 is one composite of [u8; 32]', () => {
    const account = one('sp_core', 'crypto', 'AccountId32')
    expect(type(fieldsOf(account)[0]?.type).def).toMatchObject({ tag: 'array', value: { len: 32 } })
  })
})

describe('pallets (substrate-wire 2.2)', () => {
  test('System storage: prefix, modifiers, hashers and defaults', () => {
    const storage = pallet('System').storage
    expect(storage?.prefix).toBe('System')
    const items = byName(storage?.items ?? [])
    expect([...items.keys()]).toEqual(
      expect.arrayContaining([
        'Account',
        'Number',
        'ParentHash',
        'BlockHash',
        'Digest',
        'Events',
        'EventCount',
      ]),
    )
    const account = items.get('Account')
    expect(account?.modifier).toBe(1)
    expect(account?.type).toMatchObject({
      tag: 'map',
      value: { hashers: [{ tag: 'Blake2128Concat' }] },
    })
    expect(account?.fallback).toBe(bytesToHex(encode(AccountInfo, EMPTY_ACCOUNT)))
    expect(hexToBytes(account?.fallback ?? '')).toHaveLength(80)
    if (account?.type.tag !== 'map') throw new TypeError('Account is a map')
    expect(type(account.type.value.key).path).toEqual(['sp_core', 'crypto', 'AccountId32'])
    expect(type(account.type.value.value).path).toEqual(['frame_system', 'AccountInfo'])
    expect(items.get('BlockHash')?.type).toMatchObject({
      tag: 'map',
      value: { hashers: [{ tag: 'Twox64Concat' }] },
    })
    expect(items.get('Events')?.fallback).toBe('0x00')
    expect(items.get('Events')?.type.tag).toBe('plain')
    const events = items.get('Events')?.type.value as number
    expect(type(type(events).def.value as number).path).toEqual(['frame_system', 'EventRecord'])
    expect(items.get('Number')?.fallback).toBe('0x00000000')
    expect(items.get('Digest')?.docs).toEqual(['Digest of the current block.'])
  })

  test('System constants', () => {
    const constants = byName(pallet('System').constants)
    expect(constants.get('BlockHashCount')?.value).toBe(bytesToHex(encode(u32, 4096)))
    expect(constants.get('SS58Prefix')?.value).toBe(bytesToHex(encode(u16, 42)))
    expect(constants.get('Version')?.value).toBe(
      bytesToHex(encode(RuntimeVersion, runtime.version)),
    )
    expect(type(constants.get('Version')?.type).path).toEqual(['sp_version', 'RuntimeVersion'])
    expect(constants.get('SS58Prefix')?.docs.length).toBe(1)
  })

  test('CritterNfts storage, calls, events, errors and constants', () => {
    const p = pallet('CritterNfts')
    expect(p.storage?.prefix).toBe('CritterNfts')
    const items = byName(p.storage?.items ?? [])
    expect([...items.keys()]).toEqual(Object.keys(critter.storage))
    expect(items.get('PetNfts')?.modifier).toBe(0)
    expect(items.get('PetNfts')?.fallback).toBe('0x00')
    expect(items.get('OwnerOfPet')?.modifier).toBe(1)
    expect(items.get('OwnerOfPet')?.fallback).toBe('0x00')
    expect(items.get('PetNfts')?.type).toMatchObject({
      tag: 'map',
      value: { hashers: [{ tag: 'Blake2128Concat' }] },
    })
    expect(type(p.errors).path).toEqual(['pallet_critter_nfts', 'pallet', 'Error'])
    expect(
      variants(type(p.errors)).find(v => v.name === 'ConcurrentModification')?.docs,
    ).toHaveLength(1)
    expect(variants(type(p.events)).map(v => v.name)).toContain('PetNftMinted')
    const maxOwned = p.constants.find(c => c.name === 'MaxOwnedPets')
    expect(maxOwned?.value).toBe(bytesToHex(encode(u32, critter.config.MaxOwnedPets)))
    expect(p.constants.map(c => c.name)).toEqual(Object.keys(critter.config))
  })
})

describe('runtimeCode', () => {
  test('names the spec and the metadata hash, and follows the metadata', () => {
    const code = fromUtf8(runtimeCode(runtime))
    expect(code).toBe(`critter-node/100/metadata:${bytesToHex(blake2_256(bytes))}`)
    const other = createRuntime({ pallets: [critter.pallet], specVersion: 101 })
    expect(fromUtf8(runtimeCode(other))).not.toBe(code)
    const withoutCritter = createRuntime({ pallets: [], specVersion: 100 })
    expect(runtimeCode(withoutCritter)).not.toEqual(runtimeCode(runtime))
  })
})

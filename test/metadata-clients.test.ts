// Our metadata and encodings, read by the unmodified client libraries: @polkadot/types (the codec
// behind @polkadot/api), polkadot-api's metadata builders (the copy polkadot-api 2.2 ships) and
// Subsquid's substrate-runtime. A client that rejects something means our metadata or types are
// wrong, never this test (substrate-wire.md section 2).
import { expandMetadata, Metadata, TypeRegistry } from '@polkadot/types'
import { compactStripLength, u8aToHex } from '@polkadot/util'
import { Runtime as SquidRuntime } from '@subsquid/substrate-runtime'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  getChecksumBuilder,
  getDynamicBuilder,
  getLookupFn,
} from '../node_modules/polkadot-api/node_modules/@polkadot-api/metadata-builders/dist/index.js'
import {
  decAnyMetadata,
  unifyMetadata,
} from '../node_modules/polkadot-api/node_modules/@polkadot-api/substrate-bindings/dist/index.js'
import {
  bytesToHex,
  encode,
  fromUtf8,
  hexToBytes,
  ss58Encode,
  utf8,
  vec,
} from '../src/primitives/index.ts'
import {
  buildMetadata,
  createCritterNfts,
  createInMemoryChain,
  createRuntime,
  critterCall,
  encodeExtrinsic,
  type FinalizedBlock,
  SIGNED_EXTENSIONS,
} from '../src/runtime/index.ts'

const ALICE = hexToBytes('0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d')
const BOB = hexToBytes('0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48')

const critter = createCritterNfts()
const runtime = createRuntime({ pallets: [critter.pallet] })
const metadataBytes = buildMetadata(runtime)
const system = runtime.system.storage
const nfts = critter.storage
const hex = (key: string) => `0x${key}`
/**
 * A copy with its own buffer: scale-ts (under polkadot-api) decodes `bytes.buffer` from offset 0,
 * so a view into a larger buffer (our pooled encodings) must be copied before it is handed over.
 */
const own = (bytes: Uint8Array) => bytes.slice()

const mintCall = critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8('Rex') })
const updateCall = critterCall('update_pet_metadata', {
  pet_id: 0,
  name: utf8('Rexy'),
  personality_traits: [utf8('brave'), utf8('loud')],
  expected_version: 1,
})

/** A block with a mint, a metadata update and a failing transfer: every kind of event record. */
let block: FinalizedBlock
let eventsBytes: Uint8Array
beforeAll(() => {
  const chain = createInMemoryChain(runtime, { builders: [] })
  chain.apply(ALICE, mintCall)
  chain.apply(ALICE, updateCall)
  // Bob does not own pet 0: ExtrinsicFailed with a CritterNfts module error.
  chain.apply(BOB, critterCall('transfer_pet_nft', { recipient: ALICE, pet_id: 0 }))
  block = chain.seal()
  const raw = block.changes.get(system.Events.storageKey)
  if (raw === undefined || raw === null) throw new Error('no System.Events in the block')
  eventsBytes = raw
})

const signedExtrinsic = () =>
  encodeExtrinsic(runtime, {
    call: updateCall,
    signed: {
      address: { type: 'Id', value: ALICE },
      signature: { type: 'Sr25519', value: new Uint8Array(64).fill(7) },
      extra: { era: { type: 'Mortal', period: 64, phase: 12 }, nonce: 5, tip: 1_000n },
    },
  })

describe('@polkadot/types', () => {
  const registry = new TypeRegistry()
  const metadata = new Metadata(registry, metadataBytes)
  registry.setMetadata(metadata)
  const decorated = expandMetadata(registry, metadata)
  /** The storage key polkadot-js computes for `section.method(...args)`, without its length prefix. */
  const keyOf = (section: string, method: string, ...args: unknown[]) => {
    const entry = decorated.query[section]?.[method]
    if (entry === undefined) throw new Error(`polkadot-js has no query.${section}.${method}`)
    return u8aToHex(compactStripLength(entry(...args))[1])
  }
  const constant = (section: string, name: string) => {
    const value = decorated.consts[section]?.[name]
    if (value === undefined) throw new Error(`polkadot-js has no consts.${section}.${name}`)
    return value
  }

  test('the metadata decodes and every type resolves', () => {
    expect(metadata.version).toBe(14)
    expect(() => metadata.getUniqTypes(true)).not.toThrow()
    for (let id = 0; id < registry.lookup.types.length; id++)
      expect(() => registry.lookup.getTypeDef(id)).not.toThrow()
    expect(registry.createType('Address').toRawType()).toBeTruthy()
  })

  test('knows every signed extension and the extra they carry', () => {
    expect(registry.signedExtensions).toEqual(SIGNED_EXTENSIONS.map(e => e.identifier))
    expect(Object.keys(registry.getSignedExtensionTypes())).toEqual(['era', 'nonce', 'tip'])
    expect(Object.values(registry.getSignedExtensionExtra())).toEqual([
      'u32',
      'u32',
      'Hash',
      'Hash',
    ])
  })

  test('storage keys equal ours', () => {
    expect(keyOf('system', 'account', ALICE)).toBe(hex(system.Account.keyOf(ALICE)))
    expect(keyOf('system', 'events')).toBe(hex(system.Events.storageKey))
    expect(keyOf('system', 'blockHash', 3)).toBe(hex(system.BlockHash.keyOf(3)))
    expect(keyOf('critterNfts', 'petNfts', 7)).toBe(hex(nfts.PetNfts.keyOf(7)))
    expect(keyOf('critterNfts', 'ownerOfPet', ALICE)).toBe(hex(nfts.OwnerOfPet.keyOf(ALICE)))
  })

  test('constants decode', () => {
    expect(constant('system', 'blockHashCount').toString()).toBe('4096')
    expect(constant('system', 'ss58Prefix').toString()).toBe('42')
    expect(constant('system', 'version').toJSON()).toMatchObject({
      specVersion: 100,
      transactionVersion: 1,
    })
    expect(constant('critterNfts', 'maxOwnedPets').toString()).toBe(
      String(critter.config.MaxOwnedPets),
    )
  })

  test('a critter call decodes and re-encodes byte for byte', () => {
    const bytes = encode(runtime.RuntimeCall, updateCall)
    const call = registry.createType('Call', bytes)
    const tx = decorated.tx['critterNfts']?.['updatePetMetadata']
    expect(tx?.(0, 'Rexy', ['brave', 'loud'], 1).toU8a()).toEqual(bytes)
    expect(call.section).toBe('critterNfts')
    expect(call.method).toBe('updatePetMetadata')
    expect(call.toU8a()).toEqual(bytes)
  })

  test('System.Events decodes and re-encodes byte for byte', () => {
    const records = registry.createType('Vec<FrameSystemEventRecord>', eventsBytes)
    expect(records.toU8a()).toEqual(eventsBytes)
    const names = (records as unknown as { event: { section: string; method: string } }[]).map(
      r => `${r.event.section}.${r.event.method}`,
    )
    expect(names).toContain('critterNfts.PetNftMinted')
    expect(names).toContain('system.ExtrinsicSuccess')
    expect(names).toContain('system.ExtrinsicFailed')
    // The failed transfer's module error resolves to our error name.
    const failed = (records as unknown as { event: { method: string; data: unknown[] } }[]).find(
      r => r.event.method === 'ExtrinsicFailed',
    )
    const dispatchError = failed?.event.data[0] as {
      isModule: boolean
      asModule: Parameters<typeof registry.findMetaError>[0]
    }
    expect(dispatchError.isModule).toBe(true)
    expect(registry.findMetaError(dispatchError.asModule)).toMatchObject({
      section: 'critterNfts',
      name: 'NotOwner',
    })
  })

  test('our signed extrinsic decodes and re-encodes byte for byte', () => {
    const bytes = signedExtrinsic()
    const xt = registry.createType('Extrinsic', bytes)
    expect(xt.isSigned).toBe(true)
    expect(xt.signer.toString()).toBe(ss58Encode(ALICE))
    expect(xt.nonce.toNumber()).toBe(5)
    expect(xt.tip.toString()).toBe('1000')
    expect(xt.era.asMortalEra.period.toNumber()).toBe(64)
    expect(xt.era.asMortalEra.phase.toNumber()).toBe(12)
    expect(xt.method.method).toBe('updatePetMetadata')
    expect(xt.toU8a()).toEqual(bytes)
  })
})

describe('polkadot-api (metadata-builders 0.14)', () => {
  const lookup = getLookupFn(unifyMetadata(decAnyMetadata(metadataBytes)))
  const builder = getDynamicBuilder(lookup)

  test('the lookup finds the call type', () => {
    expect(lookup.call).not.toBeNull()
    expect(builder.ss58Prefix).toBe(42)
  })

  test('typed-API checksums exist for every call, event, error, storage item and constant', () => {
    const checksums = getChecksumBuilder(lookup)
    const missing: string[] = []
    let checked = 0
    for (const p of lookup.metadata.pallets) {
      const names = (id: number | undefined) => {
        const def = id === undefined ? undefined : lookup.metadata.lookup[id]?.def
        return def?.tag === 'variant' ? def.value.map(v => v.name) : []
      }
      const check = (kind: string, name: string, sum: string | null) => {
        checked++
        if (sum === null) missing.push(`${kind} ${p.name}.${name}`)
      }
      for (const n of names(p.calls?.type)) check('call', n, checksums.buildCall(p.name, n))
      for (const n of names(p.events?.type)) check('event', n, checksums.buildEvent(p.name, n))
      for (const n of names(p.errors?.type)) check('error', n, checksums.buildError(p.name, n))
      for (const item of p.storage?.items ?? [])
        check('storage', item.name, checksums.buildStorage(p.name, item.name))
      for (const c of p.constants)
        check('constant', c.name, checksums.buildConstant(p.name, c.name))
    }
    expect(missing).toEqual([])
    expect(checked).toBeGreaterThan(90)
  })

  test('storage keys equal ours', () => {
    const key = (pallet: string, item: string, ...args: unknown[]) =>
      builder.buildStorage(pallet, item).keys.enc(...args)
    expect(key('System', 'Account', ss58Encode(ALICE))).toBe(hex(system.Account.keyOf(ALICE)))
    expect(key('System', 'Events')).toBe(hex(system.Events.storageKey))
    expect(key('System', 'BlockHash', 3)).toBe(hex(system.BlockHash.keyOf(3)))
    expect(key('CritterNfts', 'PetNfts', 7)).toBe(hex(nfts.PetNfts.keyOf(7)))
    expect(key('CritterNfts', 'OwnerOfPet', ss58Encode(ALICE))).toBe(
      hex(nfts.OwnerOfPet.keyOf(ALICE)),
    )
  })

  test('a critter event decodes and re-encodes byte for byte', () => {
    const record = block.events.find(
      r =>
        r.event.type === 'CritterNfts' &&
        (r.event.value as { type: string }).type === 'PetNftMinted',
    )
    if (record === undefined) throw new Error('no PetNftMinted')
    const bytes = encode(runtime.RuntimeEvent, record.event)
    const { codec, location } = builder.buildEvent('CritterNfts', 'PetNftMinted')
    expect([...bytes.subarray(0, 2)]).toEqual(location)
    const value = codec.dec(own(bytes.subarray(2)))
    expect(value.owner).toBe(ss58Encode(ALICE))
    expect(fromUtf8(value.name)).toBe('Rex')
    expect(value.version).toBe(1)
    expect(codec.enc(value)).toEqual(bytes.subarray(2))
  })

  test('a critter call decodes and re-encodes byte for byte', () => {
    const bytes = encode(runtime.RuntimeCall, updateCall)
    const { codec, location } = builder.buildCall('CritterNfts', 'update_pet_metadata')
    expect([...bytes.subarray(0, 2)]).toEqual(location)
    const value = codec.dec(own(bytes.subarray(2)))
    expect(value.expected_version).toBe(1)
    expect(value.personality_traits.map(fromUtf8)).toEqual(['brave', 'loud'])
    expect(codec.enc(value)).toEqual(bytes.subarray(2))
  })

  test('System.Events and a PetNft value decode and re-encode', () => {
    const events = builder.buildStorage('System', 'Events').value
    type PapiRecord = { event: { type: string; value: { type: string; value: unknown } } }
    const records: PapiRecord[] = events.dec(own(eventsBytes))
    expect(records.map(r => r.event.type)).toContain('CritterNfts')
    // PAPI reads a module error as the pallet's error enum (and re-encodes it without the
    // padding of `[u8; 4]`, on any chain), so the failed extrinsic's record is compared by value.
    const failed = records.find(r => r.event.value.type === 'ExtrinsicFailed')
    expect(failed?.event.value.value).toMatchObject({
      dispatch_error: {
        type: 'Module',
        value: { type: 'CritterNfts', value: { type: 'NotOwner' } },
      },
    })
    const isFailed = (type: string) => type === 'ExtrinsicFailed'
    expect(events.enc(records.filter(r => !isFailed(r.event.value.type)))).toEqual(
      encode(
        vec(runtime.EventRecord),
        block.events.filter(r => !isFailed((r.event.value as { type: string }).type)),
      ),
    )

    const pet = block.changes.get(nfts.PetNfts.keyOf(0))
    if (pet === undefined || pet === null) throw new Error('pet 0 not stored')
    const petCodec = builder.buildStorage('CritterNfts', 'PetNfts').value
    const decoded = petCodec.dec(own(pet))
    expect(fromUtf8(decoded.current_pet_name)).toBe('Rexy')
    expect(decoded.personality_traits.map(fromUtf8)).toEqual(['brave', 'loud'])
    expect(decoded.state_version).toBe(2)
    expect(petCodec.enc(decoded)).toEqual(pet)
  })
})

describe('Subsquid substrate-runtime', () => {
  const squid = new SquidRuntime(
    {
      specName: runtime.version.spec_name,
      specVersion: runtime.version.spec_version,
      implName: runtime.version.impl_name,
      implVersion: runtime.version.impl_version,
    },
    bytesToHex(metadataBytes),
  )

  test('finds the critter events and calls by name', () => {
    expect(squid.events.has('CritterNfts.PetNftMinted')).toBe(true)
    expect(squid.events.has('CritterNfts.PetStateSynchronized')).toBe(true)
    expect(squid.events.has('System.ExtrinsicFailed')).toBe(true)
    expect(squid.calls.has('CritterNfts.update_pet_metadata')).toBe(true)
    expect(squid.hasStorageItem('System.Digest')).toBe(true)
  })

  test('decodes System.Events into named event records', () => {
    const records = squid.decodeStorageValue('System.Events', bytesToHex(eventsBytes)) as {
      phase: { __kind: string }
      event: { __kind: string; value: { __kind: string } }
    }[]
    expect(records.length).toBe(block.events.length)
    const minted = records
      .map(r => squid.toEventRecord(r.event))
      .find(r => r.name === 'CritterNfts.PetNftMinted')
    expect(minted?.args).toMatchObject({ owner: bytesToHex(ALICE), petId: 0, version: 1 })
    expect(records[0]?.phase.__kind).toBe('ApplyExtrinsic')
  })

  test('storage keys equal ours', () => {
    expect(squid.encodeStorageKey('CritterNfts.PetNfts', 7)).toBe(hex(nfts.PetNfts.keyOf(7)))
    expect(squid.encodeStorageKey('System.Account', bytesToHex(ALICE))).toBe(
      hex(system.Account.keyOf(ALICE)),
    )
  })

  test('decodes and re-encodes our signed extrinsic', () => {
    const bytes = signedExtrinsic()
    const xt = squid.decodeExtrinsic(bytes)
    expect(xt.version).toBe(4)
    expect(squid.toCallRecord(xt.call).name).toBe('CritterNfts.update_pet_metadata')
    expect(bytesToHex(squid.encodeExtrinsic(xt))).toBe(bytesToHex(bytes))
  })
})

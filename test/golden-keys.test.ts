import { Blake2128Concat, Twox64Concat } from '@polkadot-api/substrate-bindings'
import { describe, expect, test } from 'vitest'
import { bytesToHex, bytesToRawHex, hexToBytes } from '../src/primitives/index.ts'
import { createCritterNfts, createRuntime, RUNTIME_APIS } from '../src/runtime/index.ts'

// Reference values from ../shared/docs/substrate-wire.md section 2.2, computed by @polkadot/types
// and polkadot-api for any Substrate chain.
const critter = createCritterNfts()
const runtime = createRuntime({ pallets: [critter.pallet] })
const system = runtime.system.storage
const ALICE = hexToBytes('0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d')

describe('storage keys equal Substrate’s', () => {
  test('System.Account prefix and Alice’s key', () => {
    expect(system.Account.prefix).toBe(
      '26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9',
    )
    expect(system.Account.keyOf(ALICE)).toBe(
      '26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9' +
        'de1e86a9a8c739864cf3cc5ec2bea59fd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
    )
  })

  test('System.Events and System.Number', () => {
    expect(system.Events.storageKey).toBe(
      '26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7',
    )
    expect(system.Number.storageKey).toBe(
      '26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac',
    )
  })

  test('CritterNfts.PetNfts prefix, and a pet key is blake2_128(id) ++ id', () => {
    expect(critter.storage.PetNfts.prefix).toBe(
      '8fd80222a55b472b2fd716b200611ef3c079df340c0f504237cda17de0bf189e',
    )
    const key = critter.storage.PetNfts.keyOf(1)
    // substrate-bindings' own Blake2128Concat (noble's blake2b) as an independent oracle.
    const suffix = bytesToRawHex(Blake2128Concat(new Uint8Array([1, 0, 0, 0])))
    expect(key).toBe(critter.storage.PetNfts.prefix + suffix)
    expect(key.slice(96)).toBe('01000000')
    expect(critter.storage.PetNfts.decodeKey(key)).toBe(1)
  })

  test('System.BlockHash uses Twox64Concat', () => {
    const key = system.BlockHash.keyOf(0)
    expect(key).toBe(
      '26aa394eea5630e07c48ae0c9558cef7a44704b568d21667356a5a050c118746' +
        bytesToRawHex(Twox64Concat(new Uint8Array(4))),
    )
  })
})

test('runtime API ids are blake2_64 of their names', () => {
  expect(runtime.version.apis.map(([id, v]) => [bytesToHex(id), v])).toEqual([
    ['0xdf6acb689907609b', 4],
    ['0x37e397fc7c91f5e4', 2],
    ['0xbc9d89904f5b923f', 1],
    ['0xd2bc9897eed08f15', 3],
    ['0x37c8bb1350a9a2a8', 4],
    ['0x40fe3ad401f8959a', 6],
  ])
  expect(RUNTIME_APIS.length).toBe(6)
  expect(bytesToRawHex(new Uint8Array([1]))).toBe('01')
})

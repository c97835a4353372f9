import { describe, expect, it } from 'vitest'
import { createNodeRuntime } from '../node/index.ts'
import { devKeypair, encode, ss58Encode } from '../primitives/index.ts'
import { UsageError } from './cli-error.ts'
import { callFromJson } from './commands/tx.ts'
import { jsonToScale, scaleToJson } from './json-scale.ts'

const { runtime, critter } = createNodeRuntime({ dev: true })

describe('JSON arguments through TypeDefs', () => {
  it('builds a critter call from JSON, bytes as text', () => {
    const call = callFromJson(runtime, 'mint_pet_nft', { species: 'dragon', name: 'Ember' })
    expect(call).toEqual({
      type: 'CritterNfts',
      value: {
        type: 'mint_pet_nft',
        value: {
          species: new TextEncoder().encode('dragon'),
          name: new TextEncoder().encode('Ember'),
        },
      },
    })
  })

  it('takes dev names and SS58 for accounts, null for None, Pallet.call names', () => {
    const bob = devKeypair('Bob').publicKey
    const transfer = callFromJson(runtime, 'transfer_pet_nft', { recipient: 'bob', pet_id: 3 })
    expect(transfer.value).toEqual({
      type: 'transfer_pet_nft',
      value: { recipient: bob, pet_id: 3 },
    })
    const update = callFromJson(runtime, 'update_pet_metadata', {
      pet_id: 1,
      name: null,
      personality_traits: null,
      expected_version: 2,
    })
    expect(update.value).toMatchObject({ value: { name: undefined, expected_version: 2 } })
    expect(callFromJson(runtime, 'System.remark', { remark: '0x0102' }).type).toBe('System')
  })

  it('refuses unknown calls, unknown fields and out-of-range numbers with a usage error', () => {
    expect(() => callFromJson(runtime, 'fly', {})).toThrow(UsageError)
    expect(() => callFromJson(runtime, 'feed_pet', { pet_id: 1, food: 2, extra: 1 })).toThrow(
      /unknown field/,
    )
    expect(() => callFromJson(runtime, 'feed_pet', { pet_id: 2 ** 32, food_item_id: 1 })).toThrow(
      /u32/,
    )
  })

  it('prints values as JSON: SS58 accounts, text, enums by name', () => {
    const alice = devKeypair('Alice').publicKey
    const owner = critter.storage.PetNftOwner
    expect(scaleToJson(owner.shape.def, encode(owner.shape, alice))).toBe(ss58Encode(alice))
    const bytes = jsonToScale(owner.key.def, 7)
    expect(scaleToJson(owner.key.def, bytes)).toBe(7)
  })
})

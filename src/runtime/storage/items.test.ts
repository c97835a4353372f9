import { describe, expect, test } from 'vitest'
import { AccountId32, bytes, EncodeError, encode, named, u32 } from '../../primitives/index.ts'
import { hashKeyHex } from './hashers.ts'
import { bindStorage, storageMap } from './items.ts'

describe('bound map keys', () => {
  const { Ids, Named } = bindStorage('Test', {
    Ids: storageMap('Blake2_128Concat', u32, u32, { query: 'Option' }),
    Named: storageMap('Twox64Concat', named(u32, 'PetId'), u32, { query: 'Option' }),
  })

  test('u32 keys take the short path to the same key', () => {
    for (const id of [0, 7, 0xffff_ffff]) {
      expect(Ids.keyOf(id)).toBe(Ids.prefix + hashKeyHex('Blake2_128Concat', encode(u32, id)))
      expect(Named.keyOf(id)).toBe(Named.prefix + hashKeyHex('Twox64Concat', encode(u32, id)))
      expect(Ids.decodeKey(Ids.keyOf(id))).toBe(id)
    }
  })

  test('a byte key changed in place since its last lookup gets its new key', () => {
    const { Accounts } = bindStorage('Test', {
      Accounts: storageMap('Blake2_128Concat', AccountId32, u32, { query: 'Option' }),
    })
    const who = new Uint8Array(32).fill(1)
    const first = Accounts.keyOf(who)
    expect(Accounts.keyOf(who)).toBe(first)
    who[31] = 2
    expect(Accounts.keyOf(who)).toBe(
      Accounts.prefix + hashKeyHex('Blake2_128Concat', encode(AccountId32, who)),
    )
    expect(Accounts.keyOf(new Uint8Array(32).fill(1))).toBe(first)
  })

  test('byte keys of different lengths never share a cached storage key', () => {
    const { Blobs } = bindStorage('Test', {
      Blobs: storageMap('Blake2_128Concat', bytes, u32, { query: 'Option' }),
    })
    const key = (b: Uint8Array) => Blobs.prefix + hashKeyHex('Blake2_128Concat', encode(bytes, b))
    // Odd bytes zero: the 32-byte key's code units are exactly the 16-byte key's bytes.
    const long = new Uint8Array(32).map((_, i) => (i % 2 === 0 ? i + 1 : 0))
    const short = new Uint8Array(16).map((_, i) => 2 * i + 1)
    for (const b of [long, short, long, short]) expect(Blobs.keyOf(b)).toBe(key(b))
  })

  test('numbers that are not u32 are refused by the encoder, as before', () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN])
      expect(() => Ids.keyOf(bad)).toThrow(EncodeError)
  })
})

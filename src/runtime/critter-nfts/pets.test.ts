import { describe, expect, test } from 'vitest'
import { createMemoryBackend } from '../storage/memory-backend.ts'
import { StorageOverlay } from '../storage/overlay.ts'
import { createCritterNfts } from './pallet.ts'
import { ownedIds, setOwnedIds } from './pets.ts'

describe('owner lists', () => {
  test('reads follow storage however it was written, and reverts', () => {
    const { critter: c, storage } = createCritterNfts()
    const io = new StorageOverlay(createMemoryBackend())
    const alice = new Uint8Array(32).fill(1)
    expect(ownedIds(c, io, alice)).toEqual([])

    setOwnedIds(c, io, alice, [1, 2])
    const first = ownedIds(c, io, alice)
    expect(first).toEqual([1, 2])
    expect(ownedIds(c, io, alice)).toBe(first)
    expect(storage.OwnerOfPet.get(io, alice)).toEqual([1, 2])

    storage.OwnerOfPet.set(io, alice, [5])
    expect(ownedIds(c, io, alice)).toEqual([5])

    io.begin()
    setOwnedIds(c, io, alice, [5, 7])
    expect(ownedIds(c, io, alice)).toEqual([5, 7])
    io.revert()
    expect(ownedIds(c, io, alice)).toEqual([5])

    // Another state with the same key: the list is tied to the bytes, not to the key.
    const other = new StorageOverlay(createMemoryBackend())
    expect(ownedIds(c, other, alice)).toEqual([])
  })
})

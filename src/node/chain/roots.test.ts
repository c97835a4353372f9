import { describe, expect, it } from 'vitest'
import { changesDigest, extrinsicsRoot, stateRoot } from './roots.ts'

const changes = (...entries: [string, Uint8Array | null][]) => new Map(entries)

describe('roots', () => {
  it('digests changes independently of write order', () => {
    const a = changes(['aa', new Uint8Array([1])], ['bb', null])
    const b = changes(['bb', null], ['aa', new Uint8Array([1])])
    expect(changesDigest(a)).toEqual(changesDigest(b))
  })

  it('tells a deletion from an empty value, and a key from a value', () => {
    expect(changesDigest(changes(['aa', null]))).not.toEqual(
      changesDigest(changes(['aa', new Uint8Array()])),
    )
    expect(changesDigest(changes(['aabb', new Uint8Array()]))).not.toEqual(
      changesDigest(changes(['aa', new Uint8Array([0xbb])])),
    )
  })

  it('chains the state root over the parent', () => {
    const diff = changes(['aa', new Uint8Array([1])])
    const zero = new Uint8Array(32)
    const one = stateRoot(zero, diff)
    expect(stateRoot(zero, diff)).toEqual(one)
    expect(stateRoot(one, diff)).not.toEqual(one)
  })

  it('commits to the order of extrinsics', () => {
    const x = new Uint8Array([4, 1, 2])
    const y = new Uint8Array([4, 3, 4])
    expect(extrinsicsRoot([x, y])).not.toEqual(extrinsicsRoot([y, x]))
    expect(extrinsicsRoot([])).toHaveLength(32)
  })
})

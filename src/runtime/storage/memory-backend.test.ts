import { describe, expect, test } from 'vitest'
import { createMemoryBackend } from './memory-backend.ts'

describe('createMemoryBackend', () => {
  test('values given as one array under several keys are stored apart from the caller', () => {
    const backend = createMemoryBackend()
    const shared = new Uint8Array([1, 2, 3])
    const big = new Uint8Array(200).fill(9)
    backend.apply(
      new Map<string, Uint8Array | null>([
        ['aa01', shared],
        ['aa02', big],
        ['aa03', shared],
      ]),
    )
    shared[0] = 7
    big[0] = 7
    expect(backend.get('aa01')).toEqual(new Uint8Array([1, 2, 3]))
    expect(backend.get('aa03')).toEqual(new Uint8Array([1, 2, 3]))
    expect(backend.get('aa02')?.[0]).toBe(9)
    backend.apply(new Map([['aa01', new Uint8Array([4])]]))
    expect(backend.get('aa01')).toEqual(new Uint8Array([4]))
    expect(backend.get('aa03')).toEqual(new Uint8Array([1, 2, 3]))
    backend.apply(new Map([['aa03', null]]))
    expect(backend.get('aa03')).toBeUndefined()
    expect([...backend.keys('aa')]).toEqual(['aa01', 'aa02'])
    expect(backend.size).toBe(2)
  })
})

import { describe, expect, it } from 'vitest'
import { BlockWindowSet } from './block-window.ts'

describe('BlockWindowSet', () => {
  it('keeps a key for `blocks` advances', () => {
    const set = new BlockWindowSet(2, 100)
    set.add('a')
    set.advance()
    expect(set.has('a')).toBe(true)
    set.advance()
    expect(set.has('a')).toBe(false)
  })

  it('a key added again stays until its newest addition expires', () => {
    const set = new BlockWindowSet(2, 100)
    set.add('a')
    set.advance()
    set.add('a')
    set.advance()
    expect(set.has('a')).toBe(true)
    set.advance()
    expect(set.has('a')).toBe(false)
  })

  it('forgets the oldest keys beyond maxKeys, and can be disabled', () => {
    const set = new BlockWindowSet(10, 3)
    for (const k of ['a', 'b', 'c', 'd']) set.add(k)
    expect(['a', 'b', 'c', 'd'].map(k => set.has(k))).toEqual([false, true, true, true])
    expect(set.size).toBe(3)
    set.delete('b')
    expect(set.has('b')).toBe(false)
    const off = new BlockWindowSet(0, 3)
    off.add('a')
    expect(off.has('a')).toBe(false)
  })

  it('stays bounded over many blocks', () => {
    const set = new BlockWindowSet(4, 1_000)
    for (let block = 0; block < 5_000; block++) {
      for (let i = 0; i < 10; i++) set.add(`${block}:${i}`)
      set.advance()
    }
    expect(set.size).toBe(30)
    expect(set.has('4999:0')).toBe(true)
    expect(set.has('4995:9')).toBe(false)
  })
})

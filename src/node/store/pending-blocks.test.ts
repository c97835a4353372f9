import { describe, expect, it } from 'vitest'
import { type PendingBlock, PendingBlocks } from './pending-blocks.ts'
import { encodeChanges } from './record-codec.ts'

const block = (number: number, changes: Map<string, Uint8Array | null>): PendingBlock => {
  const { bytes, offsets } = encodeChanges(changes)
  const hash = new Uint8Array(32)
  hash[0] = number & 0xff
  hash[1] = number >>> 8
  return { number, hash, changes: bytes, offsets }
}
const key = (item: number, i: number) =>
  item.toString(16).padStart(64, '0') + i.toString(16).padStart(8, '0')

describe('PendingBlocks', () => {
  it('answers newest and per-block reads', () => {
    const pending = new PendingBlocks()
    pending.push(
      block(
        5,
        new Map([
          ['aa', Uint8Array.of(1)],
          ['bb', Uint8Array.of(2)],
        ]),
      ),
    )
    pending.push(block(6, new Map([['aa', null]])))
    expect(pending.latest('aa')).toBeNull()
    expect(pending.latest('bb')).toEqual(Uint8Array.of(2))
    expect(pending.latest('cc')).toBeUndefined()
    expect(pending.latestAt('aa', 5)).toEqual(Uint8Array.of(1))
    expect(pending.latestAt('aa', 4)).toBeUndefined()
    expect(pending.changedKeys('', undefined)).toEqual(['aa', 'bb'])
    expect(pending.changedKeys('', 'aa')).toEqual(['bb'])
    pending.dropThrough(5)
    expect(pending.first).toBe(6)
    expect(pending.latest('bb')).toBeUndefined()
    expect(pending.changedKeys('', undefined)).toEqual(['aa'])
    expect(pending.changeCount).toBe(1)
  })

  it('keeps prefix scans exact when many blocks pass without a scan (bounded bookkeeping)', () => {
    const pending = new PendingBlocks()
    const live = new Set<string>()
    for (let n = 0; n < 40; n++) {
      const changes = new Map<string, Uint8Array | null>()
      for (let i = 0; i < 3_000; i++) changes.set(key(n % 3, n * 3_000 + i), Uint8Array.of(n))
      pending.push(block(n, changes))
      for (const k of changes.keys()) live.add(k)
      if (n % 10 === 9) {
        pending.dropThrough(n - 5)
        for (const k of [...live])
          if (Number.parseInt(k.slice(64), 16) < (n - 4) * 3_000) live.delete(k)
      }
    }
    expect(pending.changedKeys(key(1, 0).slice(0, 64), undefined)).toEqual(
      [...live].filter(k => k.startsWith(key(1, 0).slice(0, 64))).sort(),
    )
    expect(pending.changedKeys('', undefined)).toEqual([...live].sort())
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BinaryHeap } from './binary-heap.ts'

describe('BinaryHeap', () => {
  it('pops in order, whether built from an array or pushed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.array(fc.integer()), (initial, pushed) => {
        const heap = new BinaryHeap<number>((a, b) => a < b, [...initial])
        for (const n of pushed) heap.push(n)
        const out: number[] = []
        for (let n = heap.pop(); n !== undefined; n = heap.pop()) out.push(n)
        expect(out).toEqual([...initial, ...pushed].sort((a, b) => a - b))
        expect(heap.size).toBe(0)
      }),
    )
  })
})

import { describe, expect, it } from 'vitest'
import { createMicroBatch } from './micro-batch.ts'

const manual = () => {
  const tasks: (() => void)[] = []
  return { schedule: (task: () => void) => void tasks.push(task), run: () => tasks.shift()?.() }
}

describe('createMicroBatch', () => {
  it('runs everything added before the scheduled flush as one batch', async () => {
    const clock = manual()
    const batches: number[][] = []
    const add = createMicroBatch<number, number>({
      run: async items => {
        batches.push([...items])
        return items.map(n => n * 2)
      },
      maxBatch: 100,
      schedule: clock.schedule,
    })
    const results = [add(1), add(2), add(3)]
    expect(batches).toEqual([])
    clock.run()
    expect(await Promise.all(results)).toEqual([2, 4, 6].map(value => ({ type: 'Ok', value })))
    expect(batches).toEqual([[1, 2, 3]])
  })

  it('starts a full batch at once, without waiting for the previous one', async () => {
    const clock = manual()
    const started: number[][] = []
    const add = createMicroBatch<number, boolean>({
      run: items => {
        started.push([...items])
        return new Promise(() => {})
      },
      maxBatch: 2,
      schedule: clock.schedule,
    })
    for (let i = 0; i < 5; i++) void add(i)
    expect(started).toEqual([
      [0, 1],
      [2, 3],
    ])
    clock.run()
    expect(started).toEqual([[0, 1], [2, 3], [4]])
  })

  it('fails every item of a batch that throws, rejects or comes back short', async () => {
    const clock = manual()
    const failing = [
      () => {
        throw new TypeError('sync')
      },
      async () => {
        throw new TypeError('async')
      },
      async () => [true],
    ]
    for (const run of failing) {
      const add = createMicroBatch<number, boolean>({ run, maxBatch: 10, schedule: clock.schedule })
      const results = [add(1), add(2)]
      clock.run()
      const outcomes = await Promise.all(results)
      expect(outcomes[1]?.type).toBe('Err')
    }
  })
})

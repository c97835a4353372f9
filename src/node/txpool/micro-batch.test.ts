import { describe, expect, it } from 'vitest'
import { type BatchOutcome, createMicroBatch } from './micro-batch.ts'

const manual = () => {
  const tasks: (() => void)[] = []
  return { schedule: (task: () => void) => void tasks.push(task), run: () => tasks.shift()?.() }
}

const collect = <O>() => {
  const batches: { items: number[]; outcome: BatchOutcome<O> }[] = []
  let wake = () => {}
  return {
    batches,
    done: (items: readonly number[], outcome: BatchOutcome<O>) => {
      batches.push({ items: [...items], outcome })
      wake()
    },
    settled: (count: number) =>
      new Promise<void>(resolve => {
        wake = () => batches.length >= count && resolve()
        wake()
      }),
  }
}

describe('createMicroBatch', () => {
  it('runs everything added before the scheduled flush as one batch', async () => {
    const clock = manual()
    const out = collect<number>()
    const add = createMicroBatch<number, number>({
      run: async items => items.map(n => n * 2),
      done: out.done,
      maxBatch: 100,
      schedule: clock.schedule,
    })
    add(1)
    add(2)
    add(3)
    expect(out.batches).toEqual([])
    clock.run()
    await out.settled(1)
    expect(out.batches).toEqual([{ items: [1, 2, 3], outcome: { type: 'Ok', value: [2, 4, 6] } }])
  })

  it('starts a full batch at once, without waiting for the previous one', () => {
    const clock = manual()
    const started: number[][] = []
    const add = createMicroBatch<number, boolean>({
      run: items => {
        started.push([...items])
        return new Promise(() => {})
      },
      done: () => {},
      maxBatch: 2,
      schedule: clock.schedule,
    })
    for (let i = 0; i < 5; i++) add(i)
    expect(started).toEqual([
      [0, 1],
      [2, 3],
    ])
    clock.run()
    expect(started).toEqual([[0, 1], [2, 3], [4]])
  })

  it('fails the whole batch when run throws or rejects', async () => {
    const clock = manual()
    const runs = [
      () => {
        throw new TypeError('sync')
      },
      async () => {
        throw new TypeError('async')
      },
    ]
    for (const run of runs) {
      const out = collect<boolean>()
      const add = createMicroBatch<number, boolean>({
        run,
        done: out.done,
        maxBatch: 10,
        schedule: clock.schedule,
      })
      add(1)
      add(2)
      clock.run()
      await out.settled(1)
      expect(out.batches[0]?.items).toEqual([1, 2])
      expect(out.batches[0]?.outcome.type).toBe('Err')
    }
  })
})

import { describe, expect, it } from 'vitest'
import type { LogFields } from '../primitives/index.ts'
import type { SyncProgress } from '../sync/index.ts'
import { createProgressReporter } from './sync-progress.ts'

const progress = (number: number, finalized: number, events = 10): SyncProgress => ({
  checkpoint: { number, hash: new Uint8Array(32) },
  blocks: 10,
  events,
  applied: events,
  duplicates: 0,
  repairs: 0,
  finalized,
})

const harness = (isTTY: boolean) => {
  let clock = 0
  const written: string[] = []
  const logs: [string, LogFields | undefined][] = []
  const stream = {
    isTTY,
    write: (text: string) => written.push(text),
  } as unknown as NodeJS.WriteStream
  const log = (message: string, fields?: LogFields) => logs.push([message, fields])
  const reporter = createProgressReporter({
    stream,
    logger: { info: log, warn: log, error: log },
    now: () => clock,
  })
  return { reporter, written, logs, tick: (ms: number) => (clock += ms) }
}

describe('createProgressReporter', () => {
  it('draws a bar with blocks/s, events/s and an ETA on a terminal, then says when it is live', () => {
    const h = harness(true)
    h.reporter.onBatch(progress(10, 1000))
    h.tick(1000)
    h.reporter.onBatch(progress(20, 1000, 500))
    expect(h.written.at(-1)).toMatch(
      /^\r\[#{0,1}\.+\] 20\/1,000 blocks {2}10 blocks\/s {2}500 events\/s {2}ETA 1:38 $/,
    )
    h.reporter.onBatch(progress(1000, 1000))
    expect(h.logs.at(-1)?.[0]).toBe('caught up: following finalized blocks live')
    expect(h.written.at(-1)).toBe('\n')
  })

  it('writes a structured log line every few seconds when not on a terminal', () => {
    const h = harness(false)
    for (let i = 1; i <= 20; i++) {
      h.tick(1000)
      h.reporter.onBatch(progress(i * 10, 10_000))
    }
    const lines = h.logs.filter(([message]) => message === 'catching up')
    expect(lines.length).toBe(4)
    expect(lines.at(-1)?.[1]).toMatchObject({ block: 200, finalized: 10_000, blocksPerSecond: 10 })
    expect(h.written).toEqual([])
  })
})

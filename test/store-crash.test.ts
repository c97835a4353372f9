// SIGKILL at random moments while a child process commits blocks (and indexes them, in a worker
// thread or inline): every reopen must find a complete chain up to at least the last block the
// child saw resolve, and state at every checked block equal to a replay of the same
// deterministic blocks.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openLmdbStore } from '../src/node/store/index.ts'
import type { StorageKey } from '../src/runtime/index.ts'
import { crashBlock, crashChanges } from './fixtures/store-crash-blocks.ts'

const KILLS = 22
// A safety net against a hang, not a speed requirement: a busy machine starts children slowly.
const BUDGET_MS = 240_000
const CHILD = new URL('./fixtures/store-crash-child.ts', import.meta.url).pathname

type State = Map<StorageKey, Uint8Array>
type Indexer = 'worker' | 'inline'

/** States of the crash chain, replayed forward from the nearest remembered one. */
const createModel = () => {
  const remembered = new Map<number, State>([[-1, new Map()]])
  return (n: number): State => {
    let from = -1
    for (const k of remembered.keys()) if (k <= n && k > from) from = k
    const state = new Map(remembered.get(from))
    for (let b = from + 1; b <= n; b++)
      for (const [k, v] of crashChanges(b)) {
        if (v === null) state.delete(k)
        else state.set(k, v)
      }
    remembered.set(n, state)
    return state
  }
}

interface Child {
  readonly loaded: Promise<void>
  /** Tells the child to open the store, kills it `afterMs` later; resolves with what it reported. */
  run(afterMs: number): Promise<{ lastCommitted: number; opened: boolean }>
}

/** Starts a child now; it loads its modules and waits, so start-up is off the clock. */
const startChild = (path: string, indexer: Indexer): Child => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, path, indexer], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let lastCommitted = -1
  let opened = false
  let buffered = ''
  let errors = ''
  let onLoaded: () => void = () => {}
  const loaded = new Promise<void>(resolve => {
    onLoaded = resolve
  })
  const exited = new Promise<string | null>(resolve =>
    child.on('exit', (_code, signal) => resolve(signal)),
  )
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) {
      if (line === 'loaded') onLoaded()
      if (line.startsWith('ready')) opened = true
      const m = /^committed (\d+)$/.exec(line)
      if (m) lastCommitted = Math.max(lastCommitted, Number(m[1]))
    }
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString()
  })
  return {
    loaded: Promise.race([
      loaded,
      exited.then(() => {
        throw new Error(`child exited before loading: ${errors}`)
      }),
    ]),
    async run(afterMs) {
      child.stdin?.write('go\n')
      const timer = setTimeout(() => child.kill('SIGKILL'), afterMs)
      const signal = await exited
      clearTimeout(timer)
      if (signal !== 'SIGKILL') throw new Error(`child stopped by itself: ${errors}`)
      return { lastCommitted, opened }
    },
  }
}

it(`survives ${KILLS} SIGKILLs during commits and indexing`, { timeout: 300_000 }, async () => {
  const path = mkdtempSync(join(tmpdir(), 'critter-crash-'))
  const model = createModel()
  const started = Date.now()
  const indexerOf = (i: number): Indexer => (i % 2 === 0 ? 'worker' : 'inline')
  let kills = 0
  let reportedBest = -1
  let lagging = 0
  let indexed = -1
  let next = startChild(path, indexerOf(0))
  try {
    while (kills < KILLS && Date.now() - started < BUDGET_MS) {
      const child = next
      await child.loaded
      const indexer = indexerOf(kills)
      next = startChild(path, indexerOf(kills + 1))
      // Mostly while writing and indexing (a worker needs a moment to start); sometimes while the
      // child is still opening the store and re-reading unindexed blocks.
      const killAfter =
        kills % 6 === 5
          ? Math.random() * 300
          : indexer === 'worker'
            ? 1200 + Math.random() * 1500
            : 300 + Math.random() * 900
      const { lastCommitted } = await child.run(killAfter)
      kills++
      reportedBest = Math.max(reportedBest, lastCommitted)

      const store = await openLmdbStore({ path, indexer: 'manual' })
      try {
        const best = store.best?.number ?? -1
        expect(best, `kill ${kills}: best ≥ last resolved commit`).toBeGreaterThanOrEqual(
          reportedBest,
        )
        if (best < 0) continue
        if (store.indexedUpTo < best) lagging++
        indexed = Math.max(indexed, store.indexedUpTo)
        // The chain is complete, and state is exact at blocks on both sides of the index marker.
        for (const n of new Set([0, reportedBest, best].filter(n => n >= 0))) {
          const block = crashBlock(n)
          expect(store.hashAt(n), `hash of ${n}`).toEqual(block.hash)
          expect(store.numberOf(block.hash)).toBe(n)
          expect(store.header(block.hash)).toEqual(block.header)
          expect(store.extrinsics(block.hash)).toEqual(block.extrinsics)
          expect(store.changesAt?.(n)).toEqual(block.changes)
        }
        const samples = [store.indexedUpTo, store.indexedUpTo + 1, Math.floor(Math.random() * best)]
        for (const n of new Set(samples.filter(n => n >= 0 && n <= best))) {
          const want = model(n)
          const at = store.stateAt(n)
          expect([...(at?.keys('') ?? [])], `keys at ${n}`).toEqual([...want.keys()].sort())
          for (const [k, v] of want) expect(at?.get(k), `${k} at ${n}`).toEqual(v)
        }
        const current = model(best)
        expect([...store.state.keys('aa')]).toEqual([...current.keys()].sort())
        for (const [k, v] of current) expect(store.state.get(k), k).toEqual(v)
      } finally {
        await store.close()
      }
    }
  } finally {
    next.loaded.catch(() => {})
    await next.run(0).catch(() => {})
    rmSync(path, { recursive: true, force: true })
  }
  expect(kills).toBe(KILLS)
  // Blocks were written and indexed across the kills, and some reopen found an unindexed tail.
  expect(reportedBest).toBeGreaterThan(KILLS)
  expect(indexed).toBeGreaterThan(0)
  expect(lagging).toBeGreaterThan(0)
})

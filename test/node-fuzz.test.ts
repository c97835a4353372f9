// A fast, fixed-seed subset of scripts/fuzz-node.ts (the full run is 100k cases): a real dev node
// answers random and mutated extrinsics and JSON-RPC exactly as due, nothing crashes, the state
// does not move, and the one block built afterwards holds exactly what the pool accepted.
import { describe, expect, it } from 'vitest'
import { runNodeFuzz } from '../scripts/fuzz-node.ts'

describe('node fuzz', () => {
  it('answers 3,000 fuzzed cases exactly as due and changes only what accepted transactions explain', async () => {
    const report = await runNodeFuzz({ cases: 3000, seed: 20_251_201 })
    expect(report.failures).toEqual([])
    expect(report.cases).toBe(3000)
    // Every class of answer was reached, not only the happy path.
    const reached = (prefix: string) =>
      Object.entries(report.outcomes)
        .filter(([label]) => label.startsWith(prefix))
        .reduce((sum, [, n]) => sum + n, 0)
    for (const prefix of [
      'submit 1001',
      'submit 1010 bad signature',
      'submit 1010 ancient birth block',
      'submit 1010 future',
      'submit 1011 CannotLookup',
      'submit 1011 NoUnsignedValidator',
      'submit 1012',
      'submit 1013',
      'submit accepted',
      'watch accepted',
      'validate Ok',
      'validate Invalid',
      'validate trap: bad source',
      'validate trap: bad format',
      'state_call trap',
      'query_info Ok',
      'query_info trap',
      'payment_queryInfo 1001',
      'state_call unknown block',
      'garbage -32700',
      'bad version -32600',
      'unknown method -32601',
      'invalid hash -32602',
      'batch',
      'subscribe',
      'unsubscribe',
    ])
      expect(reached(prefix), prefix).toBeGreaterThan(0)
    expect(report.accepted).toBeGreaterThan(0)
    expect(report.included).toBeGreaterThan(0)
  }, 60_000)
})

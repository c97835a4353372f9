// A fast, fixed-seed subset of scripts/fuzz-rpc.ts (the full run is 100k cases).
import { describe, expect, it } from 'vitest'
import { runRpcFuzz } from '../scripts/fuzz-rpc.ts'

describe('JSON-RPC server fuzz', () => {
  it('answers 3000 random and mutated messages exactly as due, and stays clean', async () => {
    const report = await runRpcFuzz({ cases: 3000, seed: 20_240_901 })
    expect(report.failures).toEqual([])
    expect(report.cases).toBe(3000)
    // the run reached the error paths, not only the happy one
    for (const outcome of [
      'result',
      'batch',
      'none',
      'oversized',
      'error -32700',
      'error -32600',
      'error -32601',
      'error -32602',
    ])
      expect(report.outcomes[outcome] ?? 0, outcome).toBeGreaterThan(0)
    expect(report.notifications).toBeGreaterThan(0)
  })
})

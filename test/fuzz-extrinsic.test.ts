// A fast, fixed-seed subset of scripts/fuzz-extrinsic.ts: random and mutated extrinsics never make
// transaction admission throw, and only unmutated extrinsics come out valid.

import { expect, test } from 'vitest'
import { runExtrinsicFuzz } from '../scripts/fuzz-extrinsic.ts'

test('3,000 fuzzed extrinsics: every case classified, none throws, none forged', async () => {
  const report = await runExtrinsicFuzz({ cases: 3_000, seed: 20_251_125 })
  expect(report.failures).toEqual([])
  const total = Object.values(report.outcomes).reduce((a, b) => a + b, 0)
  expect(total).toBe(3_000)
  // Every branch is reached: bad bytes, each validity error, bad signatures and valid seeds.
  for (const outcome of [
    'BadFormat',
    'Unknown.NoUnsignedValidator',
    'Unknown.CannotLookup',
    'Invalid.AncientBirthBlock',
    'Ok.bad-signature',
    'Ok.valid',
  ]) {
    expect(report.outcomes[outcome] ?? 0).toBeGreaterThan(0)
  }
  expect(report.outcomes['threw']).toBeUndefined()
})

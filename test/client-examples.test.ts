import { expect, test } from 'vitest'
import { runClientQuickstart } from '../examples/client-quickstart.ts'

test('the client quickstart runs against a dev node of its own', async () => {
  const lines: string[] = []
  const result = await runClientQuickstart(line => lines.push(line))
  expect(result.raced).toBe('CritterNfts.ConcurrentModification')
  expect(result.pets).toBe(1)
  // Genesis plus one block per transaction (instant seal).
  expect(result.blocks).toBe(4)
  expect(lines).toHaveLength(6)
})

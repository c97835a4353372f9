import { expect, test } from 'vitest'
import { runPetLifecycle } from '../examples/pet-lifecycle.ts'

test('the pet-lifecycle example runs and its follower rebuilds the pet exactly', async () => {
  const lines: string[] = []
  const { raced, final, rebuilt } = await runPetLifecycle(line => lines.push(line))
  expect(raced).toBe('CritterNfts.ConcurrentModification')
  expect(final?.state_version).toBe(3)
  expect(rebuilt?.pet).toEqual(final)
  expect(lines).toHaveLength(5)
})

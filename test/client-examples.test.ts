import { expect, test } from 'vitest'
import { runClientQuickstart } from '../examples/client-quickstart.ts'
import { runSyncWebhook } from '../examples/sync-webhook.ts'

test('the client quickstart runs against a dev node of its own', async () => {
  const lines: string[] = []
  const result = await runClientQuickstart(line => lines.push(line))
  expect(result.raced).toBe('CritterNfts.ConcurrentModification')
  expect(result.pets).toBe(1)
  // Genesis plus one block per transaction (instant seal).
  expect(result.blocks).toBe(4)
  expect(lines).toHaveLength(6)
})

test('the sync webhook example delivers, acknowledges and verifies against a dev node of its own', async () => {
  const lines: string[] = []
  const result = await runSyncWebhook(line => lines.push(line))
  expect(result.received.sort()).toEqual(['0:1:BasicInfo', '0:2:Interactions', '0:2:LevelAndXp'])
  expect(result.differences).toBe(0)
  expect(lines).toHaveLength(5)
})

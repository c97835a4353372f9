// The CLI as its users run it: separate processes, flags, JSON in and out, exit codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestNode, type TestNode } from './acceptance/helpers/node.ts'
import { runCritter as critter } from './helpers/critter-cli.ts'

describe('critter CLI', () => {
  let node: TestNode
  beforeAll(async () => {
    node = await startTestNode()
  })
  afterAll(() => node.close())

  it('mints with tx and reads back with query', { timeout: 60_000 }, async () => {
    const minted = await critter([
      'tx',
      'mint_pet_nft',
      '{"species":"dragon","name":"Ember"}',
      '--signer',
      'bob',
      '--node',
      node.url,
    ])
    expect(minted.code, minted.stderr).toBe(0)
    const outcome = JSON.parse(minted.stdout)
    expect(outcome.result).toBe('Ok')
    expect(outcome.events[0].CritterNfts.PetNftMinted).toMatchObject({ name: 'Ember', version: 1 })

    const failed = await critter([
      'tx',
      'update_pet_metadata',
      '{"pet_id":0,"name":"Blaze","personality_traits":null,"expected_version":9}',
      '--signer',
      'Bob',
      '--node',
      node.url,
    ])
    expect(failed.code, failed.stderr).toBe(0)
    expect(JSON.parse(failed.stdout).result).toEqual({ Err: 'CritterNfts.ConcurrentModification' })

    const pet = await critter(['query', 'CritterNfts.PetNfts', '0', '--node', node.url])
    expect(JSON.parse(pet.stdout)).toMatchObject({
      id: 0,
      current_pet_name: 'Ember',
      state_version: 1,
    })
    const owned = await critter(['query', 'CritterNfts.OwnerOfPet', 'Bob', '--node', node.url])
    expect(JSON.parse(owned.stdout)).toEqual([0])
    const absent = await critter(['query', 'CritterNfts.PetNfts', '99', '--node', node.url])
    expect(JSON.parse(absent.stdout)).toBeNull()
  })

  it('answers bad command lines with exit code 2 and the reason', { timeout: 60_000 }, async () => {
    const cases: [string[], RegExp][] = [
      [['fly'], /unknown command 'fly'/],
      [['node'], /give --dev or --base-path/],
      [['node', '--dev', '--rpc-port', '70000'], /--rpc-port/],
      [['tx', 'feed_pet', '{"pet_id":-1,"food_item_id":1}', '--node', node.url], /pet_id/],
      [['query', 'CritterNfts.Nothing', '--node', node.url], /no item 'Nothing'/],
    ]
    for (const [args, reason] of cases) {
      const result = await critter(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(reason)
    }
  })

  it('says so clearly when no node answers', { timeout: 60_000 }, async () => {
    const result = await critter(['query', 'CritterNfts.NextPetId', '--node', 'ws://127.0.0.1:1'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/critter query: .*(connect|closed|ECONNREFUSED)/i)
  })
})

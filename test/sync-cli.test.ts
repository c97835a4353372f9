// The sync service's commands as users run them: separate processes against a node, exit codes.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CritterClient,
  createClient,
  createCritterClient,
  createWsProvider,
} from '../src/client/index.ts'
import { createNodeRuntime } from '../src/node/index.ts'
import { devKeypair, utf8 } from '../src/primitives/index.ts'
import { critterCall } from '../src/runtime/index.ts'
import { startTestNode, type TestNode } from './acceptance/helpers/node.ts'
import { runCritter as critter } from './helpers/critter-cli.ts'

/** One JSON value per printed line, typed as the assertion reads it. */
const lines = <T>(text: string): T[] =>
  text
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => JSON.parse(line) as T)

type PetLine = { id: number; name: string }
type ChangeLine = { version: number; change: string }

describe('critter sync, verify, pets, pet, deliveries', () => {
  let node: TestNode
  let api: CritterClient
  let dir: string
  let db: string
  beforeAll(async () => {
    node = await startTestNode()
    dir = await mkdtemp(join(tmpdir(), 'critter-sync-cli-'))
    db = `sqlite:${join(dir, 'replica.db')}`
    const { runtime } = createNodeRuntime({ dev: true })
    api = createCritterClient({ client: createClient(createWsProvider(node.url)), runtime })
    const alice = devKeypair('Alice')
    await api.submit(critterCall('register_sync_hook', { interests: 0xff, priority: 3 }), alice)
    await api.submit(
      critterCall('batch_mint_pet_nfts', {
        pets: [
          [utf8('dragon'), utf8('Ember')],
          [utf8('cat'), utf8('Tom')],
        ],
      }),
      alice,
    )
    await api.submit(
      critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8('Bo') }),
      devKeypair('Bob'),
    )
    await api.submit(critterCall('feed_pet', { pet_id: 0, food_item_id: 1 }), alice)
  })
  afterAll(async () => {
    await api?.client.close()
    await node?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('follows the chain into SQLite, stops cleanly on SIGTERM, and verify finds no difference', async () => {
    const sync = await critter(['sync', '--node', node.url, '--db', db], /caught up/)
    expect(sync.code, sync.stderr).toBe(0)
    expect(sync.stderr).toMatch(/replica seeded from genesis/)
    const verify = await critter(['sync', 'verify', '--node', node.url, '--db', db])
    expect(verify.code, verify.stderr).toBe(0)
    expect(verify.stderr).toMatch(
      /replica matches the chain at block \d+ 0x[0-9a-f]{64}: 3 pets, 1 hooks/,
    )
  })

  it('reads pets by owner and species, one pet, and its history', {
    timeout: 180_000,
  }, async () => {
    const [alice, dragons, pending, pet, history, missing] = await Promise.all([
      critter(['pets', '--owner', 'Alice', '--db', db]),
      critter(['pets', '--species', 'dragon', '--db', db]),
      critter(['pets', '--pending', '--db', db]),
      critter(['pet', '0', '--db', db]),
      critter(['pet', '0', '--history', '--db', db]),
      critter(['pet', '99', '--db', db]),
    ])
    expect(alice.code, alice.stderr).toBe(0)
    expect(lines<PetLine>(alice.stdout).map(p => [p.id, p.name])).toEqual([
      [0, 'Ember'],
      [1, 'Tom'],
    ])
    expect(lines<PetLine>(dragons.stdout).map(p => p.id)).toEqual([0, 2])
    expect(lines(pending.stdout)).toHaveLength(3)
    expect(JSON.parse(pet.stdout)).toMatchObject({
      id: 0,
      stateVersion: 2,
      experience: 10,
      syncFlags: ['BasicInfo', 'Interactions', 'LevelAndXp'],
    })
    expect(lines<ChangeLine>(history.stdout).map(c => [c.version, c.change])).toEqual([
      [1, 'PetNftMinted'],
      [1, 'PetStateSynchronized'],
      [2, 'PetFed'],
      [2, 'PetStateSynchronized'],
      [2, 'PetStateSynchronized'],
    ])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no pet 99/)
  })

  it('lists deliveries (none without a hooks file)', async () => {
    const deliveries = await critter(['deliveries', '--db', db])
    expect(deliveries.code, deliveries.stderr).toBe(0)
    expect(deliveries.stdout).toBe('')
  })

  it('verify names every difference of a tampered replica and exits 1', async () => {
    const file = new Database(join(dir, 'replica.db'))
    file.prepare('UPDATE pets SET level = 42 WHERE id = 1').run()
    file.close()
    const verify = await critter(['sync', 'verify', '--node', node.url, '--db', db])
    expect(verify.code).toBe(1)
    expect(lines(verify.stdout)).toEqual([
      { type: 'pet', petId: 1, field: 'level', replica: 42, chain: 1 },
    ])
    expect(verify.stderr).toMatch(/differs from the chain .*: 1 differences/)
  })

  it('start runs a node and the sync beside it, and stops both on SIGTERM', async () => {
    const run = await critter(
      [
        'start',
        '--dev',
        '--rpc-port',
        '0',
        '--base-path',
        join(dir, 'start'),
        '--db',
        `sqlite:${join(dir, 'start.db')}`,
      ],
      /replica seeded from genesis/,
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/node started/)
    expect(run.stderr).toMatch(/node stopped/)
    const pets = await critter(['pets', '--db', `sqlite:${join(dir, 'start.db')}`])
    expect(pets.code, pets.stderr).toBe(0)
    expect(pets.stdout).toBe('')
  })

  it('refuses bad command lines with exit code 2 and the reason', {
    timeout: 180_000,
  }, async () => {
    const cases: [string[], RegExp][] = [
      [['sync', '--batch-blocks', '0'], /--batch-blocks/],
      [['sync', '--node', 'http://x'], /--node: must be a ws/],
      [['sync', '--bogus'], /Unknown option '--bogus'/],
      [['pets', '--owner', 'nobody', '--db', db], /not an SS58 address/],
      [['pets', '--owner', 'Alice', '--species', 'cat', '--db', db], /at most one of/],
      [['pet', 'abc', '--db', db], /give the pet id/],
      [['deliveries', '--status', 'lost', '--db', db], /--status/],
      [['start', '--dev', '--hooks'], /--hooks needs a value/],
    ]
    const runs = await Promise.all(cases.map(([args]) => critter(args)))
    runs.forEach((run, i) => {
      const [args, reason] = cases[i] as [string[], RegExp]
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2)
      expect(run.stderr).toMatch(reason)
    })
    const badDb = await critter(['pets', '--db', 'mysql://x'])
    expect(badDb.code).toBe(1)
    expect(badDb.stderr).toMatch(/INVALID_LOCATION/)
  })
})

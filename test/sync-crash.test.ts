// Issue 4, item 8: SIGKILL the sync process at random points, during catch-up and while live, at
// least 20 times per store, while a workload keeps the chain growing with every kind of
// CritterNfts call. `critter sync` runs as a child (node with tsx's loader, so the kill reaches
// the process inside the database transaction) with small batches, so commits are frequent.
// After every kill the replica must be consistent at its checkpoint (verifyReplica), and its
// checkpoint never goes back; at the end, with the load stopped and the sync at the head, no
// change is lost and none applied twice (see `checkReplica`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Client,
  type CritterClient,
  createClient,
  createCritterClient,
  createWsProvider,
} from '../src/client/index.ts'
import { createNodeRuntime } from '../src/node/index.ts'
import type { SyncStore } from '../src/sync/store/index.ts'
import { verifyReplica } from '../src/sync/verify.ts'
import { startTestNode, type TestNode } from './acceptance/helpers/node.ts'
import { createRandom } from './helpers/fuzz-random.ts'
import { checkReplica, finalizedHead, waitFor } from './helpers/sync-fault-check.ts'
import { type CliChild, disposeCli, prepareCli, startCli } from './helpers/sync-fault-child.ts'
import {
  createReplicaLocation,
  type ReplicaLocation,
  storeKinds,
} from './helpers/sync-fault-stores.ts'
import { startWorkload, type Workload } from './helpers/sync-fault-workload.ts'

/** Kills per store; every third is made while the sync is far behind. */
const KILLS = 21
/** How far the chain runs ahead of a stopped sync before a catch-up restart. */
const BEHIND = 100
/** Each start draws its --batch-blocks from 2 to this: small, so commits are frequent. */
const MAX_BATCH_BLOCKS = 12
/** The workload's pause between one account's calls while the sync runs, so it keeps up. */
const PAUSE_MS = 60

const { runtime, critter } = createNodeRuntime({ dev: true })
/** CRITTER_TEST_VERBOSE=1 logs every round. */
const trace = (line: string) => {
  if (process.env['CRITTER_TEST_VERBOSE']) process.stderr.write(`${line}\n`)
}

describe.each(storeKinds('sync-crash.test.ts'))('sync crash safety ($kind)', ({ kind, skip }) => {
  let node: TestNode
  let client: Client
  let api: CritterClient
  let replica: ReplicaLocation
  let observer: SyncStore
  let load: Workload | undefined
  let sync: CliChild | undefined

  beforeAll(async () => {
    if (skip) return
    await prepareCli()
    // A short neglect threshold, so neglect checks sometimes find a neglected pet.
    node = await startTestNode({ critter: { NeglectThresholdBlocks: 40 } })
    client = createClient(createWsProvider(node.url), { requestTimeoutMs: 60_000 })
    api = createCritterClient({ client, runtime })
    replica = await createReplicaLocation(kind, 'sync_crash')
    // The test's own connection: it watches the checkpoint and verifies while the child is dead.
    observer = await replica.open()
  })

  afterAll(async () => {
    if (skip) return
    await sync?.kill()
    await load?.stop()
    await observer?.close()
    client?.close()
    await node?.close()
    await replica?.remove()
    await disposeCli()
  })

  it.skipIf(skip)(
    `survives ${KILLS} SIGKILLs during catch-up and live following`,
    { timeout: 300_000 },
    async () => {
      const random = createRandom(kind === 'sqlite' ? 0x5111c : 0x9057)
      const started = Date.now()
      const activeLoad = startWorkload({
        api,
        critter,
        random: createRandom(random.int(2 ** 31)),
        pauseMs: PAUSE_MS,
      })
      load = activeLoad
      /** The replica's checkpoint; fails the test at once if the sync stopped by itself. */
      const checkpoint = async () => {
        const c = sync?.child
        if (c !== undefined && (c.exitCode !== null || c.signalCode !== null))
          throw new Error(
            `critter sync exited by itself (${c.exitCode ?? c.signalCode}):\n${sync?.tail()}`,
          )
        return (await observer.checkpoint())?.number ?? -1
      }
      const spawnSync = () =>
        startCli([
          'sync',
          '--node',
          node.url,
          '--db',
          replica.location,
          '--batch-blocks',
          String(random.range(2, MAX_BATCH_BLOCKS)),
        ])
      const kills = { catchUp: 0, live: 0, anytime: 0 }
      let highest = -1

      for (let round = 0; round < KILLS; round++) {
        const mode = round % 3 === 0 ? 'catchUp' : round % 3 === 1 ? 'live' : 'anytime'
        if (mode === 'catchUp') {
          // The sync is down: let the chain run well ahead (the load at full speed meanwhile).
          const from = await checkpoint()
          const ahead = BEHIND + random.int(30)
          activeLoad.setPause(0)
          await waitFor(
            `the chain to run ${ahead} blocks ahead`,
            async () => (await finalizedHead(api)).number >= from + ahead,
          )
          activeLoad.setPause(PAUSE_MS)
        }
        const before = await checkpoint()
        const child = await spawnSync()
        sync = child
        if (mode === 'catchUp') {
          // Kill soon after it starts writing, while it is still far behind.
          await waitFor('the sync to commit', async () => (await checkpoint()) > before)
          await new Promise(r => setTimeout(r, random.int(60)))
        } else if (mode === 'live') {
          // Kill once it follows the head, at a random moment.
          await waitFor(
            'the sync to reach the head',
            async () => (await checkpoint()) >= (await finalizedHead(api)).number - 2,
          )
          await new Promise(r => setTimeout(r, random.int(1500)))
        } else {
          // Anywhere from start-up (opening the store, seeding, checking the chain) onwards.
          await new Promise(r => setTimeout(r, random.int(4000)))
        }
        const head = (await finalizedHead(api)).number
        const at = await checkpoint()
        await child.kill()
        sync = undefined
        const after = await checkpoint()
        // A kill counts as made during catch-up when the sync was still well behind.
        const made = mode === 'catchUp' && head - at < 20 ? 'live' : mode
        kills[made]++
        trace(
          `${kind} round ${round + 1} (${mode}): killed at ${at} (committed ${after}), head ${head}, ${Math.round((Date.now() - started) / 1000)} s`,
        )
        // A committed checkpoint never goes back, and what is committed is consistent.
        expect(after).toBeGreaterThanOrEqual(Math.max(highest, at))
        highest = after
        if (after >= 0) {
          const report = await verifyReplica({ api, critter, store: observer })
          expect(report.differences.slice(0, 10), `differences after kill ${round + 1}`).toEqual([])
        }
      }

      const stats = await activeLoad.stop()
      const final = await spawnSync()
      sync = final
      const head = await finalizedHead(api)
      await waitFor('the sync to reach the head', async () => (await checkpoint()) >= head.number)
      sync = undefined
      expect(await final.stop()).toBe(0)
      const summary = await checkReplica({ api, critter, store: observer })
      // And `critter sync verify` agrees, with exit code 0.
      const verify = await startCli([
        'sync',
        'verify',
        '--node',
        node.url,
        '--db',
        replica.location,
      ])
      expect(await verify.exited, verify.tail()).toBe(0)
      expect(verify.tail()).toMatch(/replica matches the chain/)
      expect(summary.block).toBe(head.number)
      expect(kills.catchUp + kills.live + kills.anytime).toBeGreaterThanOrEqual(20)
      expect(kills.catchUp, 'kills while far behind').toBeGreaterThanOrEqual(4)
      process.stderr.write(
        `sync-crash (${kind}): ${KILLS} SIGKILLs (${kills.catchUp} catching up, ${kills.live} live, ${kills.anytime} anywhere) in ${Math.round((Date.now() - started) / 1000)} s; replica at block ${summary.block}: ${summary.pets} pets, ${summary.hooks} hooks, ${summary.changes} history rows, ${summary.repairs} repairs; workload ${JSON.stringify(stats.calls)}, ${stats.failed} refused by the runtime, ${stats.errors} errors\n`,
      )
    },
  )
})

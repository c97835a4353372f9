// Fuzzes the real node end to end: `npx tsx scripts/fuzz-node.ts [cases=100000] [seed]`.
//
// Starts a dev node in this process (manual sealing), builds a few blocks, and snapshots what must
// not change: every block with its whole state (System.Account of the dev accounts,
// CritterNfts.NextPetId, System.Events, ...) and the pool. Then it sends cases over WebSocket and
// HTTP lanes: mutated signed extrinsics to author_submitExtrinsic, author_submitAndWatchExtrinsic,
// TaggedTransactionQueue_validate_transaction, TransactionPaymentApi_query_info/query_fee_details
// and payment_queryInfo; valid, mutated and broken JSON-RPC for every method; batches of both.
// Each case carries the exact answer due, from a model of the pool and the snapshot. Valid
// originals (each (signer, nonce) once) are the only thing the pool may take in.
//
// Afterwards the node must still answer, the snapshot must be unchanged except for the pool's
// accepted transactions, and one `dev_newBlock` must hold exactly the ready ones and change the
// state only as they explain. Prints the counts of each outcome class, cases/s and RSS; exits 1
// on any failure.
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { createNode, createNodeRuntime } from '../src/node/index.ts'
import { bytesToHex, devKeypair, hexToBytes, initCrypto, utf8 } from '../src/primitives/index.ts'
import { rpcMethodNames } from '../src/rpc/index.ts'
import { critterCall, signExtrinsic } from '../src/runtime/index.ts'
import { createCaseGenerator } from '../test/helpers/fuzz-node-cases.ts'
import {
  buildOriginals,
  buildRefusedSeeds,
  devSigners,
  type SigningContext,
  type XtSeed,
} from '../test/helpers/fuzz-node-extrinsics.ts'
import { checkFinalBlock } from '../test/helpers/fuzz-node-final.ts'
import { type Lane, openHttpLane, openWsLane, type Tally } from '../test/helpers/fuzz-node-lanes.ts'
import { uncoveredMethods } from '../test/helpers/fuzz-node-rpc-cases.ts'
import { diffSnapshots, takeSnapshot } from '../test/helpers/fuzz-node-snapshot.ts'
import { createWorld, nonceAt, readStatics } from '../test/helpers/fuzz-node-world.ts'
import { createRandom } from '../test/helpers/fuzz-random.ts'
import { openRpcSocket } from '../test/helpers/rpc-socket.ts'

/** Options of `runNodeFuzz`. */
export interface NodeFuzzOptions {
  readonly cases: number
  readonly seed: number
  /** WebSocket lanes (default 4) and HTTP lanes (default 2), one case in flight each. */
  readonly wsLanes?: number
  readonly httpLanes?: number
  readonly log?: (line: string) => void
}

/** What a run saw. */
export interface NodeFuzzReport {
  readonly cases: number
  readonly requests: number
  /** Requests by outcome class, e.g. `submit 1010 bad signature`, `getStorage`, `invalid hash -32602`. */
  readonly outcomes: Readonly<Record<string, number>>
  /** Mutations applied, by name. */
  readonly mutations: Readonly<Record<string, number>>
  readonly notifications: number
  readonly accepted: number
  readonly included: number
  readonly stillPending: number
  readonly failures: readonly string[]
  readonly seconds: number
  readonly casesPerSecond: number
  readonly heapGrowthBytes: number
  readonly peakRssBytes: number
}

// The node's pool defaults (DEFAULT_TXPOOL_LIMITS): bans held, furthest nonce queued.
const MAX_BANNED = 16_384
const MAX_NONCE_GAP = 4_096
const HEAP_GROWTH_LIMIT = 256 * 1024 * 1024

const fullGc = (() => {
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc') as () => void
})()

const count = (into: Record<string, number>, key: string, n = 1) => {
  into[key] = (into[key] ?? 0) + n
}

/**
 * Runs the node fuzzer against a fresh dev node.
 *
 * @example
 * const report = await runNodeFuzz({ cases: 3000, seed: 7 })
 * if (report.failures.length > 0) process.exit(1)
 */
export const runNodeFuzz = async (options: NodeFuzzOptions): Promise<NodeFuzzReport> => {
  await initCrypto()
  const log = options.log ?? (() => {})
  const failures: string[] = []
  const uncovered = uncoveredMethods()
  if (uncovered.length > 0)
    throw new TypeError(`the fuzzer has no params for ${uncovered.join(', ')}`)
  const onCrash = (e: unknown) =>
    failures.push(`process-level error: ${e instanceof Error ? e.stack : String(e)}`)
  process.on('uncaughtException', onCrash)
  process.on('unhandledRejection', onCrash)

  const node = await createNode({ dev: true, rpcPort: 0, seal: { type: 'manual' } })
  const control = await openRpcSocket(node.url)
  const request = (method: string, params: unknown[] = []) => control.request(method, params)
  const lanes: Lane[] = []
  try {
    const { runtime, critter, genesis } = createNodeRuntime({ dev: true })
    const genesisHash = bytesToHex(genesis.hash)
    if ((await request('chain_getBlockHash', [0])) !== genesisHash)
      throw new TypeError('the node runs another genesis than createNodeRuntime({ dev: true })')

    // A little history: pets, used nonces, blocks to be born at.
    const alice = devKeypair('Alice')
    const sign = (
      signer: typeof alice,
      nonce: number,
      call: Parameters<typeof signExtrinsic>[1]['call'],
    ) => bytesToHex(signExtrinsic(runtime, { call, signer, nonce, genesisHash: genesis.hash }))
    const mint = (name: string) =>
      critterCall('mint_pet_nft', { species: utf8('cat'), name: utf8(name) })
    await request('author_submitExtrinsic', [sign(alice, 0, mint('first'))])
    await request('author_submitExtrinsic', [sign(alice, 1, mint('second'))])
    await request('author_submitExtrinsic', [sign(devKeypair('Bob'), 0, mint('third'))])
    await request('author_submitExtrinsic', [
      sign(devKeypair('Charlie', 'Ed25519'), 0, mint('fourth')),
    ])
    await request('dev_newBlock', [])
    await request('dev_newBlock', [{ count: 4 }])

    const before = await takeSnapshot(request)
    const statics = await readStatics(request)
    const methods = (statics.rpcMethods as { methods?: unknown }).methods
    if (JSON.stringify(methods) !== JSON.stringify(rpcMethodNames()))
      failures.push('rpc_methods does not list exactly the method table')
    const best = before.blocks[before.best]
    if (best === undefined) throw new TypeError('no best block')

    const r = createRandom(options.seed)
    const signing: SigningContext = {
      runtime,
      genesisHash: genesis.hash,
      blockHashes: before.blocks.map(b => hexToBytes(b.hash)),
      stateNonce: who => nonceAt(runtime, best, who),
    }
    const signers = devSigners()
    const perSigner = Math.max(2, Math.min(150, Math.ceil(options.cases / 1000)))
    const originals = buildOriginals(r, signing, signers, perSigner)
    const seeds: XtSeed[] = [
      ...originals.map(o => ({
        name: `original ${o.signerName}/${o.nonce}`,
        bytes: o.bytes,
        intended: 'valid' as const,
        nonce: 'ok' as const,
      })),
      ...buildRefusedSeeds(r, signing, signers),
    ]
    const world = createWorld({
      runtime,
      snapshot: before,
      statics,
      signing,
      originals,
      seeds,
      perSigner,
      dev: signers.map(s => s.keypair.publicKey),
      maxBanned: MAX_BANNED,
      maxNonceGap: MAX_NONCE_GAP,
    })
    const generator = createCaseGenerator(world, r, options.cases)

    const tally: Tally = { failures, notifications: 0 }
    for (let i = 0; i < (options.wsLanes ?? 4); i++) lanes.push(await openWsLane(node.url, tally))
    for (let i = 0; i < (options.httpLanes ?? 2); i++) lanes.push(openHttpLane(node.url, tally))

    const outcomes: Record<string, number> = {}
    let requests = 0
    let sent = 0
    let heapBaseline = 0
    let peakRss = 0
    const warmup = Math.min(2000, Math.floor(options.cases / 10))
    const started = performance.now()
    const work = async (lane: Lane) => {
      while (sent < options.cases && failures.length < 50) {
        const n = sent++
        if (n === warmup) {
          fullGc()
          heapBaseline = process.memoryUsage().heapUsed
        }
        if (n % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
        if (n > 0 && n % 10_000 === 0) {
          const s = (performance.now() - started) / 1000
          log(
            `${n} cases, ${Math.round(n / s)}/s, ${failures.length} failures, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
          )
        }
        const c = generator.next(lane)
        requests += c.requests
        if (c.shape.type === 'single') count(outcomes, c.shape.expect.label)
        else if (c.shape.type === 'batch') {
          count(outcomes, 'batch')
          for (const e of c.shape.expects) count(outcomes, e.label)
        } else count(outcomes, 'notification (no reply)')
        await lane.run(c)
      }
    }
    await Promise.all(lanes.map(work))
    const seconds = (performance.now() - started) / 1000
    peakRss = Math.max(peakRss, process.memoryUsage().rss)

    // Still answering, on both transports.
    if ((await request('system_health', [])) === undefined)
      failures.push('no answer over WebSocket')
    const probe = await fetch(node.url.replace(/^ws/, 'http'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":"probe","method":"system_chain"}',
    })
    if (((await probe.json()) as { result?: unknown }).result !== 'Critter Dev')
      failures.push('no answer over HTTP')

    // The model agrees with what mutations say they do, and nothing nobody signed was accepted.
    for (const m of generator.xt.mismatches())
      failures.push(
        `model: ${m.mutation} of ${m.seed} should be ${m.intended}, model says ${m.model}: ${m.hex.slice(0, 120)}`,
      )
    for (const hex of world.model.forged())
      failures.push(`accepted bytes nobody signed: ${hex.slice(0, 120)}`)

    // Nothing changed but the pool's accepted transactions.
    const accepted = world.model.accepted()
    const after = await takeSnapshot(request)
    const expectedPending = accepted.map(o => o.hex).sort()
    for (const line of diffSnapshots({ ...before, pending: expectedPending }, after))
      failures.push(`state: ${line}`)
    for (const signer of signers) {
      const next = await request('system_accountNextIndex', [bytesToHex(signer.keypair.publicKey)])
      const due = world.model.readyEnd(signer.keypair.publicKey)
      if (next !== due)
        failures.push(`system_accountNextIndex ${signer.name}: ${String(next)}, ${due} due`)
    }

    const watches = lanes.flatMap(l => l.opened).filter(s => s.spec.watchKey !== undefined)
    const final = await checkFinalBlock({
      request,
      runtime,
      critter,
      parent: best,
      accepted,
      watches,
      settle: () => new Promise(resolve => setTimeout(resolve, 600)),
    })
    for (const line of final.problems) failures.push(`final block: ${line}`)
    // Live head subscriptions heard the new block.
    await new Promise(resolve => setTimeout(resolve, 50))
    for (const sub of lanes.flatMap(l => [...l.live.values()])) {
      if (!sub.spec.method.startsWith('chain_subscribe')) continue
      const last = sub.notifications.at(-1) as { number?: unknown } | undefined
      if (last?.number !== `0x${(before.best + 1).toString(16)}`)
        failures.push(`${sub.spec.method} ${sub.id} did not hear block ${before.best + 1}`)
    }
    for (const signer of signers) {
      const next = await request('system_accountNextIndex', [bytesToHex(signer.keypair.publicKey)])
      const stateNonce = nonceAt(runtime, best, signer.keypair.publicKey)
      const included = accepted.filter(
        o =>
          o.signerName === signer.name && o.nonce < world.model.readyEnd(signer.keypair.publicKey),
      ).length
      if (next !== stateNonce + included)
        failures.push(
          `after the block, next index of ${signer.name} is ${String(next)}, ${stateNonce + included} due`,
        )
    }

    fullGc()
    const heapGrowth = heapBaseline === 0 ? 0 : process.memoryUsage().heapUsed - heapBaseline
    if (heapGrowth > HEAP_GROWTH_LIMIT)
      failures.push(`heap grew by ${Math.round(heapGrowth / 2 ** 20)} MiB`)
    return {
      cases: sent,
      requests,
      outcomes,
      mutations: generator.xt.mutations(),
      notifications: tally.notifications,
      accepted: accepted.length,
      included: final.included,
      stillPending: final.stillPending,
      failures,
      seconds,
      casesPerSecond: Math.round(sent / seconds),
      heapGrowthBytes: heapGrowth,
      peakRssBytes: peakRss,
    }
  } finally {
    await Promise.allSettled(lanes.map(l => l.close()))
    control.close()
    await node.close()
    process.off('uncaughtException', onCrash)
    process.off('unhandledRejection', onCrash)
  }
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) {
  const cases = Number(process.argv[2] ?? 100_000)
  const seed = Number(process.argv[3] ?? Date.now() % 0x7fff_ffff)
  if (!Number.isSafeInteger(cases) || cases < 1 || !Number.isSafeInteger(seed)) {
    console.error('usage: npx tsx scripts/fuzz-node.ts [cases] [seed]')
    process.exit(2)
  }
  console.log(`fuzzing the node: ${cases} cases, seed ${seed}`)
  const report = await runNodeFuzz({ cases, seed, log: line => console.log(line) })
  const rows = (counts: Readonly<Record<string, number>>) =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([name, n]) => `  ${name.padEnd(48)} ${String(n).padStart(8)}`)
      .join('\n')
  console.log(`outcomes (per request):\n${rows(report.outcomes)}`)
  console.log(`mutations:\n${rows(report.mutations)}`)
  console.log(
    `${report.cases} cases (${report.requests} requests, ${report.notifications} notifications) in ${report.seconds.toFixed(1)} s: ${report.casesPerSecond} cases/s`,
  )
  console.log(
    `pool accepted ${report.accepted} originals; the final block holds ${report.included}, ${report.stillPending} stay future`,
  )
  console.log(
    `heap growth after warm-up ${(report.heapGrowthBytes / 2 ** 20).toFixed(1)} MiB; peak RSS ${Math.round(report.peakRssBytes / 2 ** 20)} MiB`,
  )
  if (report.failures.length > 0) {
    console.log(`${report.failures.length} FAILURES (seed ${seed}):`)
    for (const f of report.failures.slice(0, 40)) console.log(`  ${f}`)
    process.exit(1)
  }
  console.log('no failures')
  process.exit(0)
}

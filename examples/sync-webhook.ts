// A game backend's view of the sync service, through the public API only: register a sync hook
// on chain, run the sync service with a webhook for it, receive each pet change signed with
// HMAC-SHA256 (checked with verifyWebhookSignature), watch the pet's sync flags clear once the
// service acknowledges the delivery on chain, and read the replica: the pet, its history, a check
// against the chain.
// Run it with `npx tsx examples/sync-webhook.ts`: it starts a dev node, a webhook endpoint and a
// SQLite replica in a temporary folder, all in this process.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, createCritterClient, createWsProvider } from '../src/client/index.ts'
import { createNode, createNodeRuntime } from '../src/node/index.ts'
import { devKeypair, initCrypto, utf8 } from '../src/primitives/index.ts'
import { critterCall } from '../src/runtime/index.ts'
import {
  createSyncWithHooks,
  openSqliteStore,
  parseHookConfig,
  verifyReplica,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
} from '../src/sync/index.ts'

const SECRET = 'a secret shared with the game server'

/** A webhook endpoint that accepts only correctly signed deliveries; resolves `received` keys. */
const startEndpoint = async (onChange: (key: string, body: string) => void) => {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8')
    })
    req.on('end', () => {
      const header = (name: string) => req.headers[name] as string | undefined
      const valid = verifyWebhookSignature(
        SECRET,
        header(WEBHOOK_HEADERS.timestamp),
        body,
        header(WEBHOOK_HEADERS.signature),
      )
      // A real server would apply the change idempotently, keyed by the idempotency key.
      if (valid) onChange(header(WEBHOOK_HEADERS.idempotencyKey) ?? '', body)
      res.writeHead(valid ? 200 : 401).end()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/critter`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}

const until = async (check: () => Promise<boolean>): Promise<void> => {
  while (!(await check())) await new Promise(resolve => setTimeout(resolve, 50))
}

/** Runs the walkthrough; prints when `log` is given. */
export const runSyncWebhook = async (log: (line: string) => void = () => {}) => {
  await initCrypto()
  const dir = await mkdtemp(join(tmpdir(), 'critter-example-'))
  const node = await createNode({ dev: true, rpcPort: 0, basePath: join(dir, 'chain') })
  const { runtime, critter } = createNodeRuntime({ dev: true })
  const api = createCritterClient({ client: createClient(createWsProvider(node.url)), runtime })
  const received = new Map<string, unknown>()
  const endpoint = await startEndpoint((key, body) => received.set(key, JSON.parse(body)))
  const store = await openSqliteStore({ path: join(dir, 'replica.db') })
  const stop = new AbortController()
  let running: Promise<void> | undefined
  try {
    const alice = devKeypair('Alice')
    await api.submit(critterCall('register_sync_hook', { interests: 0xff, priority: 100 }), alice)
    log('registered hook 0 for every aspect')

    const hooks = await parseHookConfig({
      hooks: [
        {
          id: 0,
          endpoint: { type: 'webhook', url: endpoint.url, secret: SECRET },
          ack: { signer: '//Alice' },
        },
      ],
    })
    running = createSyncWithHooks({ api, critter, store, hooks }).run(stop.signal)

    await api.submit(
      critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8('Ember') }),
      alice,
    )
    await api.submit(critterCall('feed_pet', { pet_id: 0, food_item_id: 1 }), alice)
    await until(async () => received.size >= 3)
    log(`webhook received ${[...received.keys()].join(', ')}`)

    await until(
      async () => (await api.query(io => critter.storage.PetNfts.get(io, 0)))?.sync_flags === 0,
    )
    log('the service acknowledged them on chain: pet 0 has no sync flags left')

    await until(async () => (await store.pet(0))?.pet.sync_flags === 0)
    const history = await store.petHistory(0)
    log(
      `replica: pet 0 at version ${(await store.pet(0))?.pet.state_version}, ${history.length} history rows`,
    )
    const report = await verifyReplica({ api, critter, store })
    log(`verify: ${report.differences.length} differences at block ${report.block.number}`)
    return { received: [...received.keys()], differences: report.differences.length }
  } finally {
    stop.abort()
    await running
    await store.close()
    await endpoint.close()
    await api.client.close()
    await node.close()
    await rm(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runSyncWebhook(console.log)

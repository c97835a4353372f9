// The steady load of the live-lag benchmark, in its own process: signs RATE × SECONDS single
// mints (fresh ed25519 accounts, at most 640 pets each) before anything is timed, reports
// `{"type":"signed"}`, then submits them at RATE tx/s and reports `{"type":"done", …}`.
//   tsx bench/sync/live-load.ts URL RATE SECONDS
import { author, chain, createClient, createWsProvider } from '../../src/client/index.ts'
import { createNodeRuntime } from '../../src/node/index.ts'
import { blake2_256, initCrypto, keypairFromSeed, utf8 } from '../../src/primitives/index.ts'
import { critterCall, signExtrinsic } from '../../src/runtime/index.ts'
import { exitWithParent, report } from './processes.ts'

const [url, rateArg = '300', secondsArg = '60'] = process.argv.slice(2)
if (url === undefined) throw new TypeError('usage: live-load.ts URL RATE SECONDS')
const rate = Number(rateArg)
const count = Math.round(rate * Number(secondsArg))

exitWithParent()
await initCrypto()
const { runtime } = createNodeRuntime({ dev: true })
const client = createClient(createWsProvider(url))
const genesisHash = await client.request(chain.getBlockHash(0))
if (genesisHash === undefined) throw new RangeError('the node has no genesis')
const run = `${process.pid}-${Date.now()}`
const signers = Array.from({ length: Math.ceil(count / 640) }, (_, i) =>
  keypairFromSeed(blake2_256(utf8(`critter live load ${run} ${i}`)), 'Ed25519'),
)
const xts = Array.from({ length: count }, (_, i) =>
  signExtrinsic(runtime, {
    call: critterCall('mint_pet_nft', { species: utf8('live'), name: utf8(`l${i}`) }),
    signer: signers[i % signers.length] as (typeof signers)[number],
    nonce: Math.floor(i / signers.length),
    genesisHash,
  }),
)
report({ type: 'signed', count })

let rejected = 0
const answers: Promise<void>[] = []
const start = performance.now()
for (let i = 0; i < xts.length; i++) {
  const wait = start + (i * 1000) / rate - performance.now()
  if (wait > 1) await new Promise(resolve => setTimeout(resolve, wait))
  answers.push(
    client.request(author.submitExtrinsic(xts[i] as Uint8Array)).then(
      () => undefined,
      () => {
        rejected++
      },
    ),
  )
}
await Promise.all(answers)
const seconds = (performance.now() - start) / 1000
report({ type: 'done', submitted: count, rejected, seconds, txPerSecond: count / seconds })
client.close()
process.exit(0)

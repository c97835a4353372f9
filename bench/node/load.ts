// The load process of the node benchmark: signs its transactions first, then submits them over
// JSON-RPC to a node in another process and reports what it measured as one JSON line.
//   tsx bench/node/load.ts URL MODE SCHEME COUNT [RATE]
//   MODE: mint (one pet per tx) | batch (128 pets per tx) | latency (submitAndWatch at RATE tx/s)
import WebSocket from 'ws'
import { createNodeRuntime } from '../../src/node/index.ts'
import {
  blake2_256,
  bytesToHex,
  DEV_PHRASE,
  deriveHard,
  hexToBytes,
  initCrypto,
  type KeypairScheme,
  utf8,
} from '../../src/primitives/index.ts'
import { critterCall, signExtrinsic } from '../../src/runtime/index.ts'

const [
  url = 'ws://127.0.0.1:9944',
  mode = 'mint',
  scheme = 'Sr25519',
  countArg = '10000',
  rateArg,
] = process.argv.slice(2)
const count = Number(countArg)
const BATCH = 128
await initCrypto()
const { runtime } = createNodeRuntime({ dev: true })

const connect = async (): Promise<WebSocket> => {
  const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return ws
}

// The genesis hash the signatures commit to comes from the node itself.
const genesisHash = await (async () => {
  const ws = await connect()
  const hash = await new Promise<string>(resolve => {
    ws.once('message', data => resolve(JSON.parse(String(data)).result))
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'chain_getBlockHash', params: [0] }))
  })
  ws.close()
  return hexToBytes(hash)
})()

// Fresh accounts per run, so nonces start at 0 whatever the chain did before.
const run = `bench-${process.pid}-${Date.now()}`
const signers = Array.from({ length: 16 }, (_, i) =>
  deriveHard(DEV_PHRASE, [run, String(i)], scheme as KeypairScheme),
)
const pets = (n: number) =>
  Array.from(
    { length: BATCH },
    (_, j) => [utf8('bench'), utf8(`p${n}-${j}`)] as [Uint8Array, Uint8Array],
  )
const signStart = performance.now()
const xts: Uint8Array[] = []
for (let i = 0; i < count; i++) {
  const signer = signers[i % signers.length]
  if (signer === undefined) continue
  xts.push(
    signExtrinsic(runtime, {
      call:
        mode === 'batch'
          ? critterCall('batch_mint_pet_nfts', { pets: pets(i) })
          : critterCall('mint_pet_nft', { species: utf8('bench'), name: utf8(`p${i}`) }),
      signer,
      nonce: Math.floor(i / signers.length),
      genesisHash,
    }),
  )
}
const signSeconds = (performance.now() - signStart) / 1000

const sockets = await Promise.all([connect(), connect(), connect(), connect()])
let included = 0
let lastInclusion = 0
let rejected = 0
const expected = count
// Count extrinsics block by block, by number, so none is missed or counted twice.
let counted = 0
// The counter reads the best block before the first submission, so no block is missed.
const startCounting = async (): Promise<Promise<void>> => {
  const ws = await connect()
  let id = 1_000_000
  const call = <T>(method: string, params: unknown[]) =>
    new Promise<T>(resolve => {
      const myId = id++
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(String(data))
        if (message.id === myId) {
          ws.off('message', onMessage)
          resolve(message.result)
        }
      }
      ws.on('message', onMessage)
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: myId, method, params }))
    })
  const number =
    Number.parseInt((await call<{ number: string }>('chain_getHeader', [])).number, 16) + 1
  return countFrom(ws, call, number)
}

const countFrom = async (
  ws: WebSocket,
  call: <T>(method: string, params: unknown[]) => Promise<T>,
  from: number,
): Promise<void> => {
  let number = from
  while (included < expected - rejected) {
    const hash = await call<string | null>('chain_getBlockHash', [number])
    if (hash === null) {
      await new Promise(r => setTimeout(r, 2))
      continue
    }
    const block = await call<{ block: { extrinsics: string[] } }>('chain_getBlock', [hash])
    included += block.block.extrinsics.length
    lastInclusion = performance.now()
    counted++
    number++
  }
  ws.close()
}

const submitAll = async (): Promise<void> => {
  let inFlight = 0
  const window = 4096
  let wake: (() => void) | undefined
  for (const ws of sockets) {
    ws.on('message', data => {
      const message = JSON.parse(String(data))
      if (message.error) {
        if (rejected === 0)
          process.stderr.write(`first rejection: ${JSON.stringify(message.error)}\n`)
        rejected++
      }
      inFlight--
      wake?.()
    })
  }
  for (let i = 0; i < xts.length; i++) {
    while (inFlight >= window) await new Promise<void>(r => (wake = r))
    // One socket per sender keeps each sender's nonces in order on the wire.
    const ws = sockets[(i % signers.length) % sockets.length]
    inFlight++
    ws?.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: i,
        method: 'author_submitExtrinsic',
        params: [bytesToHex(xts[i] as Uint8Array)],
      }),
    )
  }
  while (inFlight > 0) await new Promise<void>(r => (wake = r))
}

const latency = async (rate: number): Promise<number[]> => {
  const ws = sockets[0] as WebSocket
  const started = new Map<string, number>()
  const subToTx = new Map<string, string>()
  const idToTx = new Map<number, string>()
  const latencies: number[] = []
  let finish: () => void = () => undefined
  const finished = new Promise<void>(r => {
    finish = r
  })
  ws.on('message', data => {
    const message = JSON.parse(String(data))
    if (message.id !== undefined) {
      const tx = idToTx.get(message.id)
      if (tx !== undefined && message.result !== undefined) subToTx.set(String(message.result), tx)
      return
    }
    const result = message.params?.result
    if (result && typeof result === 'object' && 'inBlock' in result) {
      const tx = subToTx.get(String(message.params.subscription))
      const t0 = tx === undefined ? undefined : started.get(tx)
      if (t0 !== undefined) latencies.push(performance.now() - t0)
      if (latencies.length === xts.length) finish()
    }
  })
  const start = performance.now()
  for (let i = 0; i < xts.length; i++) {
    const due = start + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise(r => setTimeout(r, wait))
    const xt = xts[i] as Uint8Array
    const tx = bytesToHex(blake2_256(xt))
    idToTx.set(i, tx)
    started.set(tx, performance.now())
    ws.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: i,
        method: 'author_submitAndWatchExtrinsic',
        params: [bytesToHex(xt)],
      }),
    )
  }
  await Promise.race([finished, new Promise(r => setTimeout(r, 30_000))])
  return latencies.sort((a, b) => a - b)
}

if (mode === 'latency') {
  const lat = await latency(Number(rateArg ?? 1000))
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? Number.NaN
  process.stdout.write(
    `${JSON.stringify({ mode, scheme, count, received: lat.length, p50: q(0.5), p99: q(0.99), max: lat.at(-1) })}\n`,
  )
} else {
  const counting = await startCounting()
  const start = performance.now()
  await submitAll()
  const submitted = performance.now()
  await Promise.race([counting, new Promise(r => setTimeout(r, 120_000))])
  const seconds = (lastInclusion - start) / 1000
  process.stdout.write(
    `${JSON.stringify({
      mode,
      scheme,
      count,
      rejected,
      included,
      blocks: counted,
      signSeconds,
      submitSeconds: (submitted - start) / 1000,
      seconds,
      txPerSecond: included / seconds,
      petsPerSecond: (mode === 'batch' ? included * BATCH : included) / seconds,
    })}\n`,
  )
}
for (const ws of sockets) ws.close()
process.exit(0)

// Kills the node with SIGKILL at random moments while it produces blocks, at least 20 times. After
// every restart the chain must sit at a committed block: an unbroken hash chain whose headers
// hash to their served hashes, each account's nonce equal to its transactions in the chain, and
// every transaction the node reported `inBlock` present in that very block.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { headerFromJson } from '../src/client/index.ts'
import { createNodeRuntime } from '../src/node/index.ts'
import {
  blake2_256,
  bytesToHex,
  DEV_ACCOUNTS,
  decode,
  devKeypair,
  hexToBytes,
  u32,
  utf8,
} from '../src/primitives/index.ts'
import { critterCall, signExtrinsic } from '../src/runtime/index.ts'
import { openRpcSocket, type RpcSocket } from './helpers/rpc-socket.ts'

const KILLS = 20
const fixture = join(import.meta.dirname, 'fixtures', 'crash-node.ts')
const { runtime, genesis } = createNodeRuntime({ dev: true })
const signers = DEV_ACCOUNTS.map(name => devKeypair(name))

let seed = 0x5eed
const random = (): number => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
  return seed / 2 ** 32
}

const startNode = (basePath: string): Promise<{ child: ChildProcess; port: number }> =>
  new Promise((resolve, reject) => {
    // Node itself with tsx's loader, not the tsx CLI: SIGKILL must reach the node, and the CLI
    // wrapper cannot pass SIGKILL on to the process it starts.
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, basePath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout?.on('data', chunk => {
      out += String(chunk)
      const match = /READY (\d+)/.exec(out)
      if (match) resolve({ child, port: Number(match[1]) })
    })
    child.stderr?.on('data', chunk => {
      err += String(chunk)
    })
    child.once('exit', code => reject(new Error(`node exited (${code}) before READY: ${err}`)))
  })

const kill = (child: ChildProcess): Promise<void> =>
  new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })

interface Reported {
  readonly txHash: string
  readonly blockHash: string
  readonly signer: number
}

/**
 * Fires signed mints from every dev account and records what the node reports in a block;
 * `producing` is called at the first block of this run.
 */
const load = async (
  socket: RpcSocket,
  reported: Reported[],
  producing: () => void,
): Promise<void> => {
  const nonces = await Promise.all(
    signers.map(async s =>
      decode(
        u32,
        hexToBytes(
          await socket.request<string>('state_call', [
            'AccountNonceApi_account_nonce',
            bytesToHex(s.publicKey),
          ]),
        ),
      ),
    ),
  )
  for (let round = 0; round < 2000; round++) {
    const i = round % signers.length
    const signer = signers[i]
    const nonce = nonces[i]
    if (signer === undefined || nonce === undefined) continue
    nonces[i] = nonce + 1
    const xt = signExtrinsic(runtime, {
      call: critterCall('mint_pet_nft', { species: utf8('crash'), name: utf8(`p${round}`) }),
      signer,
      nonce,
      genesisHash: genesis.hash,
    })
    const txHash = bytesToHex(blake2_256(xt))
    socket
      .subscribe('author_submitAndWatchExtrinsic', [bytesToHex(xt)], result => {
        if (typeof result === 'object' && result !== null && 'inBlock' in result) {
          reported.push({ txHash, blockHash: String(result.inBlock), signer: i })
          producing()
        }
      })
      .catch(() => undefined)
    if (round % 20 === 19) await new Promise(r => setTimeout(r, 5))
  }
}

/** What the test has checked of the chain so far; blocks are immutable once walked. */
interface Walked {
  number: number
  readonly hashes: Map<number, string>
  readonly included: Map<string, string>
  readonly perSigner: number[]
}

/**
 * Checks the chain the restarted node serves: the blocks walked before are still there, each new
 * block hashes to its served hash and links to its parent, every reported transaction is in the
 * block it was reported in, and each account's nonce equals its transactions in the chain.
 */
const verify = async (socket: RpcSocket, reported: readonly Reported[], walked: Walked) => {
  const bestHash = await socket.request<string>('chain_getFinalizedHead')
  const best = headerFromJson(await socket.request('chain_getHeader', [bestHash]))
  expect(best.number).toBeGreaterThanOrEqual(walked.number)
  if (walked.number >= 0)
    expect(await socket.request('chain_getBlockHash', [walked.number])).toBe(
      walked.hashes.get(walked.number),
    )
  let hash = bestHash
  for (let n = best.number; n > walked.number; n--) {
    const block = await socket.request<{
      block: { header: Parameters<typeof headerFromJson>[0]; extrinsics: string[] }
    }>('chain_getBlock', [hash])
    const header = headerFromJson(block.block.header)
    expect(header.number).toBe(n)
    expect(bytesToHex(header.hash)).toBe(hash)
    walked.hashes.set(n, hash)
    for (const xt of block.block.extrinsics) {
      walked.included.set(bytesToHex(blake2_256(hexToBytes(xt))), hash)
      const signer = signers.findIndex(s => xt.includes(bytesToHex(s.publicKey).slice(2)))
      if (signer >= 0) walked.perSigner[signer] = (walked.perSigner[signer] ?? 0) + 1
    }
    hash = bytesToHex(header.parentHash)
  }
  if (walked.number >= 0) expect(hash).toBe(walked.hashes.get(walked.number))
  walked.number = best.number
  for (const r of reported)
    expect(walked.included.get(r.txHash), `tx ${r.txHash} reported in ${r.blockHash}`).toBe(
      r.blockHash,
    )
  for (const [i, signer] of signers.entries()) {
    const nonce = await socket.request<string>('state_call', [
      'AccountNonceApi_account_nonce',
      bytesToHex(signer.publicKey),
    ])
    expect(decode(u32, hexToBytes(nonce))).toBe(walked.perSigner[i])
  }
}

describe('node crash safety', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it(`survives ${KILLS} SIGKILLs during block production`, { timeout: 600_000 }, async () => {
    const basePath = await mkdtemp(join(tmpdir(), 'critter-crash-'))
    dirs.push(basePath)
    const reported: Reported[] = []
    const walked: Walked = {
      number: -1,
      hashes: new Map(),
      included: new Map(),
      perSigner: signers.map(() => 0),
    }
    for (let kill_ = 0; kill_ < KILLS; kill_++) {
      const { child, port } = await startNode(basePath)
      const socket = await openRpcSocket(`ws://127.0.0.1:${port}`)
      await verify(socket, reported, walked)
      // Kill at a random moment once blocks are being produced (start-up under load varies).
      let producing: () => void = () => undefined
      const started = new Promise<void>(resolve => {
        producing = resolve
      })
      const loading = load(socket, reported, () => producing())
      await Promise.race([started, new Promise(r => setTimeout(r, 15_000))])
      await new Promise(r => setTimeout(r, random() * 400))
      await kill(child)
      await loading.catch(() => undefined)
      socket.close()
    }
    const { child, port } = await startNode(basePath)
    const socket = await openRpcSocket(`ws://127.0.0.1:${port}`)
    await verify(socket, reported, walked)
    socket.close()
    await kill(child)
    expect(reported.length).toBeGreaterThan(0)
    expect(walked.number).toBeGreaterThan(KILLS)
  })
})

// Block production as clients see it: weight and length limits split the pool across blocks,
// what can never fit is refused at the door, and interval sealing makes blocks on its own.
import { afterEach, describe, expect, it } from 'vitest'
import { bytesToHex, devKeypair, utf8 } from '../src/primitives/index.ts'
import { critterCall, type RuntimeCall, signExtrinsic } from '../src/runtime/index.ts'
import { startTestNode, type TestNode } from './acceptance/helpers/node.ts'
import { openRpcSocket, type RpcSocket } from './helpers/rpc-socket.ts'

const remark = (size: number): RuntimeCall => ({
  type: 'System',
  value: { type: 'remark', value: { remark: new Uint8Array(size).fill(7) } },
})

let node: TestNode | undefined
let socket: RpcSocket | undefined
afterEach(async () => {
  socket?.close()
  await node?.close()
  node = undefined
})

const signedBy = async (rpc: RpcSocket, call: RuntimeCall, nonce: number) => {
  const genesisHash = await rpc.request<string>('chain_getBlockHash', [0])
  const { runtime } = (node as TestNode).node.chain
  return bytesToHex(
    signExtrinsic(runtime, {
      call,
      signer: devKeypair('Alice'),
      nonce,
      genesisHash: Uint8Array.from(Buffer.from(genesisHash.slice(2), 'hex')),
    }),
  )
}

describe('block limits', () => {
  it('refuses a transaction no block can hold, and splits the pool by length', async () => {
    node = await startTestNode({
      seal: { type: 'manual' },
      blockLimits: { maxWeight: 1_500_000_000_000n, maxLength: 2_500 },
    })
    socket = await openRpcSocket(node.url)
    const rpc = socket
    await expect(
      rpc.request('author_submitExtrinsic', [await signedBy(rpc, remark(3_000), 0)]),
    ).rejects.toMatchObject({ code: 1010, data: 'Transaction would exhaust the block limits' })
    // Three 1 KB remarks: only two fit under 2,500 bytes, the third waits for the next block.
    for (let nonce = 0; nonce < 3; nonce++)
      await rpc.request('author_submitExtrinsic', [await signedBy(rpc, remark(1_000), nonce)])
    const first = await rpc.request<string>('dev_newBlock', [])
    const second = await rpc.request<string>('dev_newBlock', [])
    const body = async (hash: string) =>
      (await rpc.request<{ block: { extrinsics: string[] } }>('chain_getBlock', [hash])).block
        .extrinsics
    expect(await body(first)).toHaveLength(2)
    expect(await body(second)).toHaveLength(1)
    expect(await rpc.request('author_pendingExtrinsics')).toEqual([])
  })

  it('splits the pool by weight', async () => {
    node = await startTestNode({
      seal: { type: 'manual' },
      // A mint weighs 15,000,000: two fit, the third does not.
      blockLimits: { maxWeight: 30_000_000n, maxLength: 5_000_000 },
    })
    socket = await openRpcSocket(node.url)
    const rpc = socket
    for (let nonce = 0; nonce < 3; nonce++) {
      const mint = critterCall('mint_pet_nft', { species: utf8('cat'), name: utf8(`c${nonce}`) })
      await rpc.request('author_submitExtrinsic', [await signedBy(rpc, mint, nonce)])
    }
    const first = await rpc.request<string>('dev_newBlock', [])
    const block = await rpc.request<{ block: { extrinsics: string[] } }>('chain_getBlock', [first])
    expect(block.block.extrinsics).toHaveLength(2)
    expect(await rpc.request('author_pendingExtrinsics')).toHaveLength(1)
  })
})

describe('interval sealing', () => {
  it('makes blocks every interval, with or without transactions', async () => {
    node = await startTestNode({ seal: { type: 'interval', value: 50 } })
    socket = await openRpcSocket(node.url)
    const rpc = socket
    const heads: number[] = []
    await rpc.subscribe('chain_subscribeNewHeads', [], header => {
      heads.push(Number.parseInt((header as { number: string }).number, 16))
    })
    await expect.poll(() => heads.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4)
    for (const [i, n] of heads.entries()) if (i > 0) expect(n).toBe((heads[i - 1] ?? 0) + 1)
  })
})

import { describe, expect, it } from 'vitest'
import { blake2_256, bytesToHex, encode } from '../primitives/index.ts'
import { Header } from '../runtime/index.ts'
import { createClient } from './client.ts'
import { ChainContinuityError } from './errors.ts'
import { followFinalizedHeads } from './follow.ts'
import type { ConnectionStatus, JsonRpcProvider } from './provider.ts'

interface Request {
  id: number
  method: string
  params: unknown[]
}

/**
 * A finalized chain served over a fake provider: headers, hashes, the finalized head and the
 * finalized-heads subscription. The test finalizes blocks, skips or repeats notifications, and
 * drops the connection.
 */
const fakeChain = (seed = 'a') => {
  const headers: { json: Record<string, unknown>; hash: string }[] = []
  const add = () => {
    const number = headers.length
    const parentHash =
      number === 0 ? new Uint8Array(32) : blake2_256(encode(Header, decodeAt(number - 1)))
    const header: Header = {
      parentHash,
      number,
      stateRoot: blake2_256(new TextEncoder().encode(`${seed}${number}`)),
      extrinsicsRoot: new Uint8Array(32),
      digest: { logs: [] },
    }
    headers.push({
      hash: bytesToHex(blake2_256(encode(Header, header))),
      json: {
        parentHash: bytesToHex(header.parentHash),
        number: `0x${number.toString(16)}`,
        stateRoot: bytesToHex(header.stateRoot),
        extrinsicsRoot: bytesToHex(header.extrinsicsRoot),
        digest: { logs: [] },
      },
    })
  }
  const decodeAt = (n: number): Header => {
    const json = headers[n]?.json as Record<string, string>
    return {
      parentHash: Uint8Array.from(Buffer.from(String(json['parentHash']).slice(2), 'hex')),
      number: n,
      stateRoot: Uint8Array.from(Buffer.from(String(json['stateRoot']).slice(2), 'hex')),
      extrinsicsRoot: new Uint8Array(32),
      digest: { logs: [] },
    }
  }
  add()
  let onMessage: (m: string) => void = () => {}
  let onStatus: (s: ConnectionStatus) => void = () => {}
  const subscriptions = new Set<string>()
  let nextSub = 1
  const requests: Request[] = []
  const answer = (r: Request): unknown => {
    switch (r.method) {
      case 'chain_getBlockHash':
        return headers[r.params[0] as number]?.hash ?? null
      case 'chain_getHeader':
        return headers.find(h => h.hash === r.params[0])?.json ?? null
      case 'chain_getFinalizedHead':
        return headers.at(-1)?.hash
      case 'chain_subscribeFinalizedHeads': {
        const id = `sub${nextSub++}`
        subscriptions.add(id)
        return id
      }
      case 'chain_unsubscribeFinalizedHeads':
        return subscriptions.delete(r.params[0] as string)
      default:
        return null
    }
  }
  const provider: JsonRpcProvider = (message, status) => {
    onMessage = message
    onStatus = status ?? (() => {})
    return {
      send(text) {
        const parsed = JSON.parse(text) as Request | Request[]
        const batch = Array.isArray(parsed) ? parsed : [parsed]
        requests.push(...batch)
        const out = batch.map(r => ({ jsonrpc: '2.0', id: r.id, result: answer(r) }))
        setImmediate(() => onMessage(JSON.stringify(Array.isArray(parsed) ? out : out[0])))
      },
      disconnect() {},
    }
  }
  const notify = (n: number) => {
    for (const id of subscriptions) {
      onMessage(
        JSON.stringify({
          jsonrpc: '2.0',
          method: 'chain_finalizedHead',
          params: { subscription: id, result: headers[n]?.json },
        }),
      )
    }
  }
  return {
    provider,
    requests,
    subscriptions,
    hash: (n: number) => headers[n]?.hash,
    /** Finalizes `count` more blocks; `notify: false` leaves them out of the notifications. */
    finalize(count: number, { notify: send = true } = {}) {
      for (let i = 0; i < count; i++) {
        add()
        if (send) notify(headers.length - 1)
      }
    },
    notify,
    drop() {
      subscriptions.clear()
      onStatus({ type: 'disconnected', reason: 'node restarted', retryInMs: 1 })
    },
    reconnect() {
      onStatus({ type: 'connected' })
    },
  }
}

/** Reads `count` headers from the follower, flattening its batches. */
const take = async (
  follower: AsyncGenerator<readonly { number: number; hash: Uint8Array }[]>,
  count: number,
) => {
  const out: { number: number; hash: string }[] = []
  const sizes: number[] = []
  while (out.length < count) {
    const { value } = await follower.next()
    if (value === undefined) break
    sizes.push(value.length)
    for (const h of value) out.push({ number: h.number, hash: bytesToHex(h.hash) })
  }
  return { out, sizes }
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise(r => setTimeout(r, 2))
  expect(check()).toBe(true)
}

describe('followFinalizedHeads', () => {
  it('catches up in batches from a checkpoint, then follows live heads', async () => {
    const node = fakeChain()
    node.finalize(10)
    const client = createClient(node.provider)
    const follower = followFinalizedHeads(client, { from: 3, batchSize: 4 })
    const caught = await take(follower, 8)
    expect(caught.out.map(h => h.number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10])
    expect(caught.sizes).toEqual([4, 4])
    expect(caught.out.every(h => h.hash === node.hash(h.number))).toBe(true)
    const pending = take(follower, 2)
    await waitFor(() => node.subscriptions.size === 1)
    const before = node.requests.length
    node.finalize(2)
    const live = await pending
    expect(live.out.map(h => h.number)).toEqual([11, 12])
    // Live heads that continue the chain cost no request.
    expect(node.requests.length).toBe(before)
    await follower.return(undefined as never)
    expect(node.subscriptions.size).toBe(0)
  })

  it('fills the numbers a notification skipped, and drops repeats', async () => {
    const node = fakeChain()
    const client = createClient(node.provider)
    const follower = followFinalizedHeads(client, { from: 1 })
    const pending = take(follower, 5)
    await waitFor(() => node.subscriptions.size === 1)
    node.finalize(1)
    node.finalize(3, { notify: false })
    node.notify(4)
    node.notify(2)
    node.finalize(1)
    const { out } = await pending
    expect(out.map(h => h.number)).toEqual([1, 2, 3, 4, 5])
    await follower.return(undefined as never)
  })

  it('asks for the finalized head when notifications stop, so a lost last one strands nothing', async () => {
    const node = fakeChain()
    const client = createClient(node.provider)
    const follower = followFinalizedHeads(client, { from: 1, pollMs: 20 })
    const pending = take(follower, 3)
    await waitFor(() => node.subscriptions.size === 1)
    node.finalize(3, { notify: false })
    const { out } = await pending
    expect(out.map(h => h.number)).toEqual([1, 2, 3])
    await follower.return(undefined as never)
  })

  it('checks the first header against the checkpoint hash', async () => {
    const node = fakeChain()
    node.finalize(3)
    const client = createClient(node.provider)
    const ok = followFinalizedHeads(client, {
      from: 2,
      parentHash: Buffer.from(String(node.hash(1)).slice(2), 'hex'),
    })
    expect((await take(ok, 2)).out.map(h => h.number)).toEqual([2, 3])
    await ok.return(undefined as never)
    const other = fakeChain('b')
    other.finalize(3)
    const wrong = followFinalizedHeads(createClient(other.provider), {
      from: 2,
      parentHash: Buffer.from(String(node.hash(1)).slice(2), 'hex'),
    })
    await expect(wrong.next()).rejects.toBeInstanceOf(ChainContinuityError)
  })

  it('resumes after a dropped connection with no gap and no overlap', async () => {
    const node = fakeChain()
    node.finalize(2)
    const client = createClient(node.provider)
    const drops: string[] = []
    const follower = followFinalizedHeads(client, { from: 0, onReconnect: e => drops.push(e.code) })
    expect((await take(follower, 3)).out.map(h => h.number)).toEqual([0, 1, 2])
    const pending = take(follower, 4)
    await waitFor(() => node.subscriptions.size === 1)
    node.drop()
    node.finalize(3) // finalized while we were away
    node.reconnect()
    await waitFor(() => node.subscriptions.size === 1)
    node.finalize(1)
    const { out } = await pending
    expect(out.map(h => h.number)).toEqual([3, 4, 5, 6])
    expect(drops).toEqual(['CONNECTION_LOST'])
    await follower.return(undefined as never)
  })

  it('ends with the error when the client is closed', async () => {
    const node = fakeChain()
    const client = createClient(node.provider)
    const follower = followFinalizedHeads(client, { from: 1 })
    const pending = follower.next()
    await waitFor(() => node.subscriptions.size === 1)
    client.close()
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' })
  })
})

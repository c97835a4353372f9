// The client against a real dev node: signed submission through the high-level client, reads
// with the runtime's own storage items, entries, events, dispatch errors by name, pool refusals,
// manual sealing, finalized-head following, and reconnecting across a node restart.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Client,
  type CritterClient,
  chain,
  createClient,
  createCritterClient,
  createWsProvider,
  dev,
  followFinalizedHeads,
  type SubmitResult,
} from '../src/client/index.ts'
import { type CritterNode, createNode, createNodeRuntime } from '../src/node/index.ts'
import { bytesToHex, devKeypair, fromUtf8, utf8 } from '../src/primitives/index.ts'
import { RpcError } from '../src/rpc/index.ts'
import { decodeExtrinsic, encodeExtrinsic } from '../src/runtime/extrinsic/index.ts'
import { type CritterEvent, critterCall } from '../src/runtime/index.ts'

const { runtime, critter } = createNodeRuntime({ dev: true })
const alice = devKeypair('Alice')
const bob = devKeypair('Bob')

const mint = (name: string) =>
  critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8(name) })

const critterEvents = (result: SubmitResult) =>
  result.events.filter(r => r.event.type === 'CritterNfts').map(r => r.event.value as CritterEvent)

const mintedId = (result: SubmitResult): number => {
  const minted = critterEvents(result).find(e => e.type === 'PetNftMinted')
  if (minted?.type !== 'PetNftMinted') throw new TypeError('no PetNftMinted event')
  return minted.value.pet_id
}

describe('client against a dev node', () => {
  let basePath: string
  let node: CritterNode
  let client: Client
  let api: CritterClient

  beforeAll(async () => {
    basePath = await mkdtemp(join(tmpdir(), 'critter-client-'))
    node = await createNode({ dev: true, rpcPort: 0, basePath, seal: { type: 'instant' } })
    client = createClient(
      createWsProvider(node.url, { reconnect: { minDelayMs: 20, maxDelayMs: 200 } }),
      { requestTimeoutMs: 20_000 },
    )
    api = createCritterClient({ client, runtime })
  })

  afterAll(async () => {
    client?.close()
    await node?.close()
    await rm(basePath, { recursive: true, force: true })
  })

  it('mints with Alice and reads the pet back with the runtime’s storage items', async () => {
    const result = await api.submit(mint('Ember'), alice)
    expect(result.result).toEqual({ type: 'Ok' })
    expect(result.blockNumber).toBeGreaterThanOrEqual(1)
    const id = mintedId(result)
    const pet = await api.query(io => critter.storage.PetNfts.get(io, id))
    expect(fromUtf8(pet?.current_pet_name ?? new Uint8Array())).toBe('Ember')
    expect(pet?.state_version).toBe(1)
    const owner = await api.query(io => critter.storage.PetNftOwner.get(io, id))
    expect(owner).toEqual(alice.publicKey)
    // The block is the one the node reports, and the transaction sits at `index` in its body.
    const block = await client.request(chain.getBlock(result.blockHash))
    expect(block?.header.number).toBe(result.blockNumber)
    expect(block?.extrinsics[result.index]).toBeDefined()
  })

  it('decodes a block’s events, and the submit result holds the transaction’s own', async () => {
    const result = await api.submit(mint('Cinder'), alice)
    const records = await api.events(result.blockHash)
    const own = records.filter(
      r => r.phase.type === 'ApplyExtrinsic' && r.phase.value === result.index,
    )
    expect(own).toEqual(result.events)
    const last = own.at(-1)?.event
    expect(last).toMatchObject({ type: 'System', value: { type: 'ExtrinsicSuccess' } })
    expect(critterEvents(result).map(e => e.type)).toContain('PetNftMinted')
  })

  it('lists entries at the best block and at an earlier one', async () => {
    const before = await client.request(chain.getBlockHash())
    const result = await api.submit(mint('Flint'), bob)
    const now = await api.entries(critter.storage.PetNfts)
    const then = await api.entries(critter.storage.PetNfts, { at: before ?? new Uint8Array() })
    expect(now.length).toBe(then.length + 1)
    expect(now.map(([id]) => id)).toContain(mintedId(result))
    expect(then.map(([id]) => id)).not.toContain(mintedId(result))
  })

  it('surfaces a dispatch error with its name', async () => {
    const id = mintedId(await api.submit(mint('Ash'), alice))
    const stale = critterCall('update_pet_metadata', {
      pet_id: id,
      name: utf8('Late'),
      personality_traits: undefined,
      expected_version: 99,
    })
    const result = await api.submit(stale, alice)
    expect(result.result).toMatchObject({
      type: 'Err',
      name: 'CritterNfts.ConcurrentModification',
      value: { type: 'Module' },
    })
    const pet = await api.query(io => critter.storage.PetNfts.get(io, id))
    expect(pet?.state_version).toBe(1)
  })

  it('gets the pool’s 1010 RpcError for a bad signature', async () => {
    const signed = await api.sign(mint('Forged'), alice)
    const xt = decodeExtrinsic(runtime, signed.bytes)
    if (xt.signed === undefined) throw new TypeError('expected a signed extrinsic')
    const signature = xt.signed.signature.value.slice()
    signature[0] = (signature[0] ?? 0) ^ 0xff
    const forged = encodeExtrinsic(runtime, {
      call: xt.call,
      signed: { ...xt.signed, signature: { type: 'Sr25519', value: signature } },
    })
    const error = await api
      .submitSigned({ bytes: forged, hash: signed.hash })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RpcError)
    expect(error).toMatchObject({ code: 1010, data: 'Transaction has a bad signature' })
    // The refused transaction did not consume Alice's nonce.
    expect((await api.submit(mint('Honest'), alice)).result.type).toBe('Ok')
  })

  it('signs immortal and ed25519 transactions, and concurrent ones from one signer', async () => {
    const immortal = await api.submit(mint('Forever'), alice, { mortality: 'immortal' })
    expect(immortal.result.type).toBe('Ok')
    const ed = await api.submit(mint('Edwards'), devKeypair('Charlie', 'Ed25519'))
    expect(ed.result.type).toBe('Ok')
    const many = await Promise.all(['A', 'B', 'C'].map(n => api.submit(mint(n), bob)))
    expect(many.map(r => r.result.type)).toEqual(['Ok', 'Ok', 'Ok'])
    expect(new Set(many.map(r => bytesToHex(r.txHash))).size).toBe(3)
  })

  it('follows finalized heads from genesis with every hash checked', async () => {
    const best = await client.request(chain.getHeader())
    const seen: number[] = []
    const hashes: Uint8Array[] = []
    const follower = followFinalizedHeads(client, { from: 0, batchSize: 4 })
    for await (const headers of follower) {
      for (const h of headers) {
        seen.push(h.number)
        hashes.push(h.hash)
      }
      if (seen.at(-1) === best?.number) break
    }
    expect(seen).toEqual(Array.from({ length: (best?.number ?? 0) + 1 }, (_, i) => i))
    // Catch-up reads events for a range of blocks in batches; each equals the single read.
    const batched = await api.eventsOf(hashes, 3)
    expect(batched).toHaveLength(hashes.length)
    expect(batched.at(-1)).toEqual(await api.events(hashes.at(-1) ?? new Uint8Array()))
    expect(batched.flat().some(r => r.event.type === 'CritterNfts')).toBe(true)
  })

  it('reconnects after the node closes and reopens on the same port and base path', async () => {
    const id = mintedId(await api.submit(mint('Phoenix'), alice))
    const head = await client.request(chain.getHeader())
    const port = node.rpcPort
    const seen: number[] = []
    const drops: string[] = []
    const follower = followFinalizedHeads(client, {
      from: (head?.number ?? 0) + 1,
      ...(head === undefined ? {} : { parentHash: head.hash }),
      onReconnect: e => drops.push(e.code),
    })
    const following = (async () => {
      for await (const headers of follower) {
        for (const h of headers) seen.push(h.number)
        if (seen.length >= 2) return
      }
    })()
    await node.close()
    await expect.poll(() => client.status.type).not.toBe('connected')
    node = await createNode({ dev: true, rpcPort: port, basePath, seal: { type: 'instant' } })
    await client.connected()
    expect((await api.query(io => critter.storage.PetNfts.get(io, id)))?.current_pet_name).toEqual(
      utf8('Phoenix'),
    )
    await api.submit(mint('Risen'), alice)
    await api.submit(mint('Again'), alice)
    await following
    expect(seen).toEqual([(head?.number ?? 0) + 1, (head?.number ?? 0) + 2])
    expect(drops).toContain('CONNECTION_LOST')
  })
})

describe('client against a manually sealed node', () => {
  it('resolves a submission once dev_newBlock seals it', async () => {
    const node = await createNode({ dev: true, rpcPort: 0, seal: { type: 'manual' } })
    const client = createClient(createWsProvider(node.url))
    try {
      const api = createCritterClient({ client, runtime })
      const statuses: string[] = []
      const submitted = api.submit(mint('Patient'), alice, { onStatus: s => statuses.push(s.type) })
      submitted.catch(() => {}) // awaited below; a failed poll must not leave it unhandled
      // The first submission to a fresh node waits for its verifier threads to start.
      await expect.poll(() => statuses, { timeout: 20_000 }).toContain('ready')
      const sealed = await client.request(dev.newBlock())
      const result = await submitted
      expect(bytesToHex(result.blockHash)).toBe(bytesToHex(sealed))
      expect(result.result.type).toBe('Ok')
    } finally {
      client.close()
      await node.close()
    }
  })
})

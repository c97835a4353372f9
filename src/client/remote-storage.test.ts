import { describe, expect, it } from 'vitest'
import { blake2_256, bytesToHex, bytesToRawHex, hexToBytes, utf8 } from '../primitives/index.ts'
import {
  createCritterNfts,
  createInMemoryChain,
  createRuntime,
  critterCall,
  type MemoryBackend,
} from '../runtime/index.ts'
import { createClient } from './client.ts'
import { createCritterClient } from './critter-client.ts'
import { ClientUsageError } from './errors.ts'
import type { JsonRpcProvider } from './provider.ts'
import { readRemote } from './remote-storage.ts'

const BEST = bytesToHex(blake2_256(utf8('best')))

interface Call {
  method: string
  params: unknown[]
}

/**
 * Serves the state methods the remote reader uses from an in-memory backend, answering
 * asynchronously as a socket would, and records every call.
 */
const stateNode = (backend: MemoryBackend) => {
  const calls: Call[] = []
  const answer = (method: string, params: unknown[]): unknown => {
    switch (method) {
      case 'chain_getBlockHash':
        return BEST
      case 'state_getStorage': {
        const value = backend.get(String(params[0]).slice(2))
        return value === undefined ? null : bytesToHex(value)
      }
      case 'state_getKeysPaged': {
        const [prefix, count, start] = params as [string, number, string | null | undefined]
        const keys: string[] = []
        const after = start === null || start === undefined ? undefined : start.slice(2)
        for (const key of backend.keys(prefix.slice(2), after)) {
          if (keys.length === count) break
          keys.push(`0x${key}`)
        }
        return keys
      }
      case 'state_queryStorageAt': {
        const keys = params[0] as string[]
        return [
          {
            block: BEST,
            changes: keys.map(k => {
              const value = backend.get(k.slice(2))
              return [k, value === undefined ? null : bytesToHex(value)]
            }),
          },
        ]
      }
      default:
        return null
    }
  }
  const provider: JsonRpcProvider = onMessage => ({
    send(message) {
      const parsed = JSON.parse(message) as (Call & { id: number }) | (Call & { id: number })[]
      const requests = Array.isArray(parsed) ? parsed : [parsed]
      const answers = requests.map(request => {
        calls.push({ method: request.method, params: request.params })
        return { jsonrpc: '2.0', id: request.id, result: answer(request.method, request.params) }
      })
      const reply = JSON.stringify(Array.isArray(parsed) ? answers : answers[0])
      queueMicrotask(() => onMessage(reply))
    },
    disconnect() {},
  })
  return { provider, calls }
}

const setup = (pets: number) => {
  const critter = createCritterNfts()
  const runtime = createRuntime({ pallets: [critter.pallet] })
  const chain = createInMemoryChain(runtime)
  const alice = blake2_256(utf8('alice'))
  for (let i = 0; i < pets; i++) {
    chain.apply(alice, critterCall('mint_pet_nft', { species: utf8('cat'), name: utf8(`Pet${i}`) }))
  }
  const sealed = chain.seal()
  const node = stateNode(chain.backend)
  const client = createClient(node.provider)
  return { critter, runtime, chain, sealed, alice, node, client }
}

describe('readRemote', () => {
  it('reads what the runtime reads locally, at one pinned block', async () => {
    const { critter, chain, node, client } = setup(3)
    const remote = await readRemote(client, io => critter.storage.PetNfts.get(io, 1), { at: BEST })
    expect(remote).toEqual(chain.read(io => critter.storage.PetNfts.get(io, 1)))
    expect(remote?.state_version).toBe(1)
    expect(node.calls.every(c => c.params.at(-1) === BEST)).toBe(true)
  })

  it('settles reads whose keys depend on values read before', async () => {
    const { critter, chain, alice, client } = setup(3)
    const read = (io: Parameters<typeof critter.storage.PetNfts.get>[0]) =>
      critter.storage.OwnerOfPet.get(io, alice).map(
        id => critter.storage.PetNfts.get(io, id)?.current_pet_name,
      )
    const names = await readRemote(client, read, { at: BEST })
    expect(names).toEqual(chain.read(read))
    expect(names.map(n => new TextDecoder().decode(n))).toEqual(['Pet0', 'Pet1', 'Pet2'])
  })

  it('iterates maps through keys(), a page at a time', async () => {
    const { critter, chain, node, client } = setup(5)
    const read = (io: Parameters<typeof critter.storage.PetNfts.get>[0]) => [
      ...critter.storage.PetNfts.entries(io),
    ]
    const entries = await readRemote(client, read, { at: BEST, pageSize: 2 })
    expect(entries).toEqual(chain.read(read))
    expect(node.calls.filter(c => c.method === 'state_getKeysPaged')).toHaveLength(3)
  })

  it('refuses writes', async () => {
    const { critter, client } = setup(1)
    await expect(
      readRemote(client, io => critter.storage.NextPetId.set(io, 9), { at: BEST }),
    ).rejects.toBeInstanceOf(ClientUsageError)
  })

  it('only throws what a read throws once it has all its data', async () => {
    const { critter, client } = setup(1)
    const strict = (io: Parameters<typeof critter.storage.PetNfts.get>[0]) => {
      const pet = critter.storage.PetNfts.get(io, 0)
      if (pet === undefined) throw new RangeError('no pet 0')
      return pet.state_version
    }
    expect(await readRemote(client, strict, { at: BEST })).toBe(1)
    const missing = (io: Parameters<typeof critter.storage.PetNfts.get>[0]) => {
      if (critter.storage.PetNfts.get(io, 42) === undefined) throw new RangeError('no pet 42')
    }
    await expect(readRemote(client, missing, { at: BEST })).rejects.toThrow('no pet 42')
  })
})

describe('createCritterClient reads', () => {
  it('pins the best block once for a query', async () => {
    const { critter, node, client, runtime } = setup(2)
    const api = createCritterClient({ client, runtime })
    expect(await api.query(io => critter.storage.NextPetId.get(io))).toBe(2)
    expect(node.calls[0]?.method).toBe('chain_getBlockHash')
    expect(node.calls.slice(1).every(c => c.params.at(-1) === BEST)).toBe(true)
  })

  it('lists entries across pages with decoded keys and values', async () => {
    const { critter, chain, client, runtime } = setup(7)
    const api = createCritterClient({ client, runtime, pageSize: 3 })
    const pages: number[] = []
    for await (const page of api.entryPages(critter.storage.PetNftOwner, { at: BEST }))
      pages.push(page.length)
    expect(pages).toEqual([3, 3, 1])
    const all = await api.entries(critter.storage.PetNfts, { at: BEST })
    expect(all.map(([id]) => id).sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(all).toEqual(chain.read(io => [...critter.storage.PetNfts.entries(io)]))
  })

  it('decodes a block’s events with the runtime’s EventRecord', async () => {
    const { client, runtime, sealed } = setup(1)
    const api = createCritterClient({ client, runtime })
    const events = await api.events(BEST)
    expect(events).toEqual(sealed.events)
    expect(events.map(e => e.event.type)).toContain('CritterNfts')
  })

  it('reads the events of many blocks in batches', async () => {
    const { client, runtime, sealed, node } = setup(1)
    const api = createCritterClient({ client, runtime })
    const many = await api.eventsOf([BEST, BEST, BEST], 2)
    expect(many).toEqual([sealed.events, sealed.events, sealed.events])
    expect(node.calls.filter(c => c.method === 'state_getStorage')).toHaveLength(3)
  })

  it('refuses a page size the node would not serve', () => {
    const { client, runtime } = setup(0)
    expect(() => createCritterClient({ client, runtime, pageSize: 0 })).toThrow(ClientUsageError)
    expect(() => createCritterClient({ client, runtime, pageSize: 1001 })).toThrow(/1 to 1000/)
  })
})

// Keeps the helpers honest: a key the backend holds is served back byte for byte.
it('serves stored bytes unchanged', async () => {
  const { critter, client, chain } = setup(1)
  const key = critter.storage.NextPetId.storageKey
  const { state } = await import('./state.ts')
  const raw = await client.request(state.getStorage(`0x${key}`, BEST))
  expect(bytesToRawHex(raw ?? new Uint8Array())).toBe(
    bytesToRawHex(chain.backend.get(key) ?? hexToBytes('0xff')),
  )
})

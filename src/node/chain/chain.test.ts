import { describe, expect, it } from 'vitest'
import { bytesToHex } from '../../primitives/index.ts'
import type { ParsedExtrinsic } from '../../runtime/index.ts'
import { createNodeRuntime } from '../node-runtime.ts'
import { type BlockStore, createMemoryStore } from '../store/index.ts'
import { createTxPool } from '../txpool/index.ts'
import { Chain } from './chain.ts'

const { runtime, genesis } = createNodeRuntime({ dev: true })
// Nothing is ever submitted in these tests; the pool only has to exist.
const emptyPool = () =>
  createTxPool<ParsedExtrinsic>({
    parse: () => ({ type: 'Err', value: { type: 'BadFormat', value: 'unused' } }),
    verify: async checks => checks.map(() => false),
    accountNonce: () => 0,
  })

describe('Chain', () => {
  it('commits genesis into an empty store and links each block to its parent', async () => {
    const store = createMemoryStore()
    const chain = await Chain.open({ runtime, store, pool: emptyPool(), genesis })
    expect(chain.genesisHash).toEqual(genesis.hash)
    const one = await chain.produceBlock()
    const two = await chain.produceBlock()
    expect(one.header.parentHash).toEqual(genesis.hash)
    expect(two.header.parentHash).toEqual(one.hash)
    expect(chain.best.number).toBe(2)
    expect(store.hashAt(2)).toEqual(two.hash)
  })

  it('refuses a store that holds another chain', async () => {
    const store = createMemoryStore()
    await Chain.open({ runtime, store, pool: emptyPool(), genesis })
    const other = createNodeRuntime({ dev: false })
    await expect(
      Chain.open({ runtime: other.runtime, store, pool: emptyPool(), genesis: other.genesis }),
    ).rejects.toMatchObject({ code: 'GENESIS_MISMATCH' })
  })

  it('stops for good when a block cannot be committed', async () => {
    const inner = createMemoryStore()
    let failNext = false
    const store: BlockStore = new Proxy(inner, {
      get(target, key, receiver) {
        if (key === 'commit')
          return (block: Parameters<BlockStore['commit']>[0]) =>
            failNext ? Promise.reject(new RangeError('disk full')) : target.commit(block)
        return Reflect.get(target, key, receiver)
      },
    })
    const chain = await Chain.open({ runtime, store, pool: emptyPool(), genesis })
    await chain.produceBlock()
    failNext = true
    await expect(chain.produceBlock()).rejects.toMatchObject({ code: 'BLOCK_PRODUCTION_FAILED' })
    failNext = false
    await expect(chain.produceBlock()).rejects.toMatchObject({ code: 'BLOCK_PRODUCTION_FAILED' })
    expect(chain.best.number).toBe(1)
    expect(bytesToHex(chain.best.hash)).toBe(bytesToHex(inner.hashAt(1) ?? new Uint8Array()))
  })
})

import {
  type ChangeSet,
  lowerBound,
  type StorageBackend,
  type StorageKey,
} from '../../runtime/index.ts'
import type { BlockRef, BlockStore, StoredBlock } from './block-store.ts'
import { hashKey } from './hash-key.ts'
import { scanStart } from './key-order.ts'
import { StoreError } from './store-error.ts'
import { checkHash, isBlockNumber, validateBlockHead, validateChanges } from './validate.ts'

interface KeptBlock {
  readonly ref: BlockRef
  readonly header: Uint8Array
  readonly extrinsics: readonly Uint8Array[]
  readonly changes: ReadonlyMap<StorageKey, Uint8Array | null>
}

/** Every version of one key: ascending block numbers and the value each set (`null`: deleted). */
interface Versions {
  readonly blocks: number[]
  readonly values: (Uint8Array | null)[]
}

/** Index of the last element of ascending `xs` that is <= `n`, or -1. */
const lastAtOrBelow = (xs: readonly number[], n: number): number => {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((xs[mid] as number) <= n) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/**
 * A `BlockStore` held entirely in memory: the reference the LMDB store is tested against, and a
 * store for tests and tools. Every key keeps its full version list, so `stateAt` is exact at any
 * block; commits resolve at once.
 *
 * @example
 * const store = createMemoryStore()
 * await store.commit({ number: 0, hash, header, extrinsics: [], changes })
 */
export const createMemoryStore = (): BlockStore => {
  const blocks: KeptBlock[] = []
  const byHash = new Map<string, number>()
  const versions = new Map<StorageKey, Versions>()
  // Every key ever written, sorted lazily: `stateAt(n).keys` filters it by presence at n.
  const allKeys: StorageKey[] = []
  let unsortedSince = 0
  let closed = false

  const sortedKeys = (): StorageKey[] => {
    if (unsortedSince < allKeys.length) {
      allKeys.sort()
      unsortedSince = allKeys.length
    }
    return allKeys
  }

  const valueAt = (key: StorageKey, n: number): Uint8Array | undefined => {
    const v = versions.get(key)
    if (v === undefined) return undefined
    const i = lastAtOrBelow(v.blocks, n)
    return i < 0 ? undefined : (v.values[i] ?? undefined)
  }

  const backendAt = (n: number): StorageBackend => ({
    get: key => valueAt(key, n),
    *keys(prefix, startAfter) {
      const keys = sortedKeys()
      const { from, strict } = scanStart(prefix, startAfter)
      for (let i = lowerBound(keys, from, strict); i < keys.length; i++) {
        const key = keys[i] as StorageKey
        if (!key.startsWith(prefix)) break
        if (valueAt(key, n) !== undefined) yield key
      }
    },
  })

  const byHashOf = (hash: Uint8Array): KeptBlock | undefined => {
    const n = byHash.get(hashKey(hash))
    return n === undefined ? undefined : blocks[n]
  }

  const commit = (block: StoredBlock): void => {
    if (closed) throw new StoreError('STORE_CLOSED', 'the store is closed')
    validateBlockHead(block, blocks.length)
    const id = hashKey(block.hash)
    if (byHash.has(id))
      throw new StoreError(
        'INVALID_HASH',
        `block ${block.number} repeats the hash of another block`,
      )
    validateChanges(block.changes)
    // Copies: the caller may reuse its arrays, and reads must return the bytes as committed.
    const changes = new Map<StorageKey, Uint8Array | null>()
    for (const [key, value] of block.changes) {
      const kept = value === null ? null : value.slice()
      changes.set(key, kept)
      let v = versions.get(key)
      if (v === undefined) {
        v = { blocks: [], values: [] }
        versions.set(key, v)
        allKeys.push(key)
      }
      v.blocks.push(block.number)
      v.values.push(kept)
    }
    blocks.push({
      ref: { number: block.number, hash: block.hash.slice() },
      header: block.header.slice(),
      extrinsics: block.extrinsics.map(x => x.slice()),
      changes,
    })
    byHash.set(id, block.number)
  }

  return {
    get best() {
      return blocks[blocks.length - 1]?.ref
    },
    get genesisHash() {
      return blocks[0]?.ref.hash
    },
    commit(block) {
      try {
        commit(block)
        return Promise.resolve()
      } catch (e) {
        return Promise.reject(e)
      }
    },
    hashAt: n => blocks[n]?.ref.hash,
    header(hash) {
      checkHash(hash)
      return byHashOf(hash)?.header
    },
    numberOf(hash) {
      checkHash(hash)
      return byHashOf(hash)?.ref.number
    },
    extrinsics(hash) {
      checkHash(hash)
      const kept = byHashOf(hash)
      return kept === undefined ? undefined : [...kept.extrinsics]
    },
    // Reads the newest version of each key: live, whatever is committed later.
    state: backendAt(Number.POSITIVE_INFINITY),
    stateAt: n => (isBlockNumber(n) && n < blocks.length ? backendAt(n) : undefined),
    changesAt: (n): ChangeSet | undefined => (isBlockNumber(n) ? blocks[n]?.changes : undefined),
    close() {
      closed = true
      return Promise.resolve()
    },
  }
}

import type { StorageIO, StorageKey } from '../runtime/index.ts'
import type { Client } from './client.ts'
import { ClientUsageError } from './errors.ts'
import type { BytesLike } from './hash.ts'
import { state } from './state.ts'

/** Options of `readRemote`. */
export interface RemoteReadOptions {
  /** The block to read at. Every round reads this same block, so the result is one snapshot. */
  readonly at: BytesLike
  /** Keys per `state_getKeysPaged` / `state_queryStorageAt` call (default 1000, the node's page limit). */
  readonly pageSize?: number
  /** Rounds of fetching before giving up on a read that keeps asking for new keys (default 32). */
  readonly maxRounds?: number
}

const readOnly = (): never => {
  throw new ClientUsageError('remote storage is read-only: reads may not write')
}

/** Every key under `prefix` at `at`, a page at a time (keys as `StorageKey`: hex without `0x`). */
export const remoteKeys = async (
  client: Client,
  prefix: StorageKey,
  at: BytesLike,
  pageSize = 1000,
  startAfter?: StorageKey,
): Promise<StorageKey[]> => {
  const keys: StorageKey[] = []
  let start = startAfter === undefined ? undefined : `0x${startAfter}`
  for (;;) {
    const page = await client.request(state.getKeysPaged(`0x${prefix}`, pageSize, start, at))
    for (const key of page) keys.push(key.slice(2))
    const last = page.at(-1)
    if (page.length < pageSize || last === undefined) return keys
    start = last
  }
}

/** The values of `keys` at `at` (absent ones as `undefined`), `pageSize` keys per call. */
export const remoteValues = async (
  client: Client,
  keys: readonly StorageKey[],
  at: BytesLike,
  pageSize = 1000,
): Promise<Map<StorageKey, Uint8Array | undefined>> => {
  const values = new Map<StorageKey, Uint8Array | undefined>()
  for (let i = 0; i < keys.length; i += pageSize) {
    const chunk = keys.slice(i, i + pageSize)
    const set = await client.request(
      state.queryStorageAt(
        chunk.map(k => `0x${k}`),
        at,
      ),
    )
    for (const key of chunk) values.set(key, undefined)
    for (const [key, value] of set.changes) values.set(key.slice(2), value)
  }
  return values
}

/**
 * Runs a synchronous storage read (the same code that runs against the runtime's overlay, e.g.
 * `io => critter.storage.PetNfts.get(io, id)`) against the node's state at one block. The read
 * runs, the keys and prefixes it missed are fetched in pages, and it runs again until it misses
 * nothing; reads whose later keys depend on earlier values settle in as many rounds. Writes throw
 * `ClientUsageError`.
 *
 * @example const pet = await readRemote(client, io => critter.storage.PetNfts.get(io, 0), { at: hash })
 */
export const readRemote = async <T>(
  client: Client,
  read: (io: StorageIO) => T,
  options: RemoteReadOptions,
): Promise<T> => {
  const pageSize = options.pageSize ?? 1000
  const maxRounds = options.maxRounds ?? 32
  const values = new Map<StorageKey, Uint8Array | undefined>()
  const keyLists = new Map<StorageKey, StorageKey[]>()
  for (let round = 0; ; round++) {
    const missingKeys = new Set<StorageKey>()
    const missingPrefixes = new Set<StorageKey>()
    const get = (key: StorageKey): Uint8Array | undefined => {
      if (values.has(key)) return values.get(key)
      missingKeys.add(key)
      return undefined
    }
    const io: StorageIO = {
      get,
      has: key => get(key) !== undefined,
      keys: (prefix, startAfter) => {
        const list = keyLists.get(prefix)
        if (list === undefined) {
          missingPrefixes.add(prefix)
          return []
        }
        return startAfter === undefined ? list : list.filter(k => k > startAfter)
      },
      set: readOnly,
      delete: readOnly,
    }
    let outcome: { value: T } | { error: unknown }
    try {
      outcome = { value: read(io) }
    } catch (error) {
      // A read that saw missing data may throw on it; only a complete round's error is real.
      outcome = { error }
    }
    if (missingKeys.size === 0 && missingPrefixes.size === 0) {
      if ('error' in outcome) throw outcome.error
      return outcome.value
    }
    if (round + 1 >= maxRounds)
      throw new ClientUsageError(`storage read still missing keys after ${maxRounds} rounds`)
    for (const prefix of missingPrefixes)
      keyLists.set(prefix, await remoteKeys(client, prefix, options.at, pageSize))
    const fetched = await remoteValues(client, [...missingKeys], options.at, pageSize)
    for (const [key, value] of fetched) values.set(key, value)
  }
}

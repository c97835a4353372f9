import {
  bytesToBinaryString,
  decode,
  encode,
  hexToBytes,
  type Shape,
  u32,
} from '../../primitives/index.ts'
import type { StorageKey } from './backend.ts'
import { hashKeyHex, hashLength, itemPrefix, type MapHasher, u32KeyHex } from './hashers.ts'
import { NumberCache } from './number-cache.ts'

/** Read and write access to storage, as dispatch sees it (a `StorageOverlay`). */
export interface StorageIO {
  get(key: StorageKey): Uint8Array | undefined
  has(key: StorageKey): boolean
  set(key: StorageKey, value: Uint8Array): void
  delete(key: StorageKey): void
  keys(prefix: StorageKey, startAfter?: StorageKey): Iterable<StorageKey>
}

/** `Value`: absent reads as the default (metadata modifier `Default`). `Option`: absent reads as `undefined`. */
export type Query = 'Value' | 'Option'

type Read<T, Q extends Query> = Q extends 'Value' ? T : T | undefined

/** What a storage item declaration says, before it is bound to a pallet prefix. */
export type StorageSpec =
  | {
      readonly kind: 'value'
      readonly shape: Shape<unknown>
      readonly query: Query
      readonly default: unknown
      readonly docs: readonly string[]
    }
  | {
      readonly kind: 'map'
      readonly hasher: MapHasher
      readonly key: Shape<unknown>
      readonly shape: Shape<unknown>
      readonly query: Query
      readonly default: unknown
      readonly docs: readonly string[]
    }

/** Options of a storage declaration: the query kind and, for `Value`, its default. */
export type QueryOptions<T, Q extends Query> = Q extends 'Value'
  ? { readonly query: Q; readonly default: T; readonly docs?: readonly string[] }
  : { readonly query: Q; readonly docs?: readonly string[] }

/** A `StorageValue` declaration. */
export interface ValueSpec<T, Q extends Query> {
  readonly kind: 'value'
  readonly shape: Shape<T>
  readonly query: Q
  readonly default: T | undefined
  readonly docs: readonly string[]
}

/** A `StorageMap` declaration. */
export interface MapSpec<K, V, Q extends Query> {
  readonly kind: 'map'
  readonly hasher: MapHasher
  readonly key: Shape<K>
  readonly shape: Shape<V>
  readonly query: Q
  readonly default: V | undefined
  readonly docs: readonly string[]
}

/** Deep-freezes plain arrays and objects, so a default handed out by reads cannot be changed. */
const freezeDefault = <T>(value: T): T => {
  if (Array.isArray(value)) value.forEach(freezeDefault)
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    Object.values(value).forEach(freezeDefault)
  }
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array)
    ? Object.freeze(value)
    : value
}

/** The default for one read: byte arrays cannot be frozen, so each read gets its own copy. */
const readDefault = <T>(value: T): T => (value instanceof Uint8Array ? (value.slice() as T) : value)

/**
 * Declares a `StorageValue`.
 *
 * @example const NextPetId = storageValue(u32, { query: 'Value', default: 0 })
 */
export const storageValue = <T, Q extends Query>(
  shape: Shape<T>,
  options: QueryOptions<T, Q>,
): ValueSpec<T, Q> => ({
  kind: 'value',
  shape,
  query: options.query as Q,
  default: 'default' in options ? freezeDefault(options.default as T) : undefined,
  docs: options.docs ?? [],
})

/**
 * Declares a `StorageMap`.
 *
 * @example const PetNftOwner = storageMap('Blake2_128Concat', u32, AccountId32, { query: 'Option' })
 */
export const storageMap = <K, V, Q extends Query>(
  hasher: MapHasher,
  key: Shape<K>,
  shape: Shape<V>,
  options: QueryOptions<V, Q>,
): MapSpec<K, V, Q> => ({
  kind: 'map',
  hasher,
  key,
  shape,
  query: options.query as Q,
  default: 'default' in options ? freezeDefault(options.default as V) : undefined,
  docs: options.docs ?? [],
})

/** A `StorageValue` bound to its pallet: typed reads and writes. */
export interface BoundValue<T, Q extends Query> extends ValueSpec<T, Q> {
  readonly name: string
  /** Full storage key (hex, no `0x`). */
  readonly storageKey: StorageKey
  get(io: StorageIO): Read<T, Q>
  set(io: StorageIO, value: T): void
  remove(io: StorageIO): void
  exists(io: StorageIO): boolean
}

/** A `StorageMap` bound to its pallet: typed reads, writes and iteration. */
export interface BoundMap<K, V, Q extends Query> extends MapSpec<K, V, Q> {
  readonly name: string
  /** The item's 32-byte prefix (hex, no `0x`). */
  readonly prefix: StorageKey
  keyOf(key: K): StorageKey
  get(io: StorageIO, key: K): Read<V, Q>
  set(io: StorageIO, key: K, value: V): void
  /** Reads, transforms and writes one entry, computing its storage key once. */
  mutate(io: StorageIO, key: K, update: (value: Read<V, Q>) => V): V
  remove(io: StorageIO, key: K): void
  contains(io: StorageIO, key: K): boolean
  /** Every entry in storage-key order (hash order, not key order). */
  entries(io: StorageIO): Generator<[K, V]>
  /** The map key held in a full storage key of this map. */
  decodeKey(storageKey: StorageKey): K
}

const bindValue = <T, Q extends Query>(
  pallet: string,
  name: string,
  spec: ValueSpec<T, Q>,
): BoundValue<T, Q> => {
  const storageKey = itemPrefix(pallet, name)
  return {
    ...spec,
    name,
    storageKey,
    get: io => {
      const raw = io.get(storageKey)
      return (raw === undefined ? readDefault(spec.default) : decode(spec.shape, raw)) as Read<T, Q>
    },
    set: (io, value) => io.set(storageKey, encode(spec.shape, value)),
    remove: io => io.delete(storageKey),
    exists: io => io.has(storageKey),
  }
}

const KEY_CACHE_SIZE = 65_536

/**
 * A one-to-one content id of a 32-byte key (an account), as `bytesToBinaryString` gives for other
 * lengths, built without spreading an array into `apply` (a third of the cost; it is taken
 * several times per extrinsic): 16 UTF-16 code units behind a 0xffff mark, which no binary
 * string contains, so ids of keys of other lengths never clash with these.
 */
const contentId32 = (k: Uint8Array): string =>
  String.fromCharCode(
    0xffff,
    (k[0] as number) | ((k[1] as number) << 8),
    (k[2] as number) | ((k[3] as number) << 8),
    (k[4] as number) | ((k[5] as number) << 8),
    (k[6] as number) | ((k[7] as number) << 8),
    (k[8] as number) | ((k[9] as number) << 8),
    (k[10] as number) | ((k[11] as number) << 8),
    (k[12] as number) | ((k[13] as number) << 8),
    (k[14] as number) | ((k[15] as number) << 8),
    (k[16] as number) | ((k[17] as number) << 8),
    (k[18] as number) | ((k[19] as number) << 8),
    (k[20] as number) | ((k[21] as number) << 8),
    (k[22] as number) | ((k[23] as number) << 8),
    (k[24] as number) | ((k[25] as number) << 8),
    (k[26] as number) | ((k[27] as number) << 8),
    (k[28] as number) | ((k[29] as number) << 8),
    (k[30] as number) | ((k[31] as number) << 8),
  )

/**
 * Storage keys are hashed strings, costly to rebuild, and the same keys recur (a call touches one
 * pet's entries in several maps and an account's entries several times; transactions of one
 * account follow each other). Returning the same string object also spares every `Map` that
 * stores it from hashing it again. Numeric keys are remembered in a direct-mapped cache, byte keys
 * by content; both caches are bounded.
 */
const cachedKeys = <K>(compute: (key: K) => StorageKey): ((key: K) => StorageKey) => {
  let byNumber: NumberCache | undefined
  const byContent = new Map<string, StorageKey>()
  return key => {
    if (typeof key === 'number') {
      byNumber ??= new NumberCache(KEY_CACHE_SIZE)
      return byNumber.get(key) ?? byNumber.set(key, compute(key))
    }
    if (!(key instanceof Uint8Array)) return compute(key)
    const id = key.length === 32 ? contentId32(key) : bytesToBinaryString(key)
    const known = byContent.get(id)
    if (known !== undefined) return known
    if (byContent.size >= KEY_CACHE_SIZE) byContent.clear()
    const computed = compute(key)
    byContent.set(id, computed)
    return computed
  }
}

const bindMap = <K, V, Q extends Query>(
  pallet: string,
  name: string,
  spec: MapSpec<K, V, Q>,
): BoundMap<K, V, Q> => {
  const prefix = itemPrefix(pallet, name)
  const skip = prefix.length + 2 * hashLength(spec.hasher)
  // u32 keys (pet and hook ids) skip the encoder; anything else, including a number out of
  // range, takes the general path (which throws the encoder's error).
  const u32Keys = spec.key.encodeTo === u32.encodeTo
  const isU32 = (key: unknown): key is number =>
    typeof key === 'number' && key >= 0 && key <= 0xffff_ffff && Number.isInteger(key)
  const keyOf = cachedKeys((key: K): StorageKey => {
    if (u32Keys && isU32(key)) return prefix + u32KeyHex(spec.hasher, key)
    return prefix + hashKeyHex(spec.hasher, encode(spec.key, key))
  })
  const decodeKey = (storageKey: StorageKey): K =>
    decode(spec.key, hexToBytes(storageKey.slice(skip)))
  return {
    ...spec,
    name,
    prefix,
    keyOf,
    decodeKey,
    get: (io, key) => {
      const raw = io.get(keyOf(key))
      return (raw === undefined ? readDefault(spec.default) : decode(spec.shape, raw)) as Read<V, Q>
    },
    set: (io, key, value) => io.set(keyOf(key), encode(spec.shape, value)),
    mutate: (io, key, update) => {
      const storageKey = keyOf(key)
      const raw = io.get(storageKey)
      const next = update(
        (raw === undefined ? spec.default : decode(spec.shape, raw)) as Read<V, Q>,
      )
      io.set(storageKey, encode(spec.shape, next))
      return next
    },
    remove: (io, key) => io.delete(keyOf(key)),
    contains: (io, key) => io.has(keyOf(key)),
    *entries(io) {
      for (const storageKey of io.keys(prefix)) {
        const raw = io.get(storageKey)
        if (raw !== undefined) yield [decodeKey(storageKey), decode(spec.shape, raw)]
      }
    },
  }
}

type Bound<S> =
  S extends ValueSpec<infer T, infer Q>
    ? BoundValue<T, Q>
    : S extends MapSpec<infer K, infer V, infer Q>
      ? BoundMap<K, V, Q>
      : never

/** A pallet's storage items, bound under its prefix. */
export type BoundStorage<S> = { readonly [N in keyof S]: Bound<S[N]> }

/**
 * Binds storage declarations to a pallet's storage prefix, giving each its Substrate key:
 * `twox128(prefix) ++ twox128(name) ++ hasher(SCALE(key))`.
 *
 * @example const storage = bindStorage('CritterNfts', { NextPetId: storageValue(u32, { query: 'Value', default: 0 }) })
 */
export const bindStorage = <
  S extends Record<string, ValueSpec<unknown, Query> | MapSpec<unknown, unknown, Query>>,
>(
  pallet: string,
  specs: S,
): BoundStorage<S> => {
  const out: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = spec.kind === 'value' ? bindValue(pallet, name, spec) : bindMap(pallet, name, spec)
  }
  return out as BoundStorage<S>
}

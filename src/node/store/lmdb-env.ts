import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Database, open, type RootDatabase } from 'lmdb'
import { StoreError } from './store-error.ts'

/** A database of raw byte keys and raw byte values. */
export type BytesDb = Database<Buffer, Buffer>

/** The chain file: written once per block by the main thread, never rewritten. */
export interface ChainEnv {
  readonly root: RootDatabase
  /** u32be(number) → hash ++ SCALE header. */
  readonly headers: BytesDb
  /** u32be(number) → encoded extrinsics. */
  readonly bodies: BytesDb
  /** u32be(number) → the block's change record (see `encodeChanges`). */
  readonly changes: BytesDb
  /** hash → u32be(number). */
  readonly hashes: BytesDb
}

/** The state index: written only by the indexer, in large transactions. */
export interface IndexEnv {
  readonly root: RootDatabase
  /** key → u32be(block that set it) ++ value: the state after `indexedUpTo`. */
  readonly state: BytesDb
  /** historyKey(key, end) → u32be(start) ++ value: a value that held for blocks [start, end). */
  readonly history: BytesDb
  /** `INDEXED_UP_TO` → u32be(last indexed block). */
  readonly meta: BytesDb
}

/** Meta key of the last block the index holds. */
export const INDEXED_UP_TO = Buffer.from('indexedUpTo')
const FORMAT = Buffer.from('format')
const FORMAT_VERSION = Buffer.from('critter-store-1')

// A fixed, generous address-space reservation: growing the map from LMDB's small default means
// remapping, which measured both slower and (with mappings kept alive) heavier in resident memory.
// The chain file grows as needed; the index file, written through the map, is a sparse file of
// this size. LMDB grows the map if a store ever outgrows it.
const MAP_SIZE = 2 ** 34

const bytesDb = (root: RootDatabase, name: string): BytesDb =>
  root.openDB<Buffer, Buffer>({ name, keyEncoding: 'binary', encoding: 'binary' })

/** File of the chain environment inside a store directory. */
export const chainFile = (dir: string): string => join(dir, 'chain.mdb')
/** File of the index environment inside a store directory. */
export const indexFile = (dir: string): string => join(dir, 'index.mdb')

const checkFormat = (meta: BytesDb, what: string): void => {
  const format = meta.getBinary(FORMAT)
  if (format === undefined) meta.putSync(FORMAT, FORMAT_VERSION)
  else if (!format.equals(FORMAT_VERSION))
    throw new StoreError(
      'CORRUPT_STORE',
      `${what} has format ${format.toString()}, not critter-store-1`,
    )
}

/** Opens (creating if needed) the chain environment of a store directory. */
export const openChainEnv = (dir: string): ChainEnv => {
  mkdirSync(dir, { recursive: true })
  // separateFlushed: a put resolves when visible, and its `flushed` when on disk.
  const root = open({
    path: chainFile(dir),
    maxDbs: 8,
    separateFlushed: true,
    noMemInit: true,
    mapSize: MAP_SIZE,
  })
  const env = {
    root,
    headers: bytesDb(root, 'headers'),
    bodies: bytesDb(root, 'bodies'),
    changes: bytesDb(root, 'changes'),
    hashes: bytesDb(root, 'hashes'),
  }
  checkFormat(bytesDb(root, 'meta'), 'the chain file')
  return env
}

/** Options of the index environment. */
export interface IndexEnvOptions {
  /** Write through a writable memory map: much faster for large transactions. */
  readonly writemap: boolean
}

/** Opens (creating if needed) the index environment of a store directory. */
export const openIndexEnv = (dir: string, options: IndexEnvOptions): IndexEnv => {
  mkdirSync(dir, { recursive: true })
  const root = open({
    path: indexFile(dir),
    maxDbs: 8,
    noMemInit: true,
    useWritemap: options.writemap,
    mapSize: MAP_SIZE,
  })
  const meta = bytesDb(root, 'meta')
  checkFormat(meta, 'the index file')
  return { root, state: bytesDb(root, 'state'), history: bytesDb(root, 'history'), meta }
}

/** The last block the index holds in the current read snapshot, or -1. */
export const readIndexedUpTo = (index: IndexEnv): number =>
  index.meta.getBinary(INDEXED_UP_TO)?.readUInt32BE(0) ?? -1

/** The highest block number in the chain file, or -1 when empty. */
export const readChainTop = (chain: ChainEnv): number => {
  for (const key of chain.headers.getKeys({ reverse: true, limit: 1 })) return key.readUInt32BE(0)
  return -1
}

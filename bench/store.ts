// Block store benchmark: durable commits of blocks shaped like batch mints, beside the raw LMDB
// put rate measured in the same run, then random and historical reads.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { open } from 'lmdb'
import { type LmdbBlockStore, openLmdbStore, type StoredBlock } from '../src/node/store/index.ts'
import type { StorageKey } from '../src/runtime/index.ts'
import { fmt } from './measure.ts'

/** What `benchStore` measures. */
export interface StoreFigures {
  readonly pets: number
  readonly keysPerBlock: number
  /** Raw LMDB: random puts per second in durable 10,000-put transactions (one put per key). */
  readonly rawPutsPerSecond: number
  /** Raw LMDB: random gets per second on that database. */
  readonly rawGetsPerSecond: number
  /** Store: pets per second until every commit resolved, with the index held back. */
  readonly deferredCommitPetsPerSecond: number
  /** Store: state changes per second until every block's commit resolved (durable). */
  readonly commitKeysPerSecond: number
  /** Store: pets per second until every block's commit resolved (durable). */
  readonly commitPetsPerSecond: number
  /** Store: pets per second until the index also held every block. */
  readonly indexedPetsPerSecond: number
  /** Store: random current-state gets per second (served by the LMDB index). */
  readonly randomGetsPerSecond: number
  /** Store: reads per second at random past blocks of keys changed since (history seeks). */
  readonly historyReadsPerSecond: number
  /** Store: seconds to reopen (re-reading unindexed blocks) after the commits. */
  readonly reopenSeconds: number
  /** Process resident set after the run, MiB. */
  readonly rssMiB: number
}

/** Options of `benchStore`. */
export interface StoreBenchOptions {
  /** Pets to mint for the throughput figures (default 200,000). */
  readonly pets?: number
  /** Pets per block (default 2,000, in 128-pet batch extrinsics). */
  readonly petsPerBlock?: number
  /** Also build a chain of this many pets (blocks made on the fly) for memory and reopen. */
  readonly scalePets?: number
}

/** What the scale phase of `benchStore` measures. */
export interface StoreScaleFigures {
  readonly pets: number
  /** Seconds to commit and index every pet (blocks built inside the loop). */
  readonly seconds: number
  /** Heap and resident set (MiB) with the most unindexed changes held, and after indexing. */
  readonly peakHeapMiB: number
  readonly peakRssMiB: number
  readonly finalRssMiB: number
  /** Reopen seconds with the index caught up, and with the most unindexed blocks to re-read. */
  readonly reopenSeconds: number
  readonly reopenLaggingSeconds: number
  /** Unindexed changes re-read by the lagging reopen. */
  readonly laggingChanges: number
  /** Space used on disk (allocated blocks). */
  readonly diskMiB: number
}

const OWNERS = 16
const PER_EXTRINSIC = 128

// A fast deterministic byte source stands in for blake2 and twox outputs in keys.
let seed = 0x9e3779b9
const nextWord = (): number => {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return seed >>> 0
}
const hexWords = (words: number): string => {
  let s = ''
  for (let i = 0; i < words; i++) s += nextWord().toString(16).padStart(8, '0')
  return s
}
const u32le = (n: number): string =>
  [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]
    .map(b => b.toString(16).padStart(2, '0'))
    .join('')

const bytes = (length: number): Uint8Array => randomBytes(length)

// Item prefixes (twox128(pallet) ++ twox128(item)) of the keys a batch mint writes.
const PREFIX = {
  petNfts: hexWords(8),
  petOwner: hexWords(8),
  petVersion: hexWords(8),
  ownerOfPet: hexWords(8),
  account: hexWords(8),
  events: hexWords(8),
  nextPetId: hexWords(8),
  number: hexWords(8),
  parentHash: hexWords(8),
}
const owners = Array.from({ length: OWNERS }, () => hexWords(12) + hexWords(8))

/**
 * A block shaped like the runtime's own 2,000-pet batch-mint block (measured from its change
 * set): per pet three new 52-byte keys (PetNfts ~83 B, PetNftOwner 32 B, PetStateVersions 4 B);
 * per block the 16 owners' pet lists (~500 B) and accounts (80 B), System.Events (~247 B per
 * pet), and a few small System values, all overwritten every block.
 */
const mintBlock = (number: number, firstPet: number, pets: number): StoredBlock => {
  const changes = new Map<StorageKey, Uint8Array | null>()
  for (let id = firstPet; id < firstPet + pets; id++) {
    const tail = hexWords(4) + u32le(id)
    changes.set(PREFIX.petNfts + tail, bytes(83))
    changes.set(PREFIX.petOwner + tail, bytes(32))
    changes.set(PREFIX.petVersion + tail, bytes(4))
  }
  for (const owner of owners) {
    changes.set(PREFIX.ownerOfPet + owner, bytes(500))
    changes.set(PREFIX.account + owner, bytes(80))
  }
  changes.set(PREFIX.events, bytes(247 * pets))
  changes.set(PREFIX.nextPetId, bytes(4))
  changes.set(PREFIX.number, bytes(4))
  changes.set(PREFIX.parentHash, bytes(32))
  const extrinsics: Uint8Array[] = []
  for (let i = 0; i < pets; i += PER_EXTRINSIC) extrinsics.push(bytes(24 * PER_EXTRINSIC + 110))
  return { number, hash: bytes(32), header: bytes(120), extrinsics, changes }
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9
const mib = (bytes: number): number => bytes / 2 ** 20
const collect = (): void => (globalThis as { gc?: () => void }).gc?.()

/** Commits `blocks` blocks from `firstBlock`, a few in flight, building each just before. */
const commitMany = async (
  store: LmdbBlockStore,
  firstBlock: number,
  firstPet: number,
  pets: number,
  perBlock: number,
  onBlock: () => void = () => {},
): Promise<number> => {
  const inFlight = new Set<Promise<void>>()
  let number = firstBlock
  for (let pet = firstPet; pet < firstPet + pets; pet += perBlock) {
    const done = store.commit(mintBlock(number++, pet, Math.min(perBlock, firstPet + pets - pet)))
    inFlight.add(done)
    void done.then(() => inFlight.delete(done))
    if (inFlight.size >= 8) await Promise.race(inFlight)
    onBlock()
  }
  await Promise.all(inFlight)
  return number
}

/**
 * A chain of `pets` pets for memory and restart: heap and RSS at the largest unindexed backlog
 * and after indexing, reopen time with the index caught up and with a full backlog to re-read.
 */
const benchScale = async (
  dir: string,
  pets: number,
  perBlock: number,
): Promise<StoreScaleFigures> => {
  const path = join(dir, 'scale')
  let store = await openLmdbStore({ path })
  await store.commit(mintBlock(0, 0, 0))
  let peakHeap = 0
  let peakRss = 0
  let peakPending = 0
  const start = process.hrtime.bigint()
  let next = await commitMany(store, 1, 0, pets, perBlock, () => {
    const pending = store.stats().pendingChanges
    if (pending < peakPending) return
    peakPending = pending
    const usage = process.memoryUsage()
    peakHeap = Math.max(peakHeap, usage.heapUsed)
    peakRss = Math.max(peakRss, usage.rss)
  })
  await store.syncIndex()
  const total = seconds(start)
  await store.close()
  collect()
  let reopenStart = process.hrtime.bigint()
  store = await openLmdbStore({ path })
  const reopen = seconds(reopenStart)
  const finalRss = process.memoryUsage().rss
  await store.close()
  // A full backlog: blocks committed with indexing held back, up to the default memory bound.
  store = await openLmdbStore({ path, indexer: 'manual' })
  const backlogPets =
    Math.floor(500_000 / ((mintBlock(1, 0, perBlock).changes.size / perBlock) * perBlock)) *
    perBlock
  next = await commitMany(store, next, pets, backlogPets, perBlock)
  const laggingChanges = store.stats().pendingChanges
  await store.close()
  collect()
  reopenStart = process.hrtime.bigint()
  store = await openLmdbStore({ path })
  const reopenLagging = seconds(reopenStart)
  await store.syncIndex()
  await store.close()
  let disk = 0
  // Allocated blocks, not apparent size: the index file is sparse (ADR 0005).
  for (const name of readdirSync(path)) disk += statSync(join(path, name)).blocks * 512
  return {
    pets,
    seconds: total,
    peakHeapMiB: mib(peakHeap),
    peakRssMiB: mib(peakRss),
    finalRssMiB: mib(finalRss),
    reopenSeconds: reopen,
    reopenLaggingSeconds: reopenLagging,
    laggingChanges,
    diskMiB: mib(disk),
  }
}

/** Raw LMDB: `count` random 52-byte keys with 83-byte values, 10,000 per durable transaction. */
const rawLmdb = (dir: string, count: number): { puts: number; gets: number } => {
  const root = open({ path: join(dir, 'raw.mdb') })
  const db = root.openDB<Buffer, Buffer>({ name: 'raw', keyEncoding: 'binary', encoding: 'binary' })
  const keys = Array.from({ length: count }, () => randomBytes(52))
  const value = randomBytes(83)
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i += 10_000)
    db.transactionSync(() => {
      for (let j = i; j < Math.min(i + 10_000, count); j++) db.putSync(keys[j] as Buffer, value)
    })
  const puts = count / seconds(start)
  const gets = 200_000
  const getStart = process.hrtime.bigint()
  for (let i = 0; i < gets; i++) db.getBinaryFast(keys[nextWord() % count] as Buffer)
  const getRate = gets / seconds(getStart)
  void root.close()
  return { puts, gets: getRate }
}

/**
 * Durable commit throughput of batch-mint blocks, beside raw LMDB put and get rates measured in
 * the same run; then random current-state gets, historical reads, and reopen time.
 *
 * @example npx tsx -e "import('./bench/store.ts').then(m => m.benchStore())"
 */
export const benchStore = async (
  options: StoreBenchOptions = {},
): Promise<StoreFigures & { scale?: StoreScaleFigures }> => {
  const pets = options.pets ?? 200_000
  const perBlock = options.petsPerBlock ?? 2_000
  const blockCount = Math.ceil(pets / perBlock)
  const dir = mkdtempSync(join(tmpdir(), 'critter-bench-store-'))
  try {
    console.log(`  building ${blockCount} blocks of ${fmt(perBlock)} pets (outside the timing)`)
    const blocks = [mintBlock(0, 0, 0)]
    for (let b = 1; b <= blockCount; b++)
      blocks.push(mintBlock(b, (b - 1) * perBlock, Math.min(perBlock, pets - (b - 1) * perBlock)))
    const keysPerBlock = (blocks[1] as StoredBlock).changes.size
    const totalKeys = blocks.reduce((n, b) => n + b.changes.size, 0)

    const raw = rawLmdb(dir, Math.min(totalKeys, 600_000))
    console.log(
      `  limit: raw LMDB ${fmt(raw.puts)} puts/s (random keys, durable 10k-put transactions), ${fmt(raw.gets)} gets/s`,
    )

    const committed = totalKeys - (blocks[0] as StoredBlock).changes.size
    /** Commits every block, up to 8 in flight; seconds until the last is durable. */
    const commitAll = async (store: LmdbBlockStore): Promise<number> => {
      await store.commit(blocks[0] as StoredBlock)
      await store.syncIndex()
      const start = process.hrtime.bigint()
      const inFlight = new Set<Promise<void>>()
      for (let b = 1; b <= blockCount; b++) {
        const done = store.commit(blocks[b] as StoredBlock)
        inFlight.add(done)
        void done.then(() => inFlight.delete(done))
        if (inFlight.size >= 8) await Promise.race(inFlight)
      }
      await Promise.all(inFlight)
      return seconds(start)
    }

    // The write path alone: the index is held back (manual indexer), as in a burst under the
    // backlog bound.
    const deferred = await openLmdbStore({ path: join(dir, 'deferred'), indexer: 'manual' })
    const deferredSeconds = await commitAll(deferred)
    await deferred.close()
    console.log(
      `  durable commits, index deferred: ${fmt(pets / deferredSeconds)} pets/s, ${fmt(committed / deferredSeconds)} keys/s ` +
        `(${fmt(pets)} pets, ${blockCount} blocks of ${fmt(keysPerBlock)} keys)`,
    )

    const path = join(dir, 'store')
    let store: LmdbBlockStore = await openLmdbStore({ path })
    const start = process.hrtime.bigint()
    const commitSeconds = await commitAll(store)
    const lagAtEnd = store.stats()
    await store.syncIndex()
    const indexSeconds = seconds(start)
    const stats = store.stats()
    const commitPets = pets / commitSeconds
    console.log(
      `  durable commits, indexer running: ${fmt(commitPets)} pets/s, ${fmt(committed / commitSeconds)} keys/s ` +
        `(${fmt(lagAtEnd.pendingChanges)} changes still unindexed at the last commit)`,
    )
    console.log(
      `  index caught up: ${fmt(pets / indexSeconds)} pets/s overall (${stats.indexBatches} batches, ` +
        `${fmt(stats.indexedChanges / (stats.indexMs / 1000))} changes/s inside index transactions)`,
    )

    const petKeys: StorageKey[] = []
    for (let b = 1; b <= blockCount; b++)
      for (const key of (blocks[b] as StoredBlock).changes.keys())
        if (key.startsWith(PREFIX.petNfts)) petKeys.push(key)
    const gets = 200_000
    let getStart = process.hrtime.bigint()
    let found = 0
    for (let i = 0; i < gets; i++)
      if (store.state.get(petKeys[nextWord() % petKeys.length] as StorageKey)) found++
    const randomGets = gets / seconds(getStart)
    if (found !== gets) throw new RangeError(`only ${found} of ${gets} pets found`)

    const history = 50_000
    getStart = process.hrtime.bigint()
    for (let i = 0; i < history; i++) {
      const n = 1 + (nextWord() % (blockCount - 1))
      const key = PREFIX.ownerOfPet + (owners[nextWord() % OWNERS] as string)
      if (store.stateAt(n)?.get(key) === undefined) throw new RangeError('history read missed')
    }
    const historyReads = history / seconds(getStart)
    console.log(
      `  reads: ${fmt(randomGets)} random gets/s (limit: raw LMDB above), ${fmt(historyReads)} history reads/s (past value of a key overwritten since)`,
    )

    await store.close()
    const reopenStart = process.hrtime.bigint()
    store = await openLmdbStore({ path })
    const reopenSeconds = seconds(reopenStart)
    await store.close()
    const rssMiB = mib(process.memoryUsage().rss)
    console.log(
      `  reopen ${reopenSeconds.toFixed(2)} s; process RSS ${fmt(rssMiB)} MiB (includes the pre-built blocks)`,
    )
    const figures: StoreFigures = {
      pets,
      keysPerBlock,
      rawPutsPerSecond: raw.puts,
      rawGetsPerSecond: raw.gets,
      deferredCommitPetsPerSecond: pets / deferredSeconds,
      commitKeysPerSecond: committed / commitSeconds,
      commitPetsPerSecond: commitPets,
      indexedPetsPerSecond: pets / indexSeconds,
      randomGetsPerSecond: randomGets,
      historyReadsPerSecond: historyReads,
      reopenSeconds,
      rssMiB,
    }
    if (options.scalePets === undefined) return figures
    blocks.length = 0
    collect()
    const scale = await benchScale(dir, options.scalePets, perBlock)
    console.log(
      `  ${fmt(scale.pets)} pets: committed and indexed in ${scale.seconds.toFixed(1)} s ` +
        `(${fmt(scale.pets / scale.seconds)} pets/s, blocks built in the loop); ${fmt(scale.diskMiB)} MiB on disk`,
    )
    console.log(
      `    memory: heap ${fmt(scale.peakHeapMiB)} MiB, RSS ${fmt(scale.peakRssMiB)} MiB at the largest backlog; ` +
        `RSS ${fmt(scale.finalRssMiB)} MiB after reopening`,
    )
    console.log(
      `    reopen: ${scale.reopenSeconds.toFixed(2)} s indexed, ${scale.reopenLaggingSeconds.toFixed(2)} s ` +
        `re-reading ${fmt(scale.laggingChanges)} unindexed changes`,
    )
    return { ...figures, scale }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

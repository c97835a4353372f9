import { ABORT, type TransactionFlags } from 'lmdb'
import { historyKey } from './history-key.ts'
import { type ChainEnv, INDEXED_UP_TO, type IndexEnv, readIndexedUpTo } from './lmdb-env.ts'
import { DELETION, forEachChange, u32be } from './record-codec.ts'
import { StoreError } from './store-error.ts'

/** What one index transaction did. */
export interface IndexedBatch {
  /** The last block the index now holds. */
  readonly upTo: number
  /** Blocks indexed. */
  readonly blocks: number
  /** State changes indexed. */
  readonly changes: number
}

const WORD = 0x1_0000_0000
// Commit flags: synchronous, but do not wait for the disk flush; the index can always be rebuilt
// from the chain file, and its marker moves in the same transaction as its data.
const NO_FLUSH_WAIT = 0x10002 as TransactionFlags
const NO_OVERWRITE = { noOverwrite: true }

/**
 * Indexes the next blocks after the index's marker, up to `target`, in ONE transaction: their
 * change records are read from the chain file, grouped by key, and written in key order. Whole
 * blocks only; stops adding blocks once `maxChanges` is reached (always at least one block).
 *
 * Per key: the previous value (if the key existed) moves to the history db as the value that held
 * for [its start, this block); the new value goes to the state db with this block as its start;
 * a deletion removes it. A key created fresh writes no history at all, so minting costs one put per
 * key. The marker moves in the same transaction, so a crash leaves all of a batch or none of it.
 *
 * Returns `undefined` when there was nothing to do or `shouldStop` aborted the transaction.
 */
export const indexNextBlocks = (
  chain: ChainEnv,
  index: IndexEnv,
  target: number,
  maxChanges: number,
  shouldStop: () => boolean = () => false,
): IndexedBatch | undefined => {
  index.meta.resetReadTxn()
  chain.changes.resetReadTxn()
  const from = readIndexedUpTo(index) + 1
  if (from > target) return undefined
  const records: Buffer[] = []
  // key (latin1: one char per byte, sorts as bytes) → packed (record, offset) entries, oldest first
  const groups = new Map<string, number | number[]>()
  let changes = 0
  for (let n = from; n <= target && (records.length === 0 || changes < maxChanges); n++) {
    const record = chain.changes.getBinary(u32be(n))
    if (record === undefined)
      throw new StoreError('CORRUPT_STORE', `block ${n} has no change record to index`)
    const recordIndex = records.length
    records.push(record)
    forEachChange(record, (keyStart, keyEnd, offset) => {
      const key = record.toString('latin1', keyStart, keyEnd)
      const packed = recordIndex * WORD + (offset + 1)
      const seen = groups.get(key)
      if (seen === undefined) groups.set(key, packed)
      else if (typeof seen === 'number') groups.set(key, [seen, packed])
      else seen.push(packed)
      changes++
    })
  }
  const upTo = from + records.length - 1
  const keys = [...groups.keys()].sort()
  let scratch = Buffer.allocUnsafe(4096)
  const newValue = (block: number, record: Buffer, offset: number): Buffer => {
    const length = record.readUInt32LE(offset)
    if (scratch.length < length + 4)
      scratch = Buffer.allocUnsafe(Math.max(length + 4, scratch.length * 2))
    scratch.writeUInt32BE(block, 0)
    record.copy(scratch, 4, offset + 4, offset + 4 + length)
    return scratch.subarray(0, length + 4)
  }

  const result = index.root.transactionSync(() => {
    let done = 0
    let keyScratch = Buffer.allocUnsafe(256)
    for (const key of keys) {
      if ((++done & 1023) === 0 && shouldStop()) return ABORT
      if (keyScratch.length < key.length) keyScratch = Buffer.allocUnsafe(key.length * 2)
      const keyBytes = keyScratch.subarray(0, keyScratch.write(key, 0, 'latin1'))
      const entries = groups.get(key) as number | number[]
      if (typeof entries === 'number' && entries % WORD !== 0) {
        // The common case, one new value: a put that refuses to overwrite settles a fresh key
        // (every key a mint creates) in one B-tree descent.
        const recordIndex = Math.floor(entries / WORD)
        const block = from + recordIndex
        const value = newValue(block, records[recordIndex] as Buffer, (entries % WORD) - 1)
        if (index.state.putSync(keyBytes, value, NO_OVERWRITE) as unknown as boolean) continue
        const previous = index.state.getBinary(keyBytes) as Buffer
        index.history.putSync(historyKey(keyBytes, block), previous)
        index.state.putSync(keyBytes, value)
        continue
      }
      const existing = index.state.getBinary(keyBytes)
      let current: Buffer | undefined = existing
      const list = typeof entries === 'number' ? [entries] : entries
      for (let i = 0; i < list.length; i++) {
        const packed = list[i] as number
        const recordIndex = Math.floor(packed / WORD)
        const offset = (packed % WORD) - 1
        const block = from + recordIndex
        if (current !== undefined) index.history.putSync(historyKey(keyBytes, block), current)
        if (offset === DELETION) current = undefined
        else {
          const value = newValue(block, records[recordIndex] as Buffer, offset)
          // The scratch buffer is reused: keep a copy if a later version still needs this one.
          current = i === list.length - 1 ? value : Buffer.from(value)
        }
      }
      if (current !== undefined) index.state.putSync(keyBytes, current)
      else if (existing !== undefined) index.state.removeSync(keyBytes)
    }
    index.meta.putSync(INDEXED_UP_TO, u32be(upTo))
    return true
  }, NO_FLUSH_WAIT)
  if (result === ABORT) return undefined
  return { upTo, blocks: records.length, changes }
}

// The generator's block writer: the node's block path (check, verify, apply, finalize, roots,
// durable LMDB commit) without its pool, and with commits pipelined. `Chain.produceBlock` waits for
// each block to be on disk before building the next; here the next block is built while earlier
// ones are being flushed (the store serves a committed block's state at once), which is what makes
// a million changes take about a minute instead of four.
import { join } from 'node:path'
import { encodeHeader, extrinsicsRoot, type GenesisBlock, stateRoot } from '../../src/node/index.ts'
import { openLmdbStore } from '../../src/node/store/index.ts'
import { verifySignature } from '../../src/primitives/index.ts'
import {
  beginBlock,
  type Header,
  headerHash,
  parseExtrinsic,
  type Runtime,
  type StorageBackend,
} from '../../src/runtime/index.ts'

/** Appends blocks to a new chain in `basePath`, as a node with the same runtime would build them. */
export interface BlockWriter {
  readonly genesisHash: Uint8Array
  readonly best: { readonly number: number; readonly hash: Uint8Array }
  /** The current state (the last block's, even before it is durable). */
  readonly state: StorageBackend
  /**
   * Builds the next block of `extrinsics` (each must verify and succeed) and starts its commit;
   * resolves with its event count once few enough earlier commits are still in flight.
   */
  block(extrinsics: readonly Uint8Array[]): Promise<number>
  /** Waits for every block to be durable and closes the store. */
  close(): Promise<void>
}

// Blocks whose commit may still be in flight while later ones are built.
const IN_FLIGHT = 16

/** Opens a new store at `basePath` (as `createNode` lays it out) and commits `genesis`. */
export const openBlockWriter = async (
  runtime: Runtime,
  genesis: GenesisBlock,
  basePath: string,
): Promise<BlockWriter> => {
  const store = await openLmdbStore({ path: join(basePath, 'chain') })
  const commits: Promise<void>[] = []
  const commit = (block: Parameters<typeof store.commit>[0]) => {
    commits.push(store.commit(block))
  }
  commit({
    number: 0,
    hash: genesis.hash,
    header: genesis.encodedHeader,
    extrinsics: [],
    changes: genesis.changes,
  })
  let parent: { number: number; hash: Uint8Array; header: Header } = {
    number: 0,
    hash: genesis.hash,
    header: genesis.header,
  }
  const hashes = [genesis.hash]
  return {
    genesisHash: genesis.hash,
    get best() {
      return parent
    },
    get state() {
      return store.state
    },
    async block(extrinsics) {
      const number = parent.number + 1
      await commits[number - IN_FLIGHT]
      const view = {
        specVersion: runtime.version.spec_version,
        transactionVersion: runtime.version.transaction_version,
        genesisHash: genesis.hash,
        blockNumber: number,
        blockHash: (n: number) => hashes[n],
      }
      const builder = beginBlock(runtime, store.state, { number, parentHash: parent.hash })
      for (const bytes of extrinsics) {
        const parsed = parseExtrinsic(runtime, bytes, view)
        if (parsed.type === 'Err' || parsed.value.signed === undefined)
          throw new RangeError(`block ${number}: ${JSON.stringify(parsed.value)}`)
        const { signed, call } = parsed.value
        if (!verifySignature(signed.signature)) throw new RangeError(`block ${number}: bad proof`)
        const result = builder.applyExtrinsic({
          origin: { type: 'Signed', value: signed.signer },
          nonce: signed.nonce,
          call,
        })
        if (result.type === 'Err' || result.value.type === 'Err')
          throw new RangeError(`block ${number}: ${JSON.stringify(result.value)}`)
      }
      const events = builder.context.eventCount
      const finalized = builder.finalize()
      const header: Header = {
        parentHash: parent.hash,
        number,
        stateRoot: stateRoot(parent.header.stateRoot, finalized.changes),
        extrinsicsRoot: extrinsicsRoot(extrinsics),
        digest: { logs: [] },
      }
      const hash = headerHash(header)
      const body = [...extrinsics]
      commit({
        number,
        hash,
        header: encodeHeader(header),
        extrinsics: body,
        changes: finalized.changes,
      })
      parent = { number, hash, header }
      hashes.push(hash)
      return events
    },
    async close() {
      await Promise.all(commits)
      await store.close()
    },
  }
}

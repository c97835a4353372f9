// The sync benchmark's chain: a persistent dev chain of more than 1,000,000 pet changes, built once
// and cached under .bench-cache/, keyed by the parameters below, the runtime's code (its spec
// version and metadata hash) and the genesis hash; a build for new code removes the chain the same
// parameters built for older code. (After a change to the node's store format, delete the folder.)
// Run alone to build or find it:
//   npx tsx bench/sync/chain.ts [JSON]   prints the chain's stats as one JSON line ({"type":"chain",…});
//                                        JSON overrides parameters, e.g. '{"accounts":40}'
//
// How it is built: the dev runtime with the default CritterNfts config (so any client's default
// runtime decodes it), fresh ed25519 accounts (System charges no fees: an account needs no
// balance), every extrinsic signed, parsed, verified and applied as the node does, and each block
// committed durably to the node's LMDB store (build.ts). At the end `createNode` opens the chain
// and must find its head and every pet.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readOnlyIO } from '../../src/node/chain/read-only-io.ts'
import { createNode, createNodeRuntime } from '../../src/node/index.ts'
import {
  blake2_256,
  bytesToHex,
  initCrypto,
  type Keypair,
  keypairFromSeed,
  utf8,
} from '../../src/primitives/index.ts'
import {
  critterCall,
  type RuntimeCall,
  runtimeCode,
  signExtrinsic,
} from '../../src/runtime/index.ts'
import { openBlockWriter } from './build.ts'
import { diskBytes, exitWithParent, report } from './processes.ts'

/** What the chain holds; every value is part of the cache key. */
export interface ChainParams {
  /** Signing accounts, each minting `petsPerAccount` pets (at most MaxOwnedPets, 1,024). */
  readonly accounts: number
  /** Pets per account, a multiple of `batch`. */
  readonly petsPerAccount: number
  /** Metadata rounds: each updates every pet once (odd rounds the name, even ones name and traits). */
  readonly rounds: number
  /** Pets per batch extrinsic (at most MaxBatchSize, 128). */
  readonly batch: number
  /** Batch extrinsics per block (feeds: `batch` times as many single extrinsics). */
  readonly extrinsicsPerBlock: number
  /** Every `feedEvery`-th pet is fed once at the end (`feed_pet`, one signed extrinsic each). */
  readonly feedEvery: number
}

/** The default chain: 200,448 pets, 4 update rounds and 12,528 feeds, 1,014,768 changes. */
export const DEFAULT_CHAIN: ChainParams = {
  accounts: 261,
  petsPerAccount: 768,
  rounds: 4,
  batch: 128,
  extrinsicsPerBlock: 2,
  feedEvery: 16,
}

/** The cached chain, as `done.json` records it. */
export interface ChainInfo {
  readonly params: ChainParams
  /** The node's base path (pass it to `createNode({ dev: true, basePath })`). */
  readonly basePath: string
  readonly head: { readonly number: number; readonly hash: string }
  readonly extrinsics: number
  /** Pet changes: mints plus version bumps. */
  readonly changes: number
  /** Every event of every block (System's included). */
  readonly events: number
  /** Events of the CritterNfts pallet. */
  readonly critterEvents: number
  /** How long building took, in seconds. */
  readonly generateSeconds: number
  /** Size of the cached store on disk. */
  readonly bytes: number
  /** Whether this call built the chain (false: it was found in the cache). */
  readonly generated: boolean
}

// Bump when the chain this file builds changes in a way its parameters do not show.
const GENERATOR_VERSION = 1
const CACHE = join(import.meta.dirname, '..', '..', '.bench-cache')

// The runtime's code names its spec version and metadata hash; the genesis hash commits to it too,
// and to the dev accounts and the CritterNfts config.
const cacheKey = (params: ChainParams): string => {
  const { runtime, genesis } = createNodeRuntime({ dev: true })
  const code = new TextDecoder().decode(runtimeCode(runtime))
  const text = JSON.stringify({
    GENERATOR_VERSION,
    params,
    code,
    genesis: bytesToHex(genesis.hash),
  })
  return bytesToHex(blake2_256(utf8(text))).slice(2, 18)
}

const account = (i: number): Keypair =>
  keypairFromSeed(blake2_256(utf8(`critter bench sync account ${i}`)), 'Ed25519')

interface Tx {
  readonly signer: number
  readonly call: RuntimeCall
}

/** Builds the chain into `basePath`; returns its counts. */
const generate = async (
  params: ChainParams,
  basePath: string,
): Promise<Omit<ChainInfo, 'bytes'>> => {
  const started = performance.now()
  const { runtime, critter, genesis } = createNodeRuntime({ dev: true })
  const writer = await openBlockWriter(runtime, genesis, basePath)
  const signers = Array.from({ length: params.accounts }, (_, i) => account(i))
  const nonces = new Array<number>(params.accounts).fill(0)
  const totals = { extrinsics: 0, events: 0 }
  const state = () => readOnlyIO(writer.state)

  const sealAll = async (txs: readonly Tx[], perBlock: number): Promise<void> => {
    for (let i = 0; i < txs.length; i += perBlock) {
      const bytes = txs.slice(i, i + perBlock).map(tx => {
        const nonce = nonces[tx.signer] ?? 0
        nonces[tx.signer] = nonce + 1
        const signer = signers[tx.signer] as Keypair
        return signExtrinsic(runtime, { call: tx.call, signer, nonce, genesisHash: genesis.hash })
      })
      totals.events += await writer.block(bytes)
      totals.extrinsics += bytes.length
    }
  }
  // Mints: round-robin over accounts, so every block has several signers.
  const mints: Tx[] = []
  for (let b = 0; b < params.petsPerAccount / params.batch; b++) {
    for (let a = 0; a < params.accounts; a++) {
      const pets = Array.from({ length: params.batch }, (_, j): [Uint8Array, Uint8Array] => [
        utf8(`species${(a + j) % 7}`),
        utf8(`a${a}-p${b * params.batch + j}`),
      ])
      mints.push({ signer: a, call: critterCall('batch_mint_pet_nfts', { pets }) })
    }
  }
  await sealAll(mints, params.extrinsicsPerBlock)
  const owned = signers.map(s => critter.storage.OwnerOfPet.get(state(), s.publicKey))

  for (let round = 1; round <= params.rounds; round++) {
    const updates: Tx[] = []
    for (let b = 0; b < params.petsPerAccount / params.batch; b++) {
      owned.forEach((ids, a) => {
        const chunk = ids.slice(b * params.batch, (b + 1) * params.batch)
        const traits = round % 2 === 0 ? [utf8('curious'), utf8(`round${round}`)] : undefined
        const list = chunk.map(pet_id => ({
          pet_id,
          name: utf8(`r${round}-${pet_id}`),
          personality_traits: traits,
          expected_version: round,
        }))
        updates.push({
          signer: a,
          call: critterCall('batch_update_pet_metadata', { updates: list }),
        })
      })
    }
    await sealAll(updates, params.extrinsicsPerBlock)
  }
  const feeds: Tx[] = []
  owned.forEach((ids, a) => {
    for (const pet_id of ids)
      if (pet_id % params.feedEvery === 0)
        feeds.push({ signer: a, call: critterCall('feed_pet', { pet_id, food_item_id: pet_id }) })
  })
  await sealAll(feeds, params.extrinsicsPerBlock * params.batch)

  const pets = params.accounts * params.petsPerAccount
  const head = writer.best
  await writer.close()
  // The node opens what was written (same genesis) and finds every pet.
  const node = await createNode({ dev: true, basePath, rpcPort: 0, seal: { type: 'manual' } })
  const counted = critter.storage.NextPetId.get(readOnlyIO(node.chain.store.state))
  const best = node.chain.best.number
  await node.close()
  if (counted !== pets || best !== head.number)
    throw new RangeError(`expected ${pets} pets at block ${head.number}: ${counted} at ${best}`)
  return {
    params,
    basePath,
    head: { number: head.number, hash: bytesToHex(head.hash) },
    extrinsics: totals.extrinsics,
    changes: pets * (1 + params.rounds) + feeds.length,
    events: totals.events,
    // Per mint 2, per update 1 + aspects, per feed 1 + aspects (+ level-up): counted from the
    // non-System events, which are one ExtrinsicSuccess per extrinsic plus one NewAccount per signer.
    critterEvents: totals.events - totals.extrinsics - params.accounts,
    generateSeconds: (performance.now() - started) / 1000,
    generated: true,
  }
}

/** Removes chains built with these parameters for other runtime code (1.4 GiB each). */
const removeStale = (params: ChainParams, keep: string): void => {
  for (const name of readdirSync(CACHE)) {
    const dir = join(CACHE, name)
    const done = join(dir, 'done.json')
    if (dir === keep || !name.startsWith('sync-chain-') || !existsSync(done)) continue
    const other = (JSON.parse(readFileSync(done, 'utf8')) as ChainInfo).params
    if (JSON.stringify(other) === JSON.stringify(params))
      rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The benchmark chain for `params`: found in .bench-cache/ or built there (minutes) and recorded
 * in its `done.json`, so an interrupted build is started over.
 */
export const syncChain = async (params: ChainParams = DEFAULT_CHAIN): Promise<ChainInfo> => {
  const dir = join(CACHE, `sync-chain-${cacheKey(params)}`)
  const done = join(dir, 'done.json')
  if (existsSync(done))
    return { ...(JSON.parse(readFileSync(done, 'utf8')) as ChainInfo), generated: false }
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const built = await generate(params, join(dir, 'node'))
  const info: ChainInfo = { ...built, bytes: diskBytes(dir) }
  writeFileSync(done, `${JSON.stringify(info, null, 2)}\n`)
  removeStale(params, dir)
  return info
}

if (import.meta.filename === process.argv[1]) {
  exitWithParent()
  await initCrypto()
  const given = process.argv[2]
  const params = given === undefined ? DEFAULT_CHAIN : { ...DEFAULT_CHAIN, ...JSON.parse(given) }
  report({ type: 'chain', ...(await syncChain(params)) })
  process.exit(0)
}

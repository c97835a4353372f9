import { DEV_ACCOUNTS, devKeypair } from '../primitives/index.ts'
import {
  type CritterNfts,
  type CritterNftsConfig,
  createCritterNfts,
  createRuntime,
  type GenesisOptions,
  type Runtime,
  runtimeCode,
} from '../runtime/index.ts'
import { buildGenesisBlock, type GenesisBlock } from './chain/genesis-block.ts'

/** The runtime a node runs and the genesis it starts from. */
export interface NodeRuntime {
  readonly runtime: Runtime
  readonly critter: CritterNfts
  readonly genesis: GenesisBlock
}

/** Options of `createNodeRuntime`. */
export interface NodeRuntimeOptions {
  /** Start with the dev accounts (//Alice to //Ferdie, sr25519) in System.Account. */
  readonly dev: boolean
  /** CritterNfts limits and tuning; every value becomes a metadata constant. */
  readonly critter?: Partial<CritterNftsConfig>
}

/**
 * Composes the critter runtime (System + CritterNfts at index 8) and its genesis block. Two nodes
 * with the same options build the same genesis hash.
 *
 * @example const { runtime, genesis } = createNodeRuntime({ dev: true })
 */
export const createNodeRuntime = (options: NodeRuntimeOptions): NodeRuntime => {
  const critter = createCritterNfts(
    options.critter === undefined ? {} : { config: options.critter },
  )
  const runtime = createRuntime({ pallets: [critter.pallet] })
  const genesisOptions: GenesisOptions = {
    accounts: options.dev ? DEV_ACCOUNTS.map(name => devKeypair(name).publicKey) : [],
  }
  const genesis = buildGenesisBlock(runtime, runtimeCode(runtime), genesisOptions)
  return { runtime, critter, genesis }
}

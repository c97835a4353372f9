import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { devKeypair, utf8 } from '../primitives/index.ts'
import { type ParsedExtrinsic, parseExtrinsic } from '../runtime/index.ts'
import { type BlockAuthor, createBlockAuthor, type SealMode } from './chain/block-author.ts'
import { type BlockLimits, Chain } from './chain/chain.ts'
import { createVerifierPool, type VerifierPool } from './crypto/index.ts'
import { NodeFault } from './errors.ts'
import { type Logger, silentLogger } from './logger.ts'
import { checkNodeOptions } from './node-options.ts'
import { createNodeRuntime, type NodeRuntimeOptions } from './node-runtime.ts'
import { createRpcHandlers } from './rpc/handlers.ts'
import { createRpcServer, type RpcServerLimits } from './server/index.ts'
import { openLmdbStore } from './store/index.ts'
import { createTxPool, type TxPool } from './txpool/index.ts'

const EXHAUSTS_RESOURCES = {
  type: 'Err',
  value: { type: 'Validity', value: { type: 'Invalid', value: { type: 'ExhaustsResources' } } },
} as const

const warmUp = async (verifier: VerifierPool): Promise<void> => {
  const signer = devKeypair('Alice')
  const message = utf8('critter verifier warm-up')
  const check = {
    scheme: 'Sr25519',
    publicKey: signer.publicKey,
    message,
    signature: signer.sign(message),
  } as const
  const verdicts = await Promise.all(
    Array.from({ length: verifier.size * 2 }, () => verifier.verify([check])),
  )
  if (!verdicts.flat().every(Boolean))
    throw new NodeFault('INVALID_OPTIONS', 'the signature verifier rejects a valid signature')
}

/** Options of `createNode`. */
export interface NodeOptions {
  /** Where blocks and state live (LMDB). Required unless `dev`. */
  readonly basePath?: string
  /** A development chain: a temporary base path (removed on close) unless one is given, and the dev accounts at genesis. */
  readonly dev?: boolean
  /** JSON-RPC port, WebSocket and HTTP on one port; 0 picks a free one. Default 9944. */
  readonly rpcPort?: number
  /** JSON-RPC host. Default 127.0.0.1. */
  readonly rpcHost?: string
  /** Block production. Default instant. */
  readonly seal?: SealMode
  /** CritterNfts configuration (limits, tuning). */
  readonly critter?: NodeRuntimeOptions['critter']
  /** How much one block may hold. Default: Substrate's normal-class limits. */
  readonly blockLimits?: BlockLimits
  /** Signature verification threads. Default: one per core. */
  readonly verifierThreads?: number
  /** JSON-RPC limits (message size, batch size, subscriptions per connection). */
  readonly rpcLimits?: Partial<RpcServerLimits>
  /** Where the node logs; silent by default. */
  readonly logger?: Logger
  /** Called when the node cannot go on (its store failed); it should then be closed. */
  readonly onFatal?: (error: NodeFault) => void
}

/** A running node. */
export interface CritterNode {
  /** `ws://host:port` of the JSON-RPC server. */
  readonly url: string
  /** The port the JSON-RPC server listens on (the chosen one when 0 was asked). */
  readonly rpcPort: number
  /** Where the chain is stored (a temporary directory for a dev chain without one). */
  readonly basePath: string
  /** Blocks, state and block production. */
  readonly chain: Chain
  /** The transaction pool. */
  readonly pool: TxPool<ParsedExtrinsic>
  /** Drives block production; switch seal modes with `setMode`. */
  readonly author: BlockAuthor
  /** Stops producing, closes connections, flushes and closes the store. */
  close(): Promise<void>
}

/**
 * Starts a node: opens (or creates) the chain in `basePath`, starts the verifier threads, the
 * pool, block production and the JSON-RPC server.
 *
 * @example
 * const node = await createNode({ dev: true, rpcPort: 0, seal: { type: 'manual' } })
 * // ... connect a client to node.url
 * await node.close()
 */
export const createNode = async (options: NodeOptions = {}): Promise<CritterNode> => {
  checkNodeOptions(options)
  const logger = options.logger ?? silentLogger
  const dev = options.dev ?? false
  if (options.basePath === undefined && !dev) {
    throw new NodeFault(
      'INVALID_OPTIONS',
      'a base path is required unless the chain is a dev chain',
    )
  }
  const temporary = options.basePath === undefined
  const basePath = options.basePath ?? (await mkdtemp(join(tmpdir(), 'critter-dev-')))
  const { runtime, genesis } = createNodeRuntime(
    options.critter === undefined ? { dev } : { dev, critter: options.critter },
  )
  const store = await openLmdbStore({ path: join(basePath, 'chain') })
  const verifier = createVerifierPool(
    options.verifierThreads === undefined ? {} : { workers: options.verifierThreads },
  )
  // Workers load and initialise their crypto before the first transaction arrives, which
  // otherwise waits seconds behind them.
  await warmUp(verifier).catch(async (error: unknown) => {
    await Promise.allSettled([store.close(), verifier.close()])
    throw error
  })
  // The chain and the pool need each other (validation view, nonces); the pool only reads
  // through these closures after both exist.
  let chain: Chain | undefined
  const ready = (): Chain => {
    if (chain === undefined) throw new NodeFault('NODE_CLOSED', 'the chain is not open')
    return chain
  }
  const pool = createTxPool({
    parse: bytes => {
      const parsed = parseExtrinsic(runtime, bytes, ready().view())
      // CheckWeight / CheckLength: what can never fit in a block never enters the pool.
      if (parsed.type === 'Ok' && ready().exhaustsBlock(parsed.value)) return EXHAUSTS_RESOURCES
      return parsed
    },
    verify: checks => verifier.verify(checks),
    accountNonce: who => ready().accountNonce(who),
    onListenerError: error => logger.error('a transaction status listener failed', { error }),
  })
  try {
    chain = await Chain.open({
      runtime,
      store,
      pool,
      genesis,
      ...(options.blockLimits === undefined ? {} : { limits: options.blockLimits }),
      onFault: (fault, hash) => logger.error('extrinsic faulted', { fault, hash }),
    })
  } catch (error) {
    await Promise.allSettled([store.close(), verifier.close()])
    throw error
  }
  const openChain = chain
  const author = createBlockAuthor({
    chain: openChain,
    pool,
    mode: options.seal ?? { type: 'instant' },
    onError: error => {
      logger.error('block production failed', { error })
      // A block that could not be committed stops the chain: the node must not go on from a
      // state the disk does not hold.
      if (error instanceof NodeFault && error.code === 'BLOCK_PRODUCTION_FAILED')
        options.onFatal?.(error)
    },
  })
  const handlers = createRpcHandlers({
    chain: openChain,
    pool,
    author,
    verify: checks => verifier.verify(checks),
    chainName: dev ? 'Critter Dev' : 'Critter',
    chainType: dev ? 'Development' : 'Live',
  })
  const server = await createRpcServer({
    host: options.rpcHost ?? '127.0.0.1',
    port: options.rpcPort ?? 9944,
    handlers,
    ...(options.rpcLimits === undefined ? {} : { limits: options.rpcLimits }),
    logger: {
      error: (message, cause) => logger.error(message, { cause }),
      warn: message => logger.warn(message),
    },
  }).catch(async (error: unknown) => {
    await author.close()
    await Promise.allSettled([store.close(), verifier.close()])
    throw error
  })
  logger.info('node started', {
    url: `ws://${options.rpcHost ?? '127.0.0.1'}:${server.port}`,
    basePath,
    best: openChain.best.number,
  })

  let closing: Promise<void> | undefined
  return {
    url: `ws://${options.rpcHost ?? '127.0.0.1'}:${server.port}`,
    rpcPort: server.port,
    basePath,
    chain: openChain,
    pool,
    author,
    close() {
      closing ??= (async () => {
        await server.close()
        await author.close()
        await store.close()
        await verifier.close()
        if (temporary) await rm(basePath, { recursive: true, force: true })
        logger.info('node stopped', { basePath })
      })()
      return closing
    },
  }
}

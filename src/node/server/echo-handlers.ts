// Deterministic stand-in handlers for every method: each answers from its parsed params alone, so
// tests, the fuzzer and the client can check exactly what the server parsed. No chain behind it.
import {
  invalidTransaction,
  type RpcContext,
  RpcError,
  type RpcHandlers,
  type RpcResult,
  type SubscriptionSink,
  unknownBlock,
} from '../../rpc/index.ts'

/** A block hash no echo handler knows: state methods answer it with the unknown-block error. */
export const ECHO_UNKNOWN_HASH = `0x${'ee'.repeat(32)}`
/** `state_call` methods that make the echo handler throw (for error-path tests). */
export const ECHO_THROW_INTERNAL = 'Echo_throwTypeError'
/** `state_call` method whose handler throws an `RpcError` 1234. */
export const ECHO_THROW_RPC = 'Echo_throwRpcError'
/** `state_call` method whose handler resolves after `data[0]` milliseconds. */
export const ECHO_SLOW = 'Echo_slow'

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`

/** The hash the echo chain gives block `n`: `n` as a 32-byte big-endian hex. */
export const echoHash = (n: number): string => `0x${n.toString(16).padStart(64, '0')}`

/** The header the echo chain serves for block `n`. */
export const echoHeader = (n: number): RpcResult<'chain_getHeader'> & object => ({
  parentHash: echoHash(Math.max(0, n - 1)),
  number: `0x${n.toString(16)}`,
  stateRoot: echoHash(0),
  extrinsicsRoot: echoHash(0),
  digest: { logs: [] },
})

const VERSION: RpcResult<'state_getRuntimeVersion'> = {
  specName: 'echo',
  implName: 'echo',
  authoringVersion: 1,
  specVersion: 1,
  implVersion: 1,
  apis: [],
  transactionVersion: 1,
  stateVersion: 1,
}

/** The echo handlers and the controls tests drive them with. */
export interface EchoHandlers {
  readonly handlers: RpcHandlers
  /** Sends header `n` to every new-head, all-head and finalized-head subscriber. */
  emitHead(n: number): void
  /** Subscriptions whose `Unsubscribe` has not run yet. */
  readonly liveSubscriptions: number
  /** Calls per canonical method, for checking that aliases reach the same handler. */
  readonly calls: ReadonlyMap<string, number>
  /** The context of the last call. */
  readonly lastContext: RpcContext | undefined
}

/**
 * Creates echo handlers.
 *
 * @example
 * const echo = createEchoHandlers()
 * const server = await createRpcServer({ handlers: echo.handlers, port: 0 })
 */
export const createEchoHandlers = (): EchoHandlers => {
  const calls = new Map<string, number>()
  const heads = new Set<SubscriptionSink<RpcResult<'chain_subscribeNewHeads'>>>()
  let live = 0
  let lastContext: RpcContext | undefined

  const knownAt = (at: string | undefined): string => {
    if (at === ECHO_UNKNOWN_HASH) throw unknownBlock(at)
    return at ?? echoHash(1)
  }
  const track = (onEnd?: () => void) => {
    live++
    return () => {
      live--
      onEnd?.()
    }
  }
  const headSubscription: RpcHandlers['chain_subscribeNewHeads'] = (_params, sink) => {
    // Sent before the subscribe response: the server must hold it until the id is out.
    sink.send(echoHeader(1))
    heads.add(sink)
    return track(() => heads.delete(sink))
  }

  const raw: RpcHandlers = {
    system_name: () => 'critter-echo',
    system_version: () => '0.0.0',
    system_chain: () => 'Echo',
    system_chainType: () => 'Development',
    system_properties: () => ({ ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'PET' }),
    system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
    system_peers: () => [],
    system_accountNextIndex: ({ account }) => account[0] ?? 0,
    chain_getBlockHash: ({ number }) => {
      if (number === undefined) return echoHash(1)
      return number > 1_000_000 ? null : echoHash(number)
    },
    chain_getHeader: ({ hash }) =>
      hash === ECHO_UNKNOWN_HASH ? null : echoHeader(hash === undefined ? 1 : 2),
    chain_getBlock: ({ hash }) =>
      hash === ECHO_UNKNOWN_HASH
        ? null
        : { block: { header: echoHeader(1), extrinsics: [] }, justifications: null },
    chain_getFinalizedHead: () => echoHash(1),
    chain_subscribeNewHeads: headSubscription,
    chain_subscribeFinalizedHeads: headSubscription,
    chain_subscribeAllHeads: headSubscription,
    state_call: async ({ method, data, at }) => {
      knownAt(at)
      if (method === ECHO_THROW_INTERNAL) throw new TypeError('echo handler bug')
      if (method === ECHO_THROW_RPC) throw new RpcError(1234, 'echo error', { echoed: true })
      if (method === ECHO_SLOW) await new Promise(r => setTimeout(r, data[0] ?? 0))
      return hex(data)
    },
    state_getKeys: ({ prefix, at }) => {
      knownAt(at)
      return [prefix]
    },
    state_getKeysPaged: ({ prefix, count, startKey, at }) => {
      knownAt(at)
      return Array.from({ length: Math.min(count, 3) }, (_, i) => `${startKey ?? prefix}0${i}`)
    },
    state_getStorage: ({ key, at }) => {
      knownAt(at)
      return key
    },
    state_getStorageHash: ({ key, at }) => {
      knownAt(at)
      return key === '0x' ? null : echoHash(key.length)
    },
    state_getStorageSize: ({ key, at }) => {
      knownAt(at)
      return (key.length - 2) / 2
    },
    state_getMetadata: ({ at }) => {
      knownAt(at)
      return '0x00'
    },
    state_getRuntimeVersion: ({ at }) => {
      knownAt(at)
      return VERSION
    },
    state_queryStorageAt: ({ keys, at }) => [
      { block: knownAt(at), changes: keys.map(k => [k, k === '0x' ? null : k] as const) },
    ],
    state_subscribeRuntimeVersion: (_p, sink) => {
      sink.send(VERSION)
      return track()
    },
    state_subscribeStorage: ({ keys }, sink) => {
      sink.send({ block: echoHash(1), changes: (keys ?? []).map(k => [k, null] as const) })
      return track()
    },
    author_submitExtrinsic: ({ extrinsic }) => {
      if (extrinsic[0] === 0xff) throw invalidTransaction({ type: 'BadProof' })
      return echoHash(extrinsic.length)
    },
    author_submitAndWatchExtrinsic: ({ extrinsic }, sink) => {
      if (extrinsic[0] === 0xff) throw invalidTransaction({ type: 'Stale' })
      sink.send('ready')
      const timer = setTimeout(() => {
        sink.send({ inBlock: echoHash(2) })
        sink.send({ finalized: echoHash(2) })
        sink.close()
      }, 1)
      return track(() => clearTimeout(timer))
    },
    author_pendingExtrinsics: () => [],
    payment_queryInfo: ({ extrinsic, at }) => {
      knownAt(at)
      return {
        weight: { ref_time: extrinsic.length, proof_size: 0 },
        class: 'normal',
        partialFee: `${extrinsic.length}`,
      }
    },
    dev_newBlock: ({ count }) => echoHash(count),
    dev_setSealMode: () => null,
  }

  // Count calls by canonical name and keep the context (always the last argument).
  const handlers = Object.fromEntries(
    Object.entries(raw as unknown as Record<string, (...args: unknown[]) => unknown>).map(
      ([name, fn]) => [
        name,
        (...args: unknown[]) => {
          calls.set(name, (calls.get(name) ?? 0) + 1)
          lastContext = args[args.length - 1] as RpcContext
          return fn(...args)
        },
      ],
    ),
  ) as unknown as RpcHandlers

  return {
    handlers,
    emitHead: n => {
      for (const sink of heads) sink.send(echoHeader(n))
    },
    get liveSubscriptions() {
      return live
    },
    calls,
    get lastContext() {
      return lastContext
    },
  }
}

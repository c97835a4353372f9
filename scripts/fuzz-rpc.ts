// Fuzzes the JSON-RPC server: `npx tsx scripts/fuzz-rpc.ts [cases=100000] [seed]`.
//
// Starts a server with echo handlers and sends random and mutated messages over a few WebSockets
// and HTTP: valid calls of every method and alias, each mutated (wrong types, missing and extra
// params, invalid hex, unicode, huge numbers, deep nesting, bad envelopes and ids), garbage text,
// batches of all of these, notifications, subscriptions and unsubscriptions, oversized messages.
// Every case is generated together with the exact reply it must get (or that it gets none), and
// the reply is checked: id, result or error code, batch shape, notification order (never before
// the subscribe response, never after the unsubscribe). At the end the server must still answer,
// hold no subscriptions or in-flight work, and its heap must not have grown. Exits 1 on failure.
import { once } from 'node:events'
import { Agent, request } from 'node:http'
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { WebSocket } from 'ws'
import {
  createEchoHandlers,
  createRpcServer,
  ECHO_THROW_INTERNAL,
  ECHO_THROW_RPC,
  ECHO_UNKNOWN_HASH,
  echoHash,
  type RpcServer,
  silentLogger,
} from '../src/node/server/index.ts'
import { initCrypto, ss58Encode } from '../src/primitives/index.ts'
import {
  lookupMethod,
  RPC_METHODS,
  type RpcMethodName,
  rpcMethodNames,
  type SubscriptionDef,
} from '../src/rpc/index.ts'

/** Options of `runRpcFuzz`. */
export interface FuzzOptions {
  /** How many cases to send (a batch is one case). */
  readonly cases: number
  /** Seed of the generator: the same seed sends the same cases. */
  readonly seed: number
  /** WebSocket connections working in parallel (default 4). */
  readonly wsLanes?: number
  /** HTTP clients working in parallel (default 2). */
  readonly httpLanes?: number
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void
}

/** What a fuzz run found. */
export interface FuzzReport {
  readonly cases: number
  /** Requests inside those cases (batches hold several). */
  readonly requests: number
  /** Cases by expected outcome, e.g. `error -32602`, `result`, `none`, `close 1009`. */
  readonly outcomes: Readonly<Record<string, number>>
  readonly notifications: number
  /** Every mismatch, with the case that caused it (empty on success). */
  readonly failures: readonly string[]
  readonly casesPerSecond: number
  /** Heap growth from after warm-up to the end, both after a full GC. */
  readonly heapGrowthBytes: number
  readonly peakRssBytes: number
}

/** Server limits for fuzzing: small enough that the fuzzer reaches every one of them. */
const LIMITS = {
  maxMessageBytes: 256 * 1024,
  maxResponseBytes: 1024 * 1024,
  maxBatch: 40,
  maxSubscriptionsPerConnection: 24,
  maxConnections: 64,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxInFlightPerConnection: 64,
}
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024

// ---- deterministic randomness ----

const createRng = (seed: number) => {
  let state = seed >>> 0 || 1
  const next = (): number => {
    // xorshift32
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 0x1_0000_0000
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T
  const chance = (p: number): boolean => next() < p
  const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(0, 255))
  const hex = (n: number): string => {
    const text = `0x${Buffer.from(bytes(n)).toString('hex')}`
    return chance(0.2) ? `0x${text.slice(2).toUpperCase()}` : text
  }
  return { next, int, pick, chance, bytes, hex }
}
type Rng = ReturnType<typeof createRng>

// ---- what each method takes ----

type Kind =
  | 'hash'
  | 'key'
  | 'nullableKey'
  | 'bytes'
  | 'xt'
  | 'blockNumber'
  | 'account'
  | 'apiName'
  | 'keys'
  | 'count'
  | 'mode'
  | 'interval'
  | 'newBlock'

interface ParamSpec {
  readonly kind: Kind
  readonly optional: boolean
}

const req = (kind: Kind): ParamSpec => ({ kind, optional: false })
const opt = (kind: Kind): ParamSpec => ({ kind, optional: true })

/** Params of every canonical method (checked against the table at start). */
const PARAMS: Readonly<Record<Exclude<RpcMethodName, never>, readonly ParamSpec[]>> = {
  rpc_methods: [],
  system_name: [],
  system_version: [],
  system_chain: [],
  system_chainType: [],
  system_properties: [],
  system_health: [],
  system_peers: [],
  system_accountNextIndex: [req('account')],
  chain_getBlockHash: [opt('blockNumber')],
  chain_getHeader: [opt('hash')],
  chain_getBlock: [opt('hash')],
  chain_getFinalizedHead: [],
  chain_subscribeNewHeads: [],
  chain_subscribeFinalizedHeads: [],
  chain_subscribeAllHeads: [],
  state_call: [req('apiName'), req('bytes'), opt('hash')],
  state_getKeys: [req('key'), opt('hash')],
  state_getKeysPaged: [req('nullableKey'), req('count'), opt('key'), opt('hash')],
  state_getStorage: [req('key'), opt('hash')],
  state_getStorageHash: [req('key'), opt('hash')],
  state_getStorageSize: [req('key'), opt('hash')],
  state_getMetadata: [opt('hash')],
  state_getRuntimeVersion: [opt('hash')],
  state_queryStorageAt: [req('keys'), opt('hash')],
  state_subscribeRuntimeVersion: [],
  state_subscribeStorage: [opt('keys')],
  author_submitExtrinsic: [req('xt')],
  author_submitAndWatchExtrinsic: [req('xt')],
  author_pendingExtrinsics: [],
  payment_queryInfo: [req('xt'), opt('hash')],
  dev_newBlock: [opt('newBlock')],
  dev_setSealMode: [req('mode'), opt('interval')],
}

/** Methods whose handler reads state `at` a block, so the unknown hash gives 4003. */
const READS_AT = new Set([
  'state_call',
  'state_getKeys',
  'state_getKeysPaged',
  'state_getStorage',
  'state_getStorageHash',
  'state_getStorageSize',
  'state_getMetadata',
  'state_getRuntimeVersion',
  'state_queryStorageAt',
  'payment_queryInfo',
])

const validValue = (rng: Rng, kind: Kind): unknown => {
  switch (kind) {
    case 'hash':
      return rng.chance(0.5) ? echoHash(rng.int(0, 100)) : rng.hex(32)
    case 'key':
      return rng.hex(rng.int(0, 80))
    case 'nullableKey':
      return rng.chance(0.2) ? null : rng.hex(rng.int(0, 40))
    case 'bytes':
      return rng.chance(0.01) ? rng.hex(rng.int(1000, 60_000)) : rng.hex(rng.int(0, 64))
    case 'xt': {
      const bytes = rng.bytes(rng.int(1, 200))
      if (bytes[0] === 0xff) bytes[0] = 0
      return `0x${Buffer.from(bytes).toString('hex')}`
    }
    case 'blockNumber': {
      const n = rng.pick([0, 1, 31, 1_000_000, 1_000_001, 0xffff_ffff, rng.int(0, 0xffff_ffff)])
      if (rng.chance(0.5)) return n
      const digits = n.toString(16)
      const padded = rng.chance(0.2) ? digits.padStart(rng.int(digits.length, 20), '0') : digits
      return `0x${rng.chance(0.3) ? padded.toUpperCase() : padded}`
    }
    case 'account': {
      const id = rng.bytes(32)
      return rng.chance(0.5)
        ? ss58Encode(id, rng.pick([0, 2, 42, 63, 64, 16383]))
        : `0x${Buffer.from(id).toString('hex')}`
    }
    case 'apiName':
      return rng.pick([
        'Core_version',
        'Metadata_metadata_at_version',
        'AccountNonceApi_account_nonce',
        'Ünïcödé_api_🐾',
        'x'.repeat(rng.int(1, 256)),
      ])
    case 'keys':
      return Array.from({ length: rng.int(0, 20) }, () => rng.hex(rng.int(0, 48)))
    case 'count':
      return rng.int(0, 1000)
    case 'mode':
      return rng.pick(['instant', 'interval', 'manual'])
    case 'interval':
      return rng.int(1, 3_600_000)
    case 'newBlock':
      return rng.pick([{}, { count: rng.int(1, 10_000) }, { count: null }])
  }
}

/** Values that are wrong for a param of `kind`, whatever the method. */
const invalidValues = (kind: Kind, optional: boolean): readonly unknown[] => {
  const common: unknown[] = [true, [[[]]], 1.5]
  if (kind !== 'newBlock') common.push({})
  if (kind !== 'keys') common.push([])
  if (!optional && kind !== 'nullableKey') common.push(null)
  switch (kind) {
    case 'hash':
      return [
        ...common,
        5,
        '0x',
        `0x${'a'.repeat(63)}`,
        `0x${'a'.repeat(66)}`,
        `0x${'g'.repeat(64)}`,
        'a'.repeat(64),
        `0x${'１'.repeat(64)}`,
      ]
    case 'key':
    case 'nullableKey':
      return [
        ...common,
        7,
        '0x0',
        '0xg0',
        'abcd',
        '0x\u00e9\u00e9',
        `0x${'ab'.repeat(4097)}`,
        '0x 00',
      ]
    case 'bytes':
    case 'xt':
      return [...common, 1, '0x1', 'ff', '0xzz', '0x٠٠']
    case 'blockNumber':
      return [
        ...common,
        -1,
        4_294_967_296,
        1e300,
        -0.5,
        '0x100000000',
        '0x',
        '31',
        'x',
        '0x-1',
        `0x${'f'.repeat(70)}`,
        [1],
      ]
    case 'account':
      return [
        ...common,
        5,
        '',
        '0x1234',
        '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ',
        'x'.repeat(200),
      ]
    case 'apiName':
      return [...common, '', 5, 'x'.repeat(257)]
    case 'keys':
      return [...common, '0x00', [5], ['0xzz'], [null], Array.from({ length: 16_385 }, () => '0x')]
    case 'count':
      return [...common, -1, '10', 4_294_967_296, 1e20]
    case 'mode':
      return [...common, 'sometimes', 5, '', 'INSTANT']
    case 'interval':
      return [...common, 0, -5, 3_600_001, 'x']
    case 'newBlock':
      return [...common, { count: 0 }, { count: 10_001 }, { cnt: 1 }, 5, 'x', [1], { count: '1' }]
  }
}

/** A nested array `depth` deep, as text (JSON.stringify would recurse). */
const deepText = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

// ---- expectations ----

type Id = string | number | null

/** What one request in a case must get back. */
interface Expect {
  readonly id: Id
  /** Accepted error codes, or `undefined` for a result. */
  readonly errors?: readonly number[]
  /** For results: a check of the value. */
  readonly result?: (value: unknown) => boolean
  /** A subscribe call: the id in its result starts a subscription. */
  readonly subscribe?: SubscriptionDef
  /** Alternatively accept a result (a subscription near the limit). */
  readonly orResult?: boolean
  /** An unsubscribe of this id, if it returns true. */
  readonly unsubscribes?: string
}

type Shape =
  | { readonly type: 'single'; readonly expect: Expect }
  | { readonly type: 'array'; readonly expect: readonly Expect[] }
  | { readonly type: 'none' }
  | { readonly type: 'close' }

interface Case {
  readonly text: string
  readonly shape: Shape
  readonly label: string
  readonly requests: number
}

const isString = (v: unknown): boolean => typeof v === 'string'

/** The state of one lane that generation depends on. */
interface LaneView {
  readonly transport: 'ws' | 'http'
  /** Live subscriptions (id → def) that the fuzzer may unsubscribe. */
  readonly live: ReadonlyMap<string, SubscriptionDef>
  /** Author watches not yet seen finalized (they end by themselves). */
  readonly watches: number
}

const ALL_CANONICAL = Object.keys(RPC_METHODS) as RpcMethodName[]

const namesOf = (name: RpcMethodName): readonly string[] => {
  const def = RPC_METHODS[name]
  return [def.name, ...def.aliases]
}

/** Generates cases; `ids` keeps request ids unique per run. */
const createGenerator = (rng: Rng) => {
  let ids = 0
  const freshId = (): Id => {
    ids++
    return rng.chance(0.5) ? ids : `c${ids}`
  }
  const weirdId = (): Id =>
    rng.pick([0, -1, 1.5e300, '', '🐾 pet', '\ud800', 'x'.repeat(1000), null, 2 ** 70])

  const envelope = (id: Id | undefined, method: string, params: unknown): string => {
    const body: Record<string, unknown> = { jsonrpc: '2.0', method }
    if (id !== undefined) body['id'] = id
    if (params !== undefined) body['params'] = params
    return JSON.stringify(body)
  }

  /** Valid params for a method, with the expected outcome of the call. */
  const validCall = (
    name: RpcMethodName,
    lane: LaneView,
    subscribing: number,
  ): {
    params: unknown[] | undefined
    errors?: number[]
    result?: (v: unknown) => boolean
    sub?: SubscriptionDef
    orResult?: boolean
  } => {
    const specs = PARAMS[name]
    const values: unknown[] = specs.map(s => validValue(rng, s.kind))
    // drop or null some trailing optionals
    let length = values.length
    while (length > 0 && (specs[length - 1] as ParamSpec).optional && rng.chance(0.4)) length--
    const params = values
      .slice(0, length)
      .map((v, i) => ((specs[i] as ParamSpec).optional && rng.chance(0.2) ? null : v))
    const given = (i: number): unknown => params[i] ?? undefined
    const def = RPC_METHODS[name]
    if (def.kind === 'subscription') {
      if (lane.transport === 'http') return { params, errors: [-32050] }
      // The server may already have ended watches the fuzzer has not seen finalize yet, so near
      // the limit either answer is right. The limit is checked before the handler runs.
      const used = lane.live.size + subscribing
      const limit = LIMITS.maxSubscriptionsPerConnection
      const full = used - lane.watches >= limit
      const maybeFull = !full && used >= limit
      if (name === 'author_submitAndWatchExtrinsic' && rng.chance(0.1)) {
        params[0] = `0xff${rng.hex(4).slice(2)}`
        return { params, errors: full ? [-32006] : maybeFull ? [-32006, 1010] : [1010] }
      }
      if (full) return { params, errors: [-32006] }
      if (maybeFull) return { params, errors: [-32006], orResult: true, sub: def }
      return { params, result: isString, sub: def }
    }
    // a known failing variant now and then
    if (READS_AT.has(name) && rng.chance(0.05)) {
      const at = specs.length - 1
      while (params.length < at) params.push(null)
      params[at] = ECHO_UNKNOWN_HASH
      return { params, errors: [4003] }
    }
    switch (name) {
      case 'chain_getBlockHash': {
        const raw = given(0)
        const n =
          raw === undefined
            ? 1
            : typeof raw === 'number'
              ? raw
              : Number.parseInt(String(raw).slice(2), 16)
        return { params, result: v => v === (n > 1_000_000 ? null : echoHash(n)) }
      }
      case 'state_getStorage':
        return { params, result: v => v === String(given(0)).toLowerCase() }
      case 'state_call': {
        const method = rng.chance(0.03)
          ? rng.pick([ECHO_THROW_INTERNAL, ECHO_THROW_RPC])
          : params[0]
        params[0] = method
        if (method === ECHO_THROW_INTERNAL) return { params, errors: [-32603] }
        if (method === ECHO_THROW_RPC) return { params, errors: [1234] }
        return { params, result: v => v === String(given(1)).toLowerCase() }
      }
      case 'state_getKeysPaged':
        if (rng.chance(0.1)) {
          params[1] = rng.int(1001, 0xffff_ffff)
          return { params, errors: [4002] }
        }
        return { params, result: Array.isArray }
      case 'author_submitExtrinsic':
        if (rng.chance(0.1)) {
          params[0] = `0xff${rng.hex(4).slice(2)}`
          return { params, errors: [1010] }
        }
        return { params, result: v => v === echoHash((String(params[0]).length - 2) / 2) }
      case 'dev_newBlock': {
        const options = given(0) as { count?: number | null } | undefined
        return { params, result: v => v === echoHash(options?.count ?? 1) }
      }
      case 'rpc_methods':
        return {
          params,
          result: v => (v as { methods?: unknown[] }).methods?.length === rpcMethodNames().length,
        }
      default:
        return { params, result: v => v !== undefined }
    }
  }

  /** One request (or notification), text and expectation; `subscribing` counts earlier subscribes in the batch. */
  const request = (
    lane: LaneView,
    subscribing: number,
    inBatch: boolean,
  ): { text: string; expect: Expect | undefined; label: string } => {
    const roll = rng.next()
    const name = rng.pick(ALL_CANONICAL)
    const wire = rng.pick(namesOf(name))
    const id = freshId()

    // unsubscribe: known, unknown or wrong-kind ids
    if (roll < 0.06) {
      const subs = [...lane.live.entries()]
      // Known ids only outside batches: a batch would free slots the generator does not count.
      const known = !inBatch && subs.length > 0 && rng.chance(0.7) ? rng.pick(subs) : undefined
      if (known !== undefined && known[1].name !== 'author_submitAndWatchExtrinsic') {
        const [subId, def] = known
        const right = rng.chance(0.85)
        const other = rng.pick(
          ALL_CANONICAL.filter(n => RPC_METHODS[n].kind === 'subscription' && n !== def.name),
        )
        const names = right ? def.unsubscribe : (RPC_METHODS[other] as SubscriptionDef).unsubscribe
        return {
          text: envelope(id, rng.pick(names), [subId]),
          expect:
            lane.transport === 'http'
              ? { id, errors: [-32050] }
              : right
                ? { id, result: v => v === true, unsubscribes: subId }
                : { id, result: v => v === false },
          label: 'unsubscribe',
        }
      }
      const subName = rng.pick(
        ALL_CANONICAL.filter(n => RPC_METHODS[n].kind === 'subscription'),
      ) as RpcMethodName
      const unsub = rng.pick((RPC_METHODS[subName] as SubscriptionDef).unsubscribe)
      const extra = rng.chance(0.1)
      const bad = extra || rng.chance(0.5)
      const param = bad
        ? rng.pick([{}, [], true, null, 'x'.repeat(300)])
        : rng.pick(['nope', 'x1', 5])
      return {
        text: envelope(id, unsub, extra ? [param, 1] : [param]),
        expect:
          lane.transport === 'http'
            ? { id, errors: [-32050] }
            : bad
              ? { id, errors: [-32602] }
              : { id, result: v => v === false },
        label: 'unsubscribe-unknown',
      }
    }

    // valid call
    if (roll < 0.45) {
      const call = validCall(name, lane, subscribing)
      const params =
        call.params === undefined || (call.params.length === 0 && rng.chance(0.5))
          ? undefined
          : call.params
      // a notification: no response (subscriptions are not even started)
      if (!inBatch && rng.chance(0.05)) {
        return { text: envelope(undefined, wire, params), expect: undefined, label: 'notification' }
      }
      const expect: Expect = {
        id,
        ...(call.errors === undefined ? {} : { errors: call.errors }),
        ...(call.result === undefined ? {} : { result: call.result }),
        ...(call.sub === undefined ? {} : { subscribe: call.sub }),
        ...(call.orResult === undefined ? {} : { orResult: call.orResult }),
      }
      return { text: envelope(id, wire, params), expect, label: 'valid' }
    }

    // wrong params
    if (roll < 0.75) {
      const specs = PARAMS[name]
      const call = validCall(name, { ...lane, live: new Map(), watches: 0 }, 0)
      const params = [...(call.params ?? [])]
      while (params.length < specs.length && rng.chance(0.5))
        params.push(validValue(rng, (specs[params.length] as ParamSpec).kind))
      const mutation = rng.int(0, 5)
      let label: string
      if (mutation === 0 || specs.length === 0) {
        params.push(
          ...Array.from({ length: specs.length - params.length + rng.int(1, 3) }, () =>
            rng.pick([null, 1, '0x']),
          ),
        )
        label = 'too-many-params'
      } else if (mutation === 1 && specs.some(s => !s.optional)) {
        params.length = specs.findIndex(s => !s.optional)
        label = 'missing-param'
      } else if (mutation === 2) {
        params.splice(0, params.length, deepText(rng.int(10, 5000)) as unknown)
        // replaced below by raw text
        label = 'deep-params'
      } else {
        const i = rng.int(0, specs.length - 1)
        const spec = specs[i] as ParamSpec
        while (params.length <= i) params.push(null)
        params[i] = rng.pick(invalidValues(spec.kind, spec.optional))
        label = `invalid-${spec.kind}`
      }
      let text = envelope(id, wire, params)
      if (label === 'deep-params') {
        const depth = rng.int(10, 5000)
        text = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":${JSON.stringify(wire)},"params":[${deepText(depth)}]}`
      }
      const isSub = RPC_METHODS[name].kind === 'subscription'
      // over HTTP a subscription is refused before its params are read
      const errors = isSub && lane.transport === 'http' ? [-32050] : [-32602]
      return { text, expect: { id, errors }, label }
    }

    // envelope mutations
    if (roll < 0.9) {
      const call = validCall(name, { ...lane, live: new Map(), watches: 0 }, 0)
      const variant = rng.int(0, 8)
      switch (variant) {
        case 0:
          return {
            text: JSON.stringify({ jsonrpc: rng.pick(['1.0', 2, null, '2']), id, method: wire }),
            expect: { id, errors: [-32600] },
            label: 'bad-version',
          }
        case 1:
          return {
            text: JSON.stringify({ jsonrpc: '2.0', id, method: rng.pick([5, null, [], {}]) }),
            expect: { id, errors: [-32600] },
            label: 'bad-method-type',
          }
        case 2: {
          const text = JSON.stringify({
            jsonrpc: '2.0',
            id: rng.pick([{}, [], true, false, { a: [1] }]),
            method: wire,
          })
          return { text, expect: { id: null, errors: [-32600] }, label: 'bad-id' }
        }
        case 3: {
          let method = `${wire}${rng.pick(['x', '_', ' ', 'é', '🐾', '\u0000'])}`
          if (rng.chance(0.3)) method = wire.toUpperCase()
          if (rng.chance(0.2))
            method = rng.pick(['', '__proto__', 'constructor', 'toString', 'chainHead_v1_follow'])
          if (lookupMethod(method) !== undefined) method = `${method}!`
          return {
            text: envelope(id, method, call.params),
            expect: { id, errors: [-32601] },
            label: 'unknown-method',
          }
        }
        case 4:
          return {
            text: JSON.stringify({
              jsonrpc: '2.0',
              id,
              method: wire,
              params: rng.pick(['x', 5, true]),
            }),
            expect: { id, errors: [-32600] },
            label: 'params-not-structured',
          }
        case 5:
          return {
            text: JSON.stringify({ jsonrpc: '2.0', id, method: wire, params: { a: 1 } }),
            expect: { id, errors: [-32602] },
            label: 'named-params',
          }
        case 6: {
          // a weird but valid id is echoed as it was parsed
          if (inBatch) return request(lane, subscribing, inBatch)
          const odd = weirdId()
          const text = envelope(odd, 'system_chain', undefined)
          return {
            text,
            expect: { id: JSON.parse(JSON.stringify(odd)) as Id, result: v => v === 'Echo' },
            label: 'odd-id',
          }
        }
        case 7: {
          // unknown fields, even deep ones, are ignored
          const depth = rng.int(1, 3000)
          const text = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":"system_name","extra":${deepText(depth)}}`
          return { text, expect: { id, result: v => v === 'critter-echo' }, label: 'extra-field' }
        }
        default:
          return {
            text: JSON.stringify(rng.pick([1, 'x', null, true, 1e308])),
            expect: { id: null, errors: [-32600] },
            label: 'not-an-object',
          }
      }
    }

    // ids of every valid shape on plain calls
    return {
      text: envelope(id, 'chain_getBlockHash', [rng.int(0, 1000)]),
      expect: { id, result: isString },
      label: 'plain',
    }
  }

  /** Text that is not JSON at all. */
  const garbage = (): string => {
    for (;;) {
      const kind = rng.int(0, 3)
      let text: string
      if (kind === 0) {
        text = Buffer.from(rng.bytes(rng.int(1, 64)))
          .toString('latin1')
          .replace(/[\u0080-\u00ff]/g, c => String.fromCodePoint(c.charCodeAt(0) + 0x1f400))
      } else if (kind === 1) {
        const valid = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_chain', params: [] })
        const at = rng.int(0, valid.length - 1)
        text = rng.chance(0.5)
          ? valid.slice(0, at)
          : `${valid.slice(0, at)}${rng.pick(['{', '"', ',', ':', '\\', '}'])}${valid.slice(at)}`
      } else if (kind === 2) {
        text = `${'['.repeat(rng.int(1, 10_000))}`
      } else {
        text = rng.pick([
          '',
          ' ',
          'NaN',
          'undefined',
          "{'a':1}",
          '{"a":1,}',
          '[1,]',
          '0x12',
          '\u0000',
        ])
      }
      try {
        JSON.parse(text)
      } catch {
        return text
      }
    }
  }

  /** The next case for a lane; anything over the message limit must be refused whole. */
  const next = (lane: LaneView): Case => {
    const c = draw(lane)
    return Buffer.byteLength(c.text) > LIMITS.maxMessageBytes && c.shape.type !== 'close'
      ? { ...c, shape: { type: 'close' }, label: `${c.label}-oversized` }
      : c
  }

  const draw = (lane: LaneView): Case => {
    const roll = rng.next()
    if (roll < 0.04)
      return {
        text: garbage(),
        shape: { type: 'single', expect: { id: null, errors: [-32700] } },
        label: 'garbage',
        requests: 1,
      }
    if (roll < 0.045) {
      const size = LIMITS.maxMessageBytes + rng.int(1, 4096)
      const pad = 'x'.repeat(size)
      return {
        text: JSON.stringify({ jsonrpc: '2.0', id: freshId(), method: 'system_chain', pad }),
        shape: { type: 'close' },
        label: 'oversized',
        requests: 1,
      }
    }
    if (roll < 0.05)
      return {
        text: '[]',
        shape: { type: 'single', expect: { id: null, errors: [-32600] } },
        label: 'empty-batch',
        requests: 1,
      }
    if (roll < 0.055) {
      const n = LIMITS.maxBatch + rng.int(1, 10)
      const items = Array.from({ length: n }, () => request(lane, 0, true).text)
      return {
        text: `[${items.join(',')}]`,
        shape: { type: 'single', expect: { id: null, errors: [-32010] } },
        label: 'batch-too-big',
        requests: n,
      }
    }
    if (roll < 0.06) {
      const depth = rng.int(2, 20_000)
      return {
        text: deepText(depth),
        shape: { type: 'array', expect: [{ id: null, errors: [-32600] }] },
        label: 'deep-batch',
        requests: 1,
      }
    }
    if (roll < 0.2) {
      const n = rng.int(1, LIMITS.maxBatch)
      const texts: string[] = []
      const expects: Expect[] = []
      let subscribing = 0
      for (let i = 0; i < n; i++) {
        if (rng.chance(0.05)) {
          texts.push(JSON.stringify(rng.pick([1, 'x', null, [], [1]])))
          expects.push({ id: null, errors: [-32600] })
          continue
        }
        const one = request(lane, subscribing, true)
        texts.push(one.text)
        if (one.expect !== undefined) {
          expects.push(one.expect)
          if (one.expect.subscribe !== undefined) subscribing++
        }
      }
      // notifications inside a batch are answered by nothing
      if (texts.length < LIMITS.maxBatch && rng.chance(0.1))
        texts.push(JSON.stringify({ jsonrpc: '2.0', method: 'system_health' }))
      return {
        text: `[${texts.join(',')}]`,
        shape: expects.length === 0 ? { type: 'none' } : { type: 'array', expect: expects },
        label: 'batch',
        requests: texts.length,
      }
    }
    const one = request(lane, 0, false)
    return {
      text: one.text,
      shape: one.expect === undefined ? { type: 'none' } : { type: 'single', expect: one.expect },
      label: one.label,
      requests: 1,
    }
  }

  return { next }
}

// ---- checking replies ----

const sameId = (a: unknown, b: Id): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b))

const outcomeLabel = (shape: Shape): string => {
  if (shape.type === 'none') return 'none'
  if (shape.type === 'close') return 'oversized'
  if (shape.type === 'array') return 'batch'
  const e = shape.expect
  return e.errors === undefined ? 'result' : `error ${e.errors.join('|')}`
}

/** Checks one response object against one expectation; returns a problem or undefined. */
const checkOne = (response: unknown, expect: Expect): string | undefined => {
  if (typeof response !== 'object' || response === null) return 'response is not an object'
  const r = response as {
    jsonrpc?: unknown
    id?: unknown
    result?: unknown
    error?: { code?: unknown; message?: unknown }
  }
  if (r.jsonrpc !== '2.0') return 'jsonrpc is not 2.0'
  if (!sameId(r.id, expect.id)) return `id ${JSON.stringify(r.id)} != ${JSON.stringify(expect.id)}`
  const hasResult = Object.hasOwn(r, 'result')
  const hasError = Object.hasOwn(r, 'error')
  if (hasResult === hasError) return 'needs exactly one of result and error'
  if (hasError) {
    const code = r.error?.code
    if (typeof code !== 'number' || typeof r.error?.message !== 'string') return 'malformed error'
    if (expect.errors?.includes(code)) return undefined
    return `error ${code} (${String(r.error?.message)}) where ${expect.errors === undefined ? 'a result' : `error ${expect.errors.join('|')}`} was due`
  }
  if (expect.errors !== undefined && expect.orResult !== true)
    return `result ${JSON.stringify(r.result).slice(0, 120)} where error ${expect.errors.join('|')} was due`
  if (expect.result !== undefined && !expect.result(r.result))
    return `unexpected result ${JSON.stringify(r.result).slice(0, 160)}`
  if (expect.subscribe !== undefined && typeof r.result !== 'string')
    return 'subscription id is not a string'
  return undefined
}

// ---- lanes ----

interface Lane extends LaneView {
  run(c: Case): Promise<void>
  finish(): Promise<void>
}

interface Tally {
  failures: string[]
  notifications: number
}

const describeCase = (c: Case): string =>
  `${c.label}: ${c.text.length > 300 ? `${c.text.slice(0, 300)}…(${c.text.length} chars)` : c.text}`

const createWsLane = async (port: number, tally: Tally): Promise<Lane> => {
  const live = new Map<string, SubscriptionDef>()
  const watches = new Set<string>()
  const ended = new Set<string>()
  let ws: WebSocket
  let waiting: ((message: unknown) => void) | undefined
  let current: Case | undefined
  let closed: ((code: number) => void) | undefined
  let pings = 0

  const fail = (problem: string): void => {
    tally.failures.push(
      `ws: ${problem}${current === undefined ? '' : ` — case ${describeCase(current)}`}`,
    )
  }

  const onNotification = (m: {
    method: string
    params: { subscription?: unknown; result?: unknown }
  }): void => {
    tally.notifications++
    const id = m.params?.subscription
    if (typeof id !== 'string') {
      fail(`notification without a subscription id: ${JSON.stringify(m).slice(0, 200)}`)
      return
    }
    const def = live.get(id)
    if (def === undefined) {
      fail(
        ended.has(id)
          ? `notification ${m.method} after subscription ${id} ended`
          : `notification ${m.method} for ${id} before its subscribe response`,
      )
      return
    }
    if (def.notification !== m.method) {
      fail(`notification ${m.method} for a ${def.name} subscription`)
      return
    }
    const result = m.params.result as { finalized?: unknown } | undefined
    if (
      def.name === 'author_submitAndWatchExtrinsic' &&
      typeof result === 'object' &&
      result?.finalized !== undefined
    ) {
      live.delete(id)
      watches.delete(id)
      ended.add(id)
    }
  }

  /** Applies subscription bookkeeping of one checked response. */
  const track = (response: { result?: unknown }, expect: Expect): void => {
    if (expect.subscribe !== undefined && typeof response.result === 'string') {
      live.set(response.result, expect.subscribe)
      if (expect.subscribe.name === 'author_submitAndWatchExtrinsic') watches.add(response.result)
    }
    if (expect.unsubscribes !== undefined && response.result === true) {
      live.delete(expect.unsubscribes)
      ended.add(expect.unsubscribes)
    }
  }

  const onMessage = (data: Buffer): void => {
    let message: unknown
    try {
      message = JSON.parse(data.toString('utf8'))
    } catch {
      fail('server sent text that is not JSON')
      return
    }
    const asObject = message as { method?: unknown; id?: unknown }
    if (
      !Array.isArray(message) &&
      typeof asObject?.method === 'string' &&
      !Object.hasOwn(asObject, 'id')
    ) {
      onNotification(message as { method: string; params: { subscription?: unknown } })
      return
    }
    // Check and track synchronously, so a notification right behind is judged with this in place.
    const c = current
    const shape = c?.shape
    if (shape?.type === 'single') {
      const problem = Array.isArray(message)
        ? 'array reply to a single request'
        : checkOne(message, shape.expect)
      if (problem !== undefined) fail(problem)
      else track(message as { result?: unknown }, shape.expect)
    } else if (shape?.type === 'array') {
      if (!Array.isArray(message)) fail('single reply to a batch')
      else if (message.length !== shape.expect.length)
        fail(`batch reply has ${message.length} entries, ${shape.expect.length} due`)
      else {
        const pending = [...shape.expect]
        for (const response of message) {
          const id = (response as { id?: unknown })?.id
          const at = pending.findIndex(e => sameId(id, e.id) && checkOne(response, e) === undefined)
          if (at < 0) {
            const sameIdAt = pending.findIndex(e => sameId(id, e.id))
            fail(
              `batch entry ${JSON.stringify(response).slice(0, 200)}: ${sameIdAt < 0 ? 'unexpected id' : checkOne(response, pending[sameIdAt] as Expect)}`,
            )
            continue
          }
          track(response as { result?: unknown }, pending[at] as Expect)
          pending.splice(at, 1)
        }
      }
    } else if (shape?.type === 'none' && asObject?.id === `ping${pings}`) {
      // the ping behind a notification-only case
    } else {
      fail(`unexpected message ${JSON.stringify(message).slice(0, 200)}`)
    }
    const wake = waiting
    waiting = undefined
    wake?.(message)
  }

  const open = async (): Promise<void> => {
    ws = new WebSocket(`ws://127.0.0.1:${port}`, { maxPayload: 64 * 1024 * 1024 })
    ws.on('message', onMessage)
    ws.on('close', code => closed?.(code))
    ws.on('error', () => {})
    await once(ws, 'open')
  }
  await open()

  const reply = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply within 10 s')), 10_000)
      waiting = m => {
        clearTimeout(timer)
        resolve(m)
      }
    })

  const lane: Lane = {
    transport: 'ws',
    live,
    get watches() {
      return watches.size
    },
    run: async c => {
      current = c
      if (c.shape.type === 'close') {
        const code = new Promise<number>(resolve => {
          closed = resolve
        })
        ws.send(c.text)
        const got = await code
        closed = undefined
        if (got !== 1009) fail(`closed with ${got}, 1009 due`)
        // the server ended this connection's subscriptions; start a new connection
        for (const id of live.keys()) ended.add(id)
        live.clear()
        watches.clear()
        await open()
        return
      }
      const answered = reply()
      ws.send(c.text)
      if (c.shape.type === 'none') {
        // nothing comes back; a ping right behind must be the next reply
        pings++
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: `ping${pings}`, method: 'system_health' }))
        const got = (await answered) as { id?: unknown }
        if (got?.id !== `ping${pings}`) fail('a notification was answered')
        return
      }
      await answered.catch((e: Error) => fail(e.message))
    },
    finish: async () => {
      current = undefined
      for (const [id, def] of [...live]) {
        if (def.name === 'author_submitAndWatchExtrinsic') continue
        const text = JSON.stringify({
          jsonrpc: '2.0',
          id: `end-${id}`,
          method: def.unsubscribe[0],
          params: [id],
        })
        current = {
          text,
          shape: {
            type: 'single',
            expect: { id: `end-${id}`, result: v => v === true, unsubscribes: id },
          },
          label: 'cleanup',
          requests: 1,
        }
        const answered = reply()
        ws.send(text)
        await answered
      }
      current = undefined
      ws.close()
      await once(ws, 'close')
    },
  }
  return lane
}

/** POSTs over a keep-alive agent (`fetch` costs several times more per request). */
const post = (
  agent: Agent,
  port: number,
  body: string,
): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      res => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })

const createHttpLane = (port: number, tally: Tally): Lane => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const fail = (problem: string, c: Case): void => {
    tally.failures.push(`http: ${problem} — case ${describeCase(c)}`)
  }
  return {
    transport: 'http',
    live: new Map(),
    watches: 0,
    run: async c => {
      const res = await post(agent, port, c.text)
      const text = res.text
      if (c.shape.type === 'close') {
        if (res.status !== 413) fail(`status ${res.status}, 413 due`, c)
        return
      }
      if (c.shape.type === 'none') {
        if (res.status !== 204 || text !== '')
          fail(`status ${res.status} with ${text.slice(0, 100)}, 204 due`, c)
        return
      }
      if (res.status !== 200) return fail(`status ${res.status}`, c)
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        return fail('body is not JSON', c)
      }
      if (c.shape.type === 'single') {
        const problem = Array.isArray(body) ? 'array reply' : checkOne(body, c.shape.expect)
        if (problem !== undefined) fail(problem, c)
        return
      }
      if (!Array.isArray(body) || body.length !== c.shape.expect.length)
        return fail('batch reply has the wrong length', c)
      const pending = [...c.shape.expect]
      for (const response of body) {
        const at = pending.findIndex(e => checkOne(response, e) === undefined)
        if (at < 0)
          fail(`batch entry ${JSON.stringify(response).slice(0, 200)} matches nothing due`, c)
        else pending.splice(at, 1)
      }
    },
    finish: async () => {
      agent.destroy()
    },
  }
}

// ---- the run ----

const fullGc = (() => {
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc') as () => void
})()

/**
 * Runs the fuzzer against a fresh server and reports what it found.
 *
 * @example
 * const report = await runRpcFuzz({ cases: 2000, seed: 1 })
 * if (report.failures.length > 0) throw …
 */
export const runRpcFuzz = async (options: FuzzOptions): Promise<FuzzReport> => {
  await initCrypto()
  const missing = ALL_CANONICAL.filter(name => PARAMS[name] === undefined)
  if (missing.length > 0) throw new TypeError(`fuzzer has no params for ${missing.join(', ')}`)
  const log = options.log ?? (() => {})
  const rng = createRng(options.seed)
  const generator = createGenerator(rng)
  const echo = createEchoHandlers()
  const crashes: string[] = []
  const onCrash = (e: unknown): void => {
    crashes.push(`process-level error: ${e instanceof Error ? e.stack : String(e)}`)
  }
  process.on('uncaughtException', onCrash)
  process.on('unhandledRejection', onCrash)
  const server: RpcServer = await createRpcServer({
    handlers: echo.handlers,
    port: 0,
    limits: LIMITS,
    logger: silentLogger,
  })
  const tally: Tally = { failures: [], notifications: 0 }
  const lanes: Lane[] = []
  for (let i = 0; i < (options.wsLanes ?? 4); i++)
    lanes.push(await createWsLane(server.port, tally))
  for (let i = 0; i < (options.httpLanes ?? 2); i++) lanes.push(createHttpLane(server.port, tally))

  const outcomes: Record<string, number> = {}
  let requests = 0
  let sent = 0
  let heapBaseline = 0
  let peakRss = 0
  const started = performance.now()
  const warmup = Math.min(2000, Math.floor(options.cases / 10))

  const work = async (lane: Lane): Promise<void> => {
    while (sent < options.cases && tally.failures.length < 50) {
      const n = sent++
      if (n === warmup) {
        fullGc()
        heapBaseline = process.memoryUsage().heapUsed
      }
      if (n % 250 === 0) echo.emitHead(n)
      if (n % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
      if (n > 0 && n % 10_000 === 0) {
        const seconds = (performance.now() - started) / 1000
        log(
          `${n} cases, ${Math.round(n / seconds)}/s, ${tally.failures.length} failures, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
        )
      }
      const c = generator.next(lane)
      const label = outcomeLabel(c.shape)
      outcomes[label] = (outcomes[label] ?? 0) + 1
      requests += c.requests
      try {
        await lane.run(c)
      } catch (e) {
        tally.failures.push(
          `${lane.transport}: ${e instanceof Error ? e.message : String(e)} — case ${describeCase(c)}`,
        )
      }
    }
  }
  await Promise.all(lanes.map(work))
  const seconds = (performance.now() - started) / 1000

  // the server is still up, on both transports
  const probe = await fetch(`http://127.0.0.1:${server.port}/`, {
    method: 'POST',
    body: '{"jsonrpc":"2.0","id":"probe","method":"system_chain"}',
  })
  if (((await probe.json()) as { result?: unknown }).result !== 'Echo')
    tally.failures.push('server stopped answering HTTP')
  await Promise.all(lanes.map(l => l.finish()))
  for (let i = 0; i < 100 && server.stats().subscriptions + server.stats().inFlight > 0; i++)
    await new Promise(r => setTimeout(r, 10))
  const stats = server.stats()
  if (stats.subscriptions !== 0)
    tally.failures.push(`server still holds ${stats.subscriptions} subscriptions`)
  if (stats.inFlight !== 0)
    tally.failures.push(`server still has ${stats.inFlight} messages in flight`)
  if (echo.liveSubscriptions !== 0)
    tally.failures.push(`${echo.liveSubscriptions} unsubscribe functions never ran`)
  await server.close()
  process.off('uncaughtException', onCrash)
  process.off('unhandledRejection', onCrash)
  fullGc()
  const heapGrowth = heapBaseline === 0 ? 0 : process.memoryUsage().heapUsed - heapBaseline
  if (heapGrowth > HEAP_GROWTH_LIMIT)
    tally.failures.push(`heap grew by ${Math.round(heapGrowth / 2 ** 20)} MiB`)
  return {
    cases: sent,
    requests,
    outcomes,
    notifications: tally.notifications,
    failures: [...crashes, ...tally.failures],
    casesPerSecond: Math.round(sent / seconds),
    heapGrowthBytes: heapGrowth,
    peakRssBytes: peakRss,
  }
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) {
  const cases = Number(process.argv[2] ?? 100_000)
  const seed = Number(process.argv[3] ?? Date.now() % 0x7fff_ffff)
  console.log(`fuzzing the JSON-RPC server: ${cases} cases, seed ${seed}`)
  const report = await runRpcFuzz({ cases, seed, log: line => console.log(line) })
  console.log(
    `${report.cases} cases (${report.requests} requests, ${report.notifications} notifications) at ${report.casesPerSecond} cases/s`,
  )
  console.log('outcomes:', report.outcomes)
  console.log(
    `heap growth after warm-up: ${(report.heapGrowthBytes / 2 ** 20).toFixed(1)} MiB; peak RSS ${Math.round(report.peakRssBytes / 2 ** 20)} MiB`,
  )
  if (report.failures.length > 0) {
    console.log(`${report.failures.length} FAILURES (seed ${seed}):`)
    for (const f of report.failures.slice(0, 20)) console.log(`  ${f}`)
    process.exit(1)
  }
  console.log('no failures')
  process.exit(0)
}

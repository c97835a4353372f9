// JSON-RPC requests for every method the node serves (src/rpc's table), valid and mutated, each
// with the answer due from the chain as it was before the cases: results computed from the
// snapshot, `-32602` for params of the wrong shape, `" not found"` for unknown blocks, state
// errors for runtime API input that does not decode, `-32050` for subscriptions over HTTP.
import {
  blake2_256,
  bytesToHex,
  concatBytes,
  encode,
  hexToBytes,
  ss58Encode,
  u32,
} from '../../src/primitives/index.ts'
import { RPC_METHODS, type RpcMethodName, type SubscriptionDef } from '../../src/rpc/index.ts'
import type { Expect, Id, LaneView, SubscriptionSpec } from './fuzz-node-lanes.ts'
import type { BlockSnapshot } from './fuzz-node-snapshot.ts'
import {
  type FuzzWorld,
  nonceAt,
  pickAt,
  sameJson,
  wantError,
  wantResult,
  withAt,
} from './fuzz-node-world.ts'
import type { RequestPlan } from './fuzz-node-xt-cases.ts'
import type { Random } from './fuzz-random.ts'

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

/** The params of every canonical method. */
const PARAMS: Readonly<Record<RpcMethodName, readonly ParamSpec[]>> = {
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

/** Every canonical method (the fuzzer refuses to start if `PARAMS` misses one). */
export const CANONICAL = Object.keys(RPC_METHODS) as RpcMethodName[]

/** Canonical methods without a param table entry (must be empty). */
export const uncoveredMethods = (): string[] => CANONICAL.filter(n => PARAMS[n] === undefined)

/** A valid value of a kind, for params the mutation does not touch; never one that changes state. */
const plainValue = (kind: Kind, world: FuzzWorld): unknown => {
  switch (kind) {
    case 'hash':
      return world.best.hash
    case 'key':
    case 'nullableKey':
    case 'bytes':
      return '0x'
    case 'xt':
      return '0x00'
    case 'blockNumber':
      return 0
    case 'account':
      return ss58Encode(world.dev[0] as Uint8Array, 42)
    case 'apiName':
      return 'Core_version'
    case 'keys':
      return []
    case 'count':
      return 1
    case 'mode':
      return 'manual'
    case 'interval':
      return 1000
    case 'newBlock':
      return { count: 1 }
  }
}

/** Values that are wrong for a param of `kind`. */
const invalidValues = (kind: Kind, optional: boolean): readonly unknown[] => {
  const common: unknown[] = [true, [[[]]], 1.5, { nested: [{ garbage: [null] }] }]
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
        2 ** 256,
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
      return [...common, 1, '0x1', '0x123', 'ff', 'ff00', '0xzz', '0x٠٠', '0X00']
    case 'blockNumber':
      return [
        ...common,
        -1,
        4_294_967_296,
        1e300,
        -0.5,
        2 ** 53 + 2,
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
        `0x${'0'.repeat(63)}`,
      ]
    case 'apiName':
      return [...common, '', 5, 'x'.repeat(257)]
    case 'keys':
      return [
        ...common,
        '0x00',
        [5],
        ['0xzz'],
        [null],
        ['0x0'],
        Array.from({ length: 16_385 }, () => '0x'),
      ]
    case 'count':
      return [...common, -1, '10', 4_294_967_296, 1e20, 2 ** 64]
    case 'mode':
      return [...common, 'sometimes', 5, '', 'INSTANT', 'manual ']
    case 'interval':
      return [...common, 0, -5, 3_600_001, 'x', 1e300]
    case 'newBlock':
      return [
        ...common,
        { count: 0 },
        { count: 10_001 },
        { cnt: 1 },
        5,
        'x',
        [1],
        { count: '1' },
        { count: 1e300 },
      ]
  }
}

const namesOf = (name: RpcMethodName): readonly string[] => {
  const def = RPC_METHODS[name]
  return [def.name, ...def.aliases]
}

const lower = (hex: string): string => hex.toLowerCase()
const maybeUpper = (r: Random, hex: string): string =>
  r.chance(0.15) ? `0x${hex.slice(2).toUpperCase()}` : hex

/** The ids of a nested array `depth` deep, as text. */
export const deepText = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

/**
 * The generator of requests to every method but the extrinsic-carrying ones.
 *
 * @example const rpc = createRpcRequests(world, r); const plan = rpc.valid(lane, false)
 */
export const createRpcRequests = (world: FuzzWorld, r: Random) => {
  const { snapshot, best, statics } = world

  const pickKey = (block: BlockSnapshot): string => {
    const roll = r.next()
    const existing = block.keys.length > 0 && roll < 0.6 ? r.pick(block.keys) : undefined
    if (existing !== undefined) {
      if (r.chance(0.7)) return maybeUpper(r, existing)
      const cut = 2 + 2 * r.int((existing.length - 2) / 2)
      return maybeUpper(r, existing.slice(0, cut))
    }
    return bytesToHex(r.bytes(r.int(80)))
  }
  const pickPrefix = (block: BlockSnapshot): string => {
    const key =
      block.keys.length > 0 && r.chance(0.8) ? r.pick(block.keys) : bytesToHex(r.bytes(40))
    return maybeUpper(r, key.slice(0, 2 + 2 * r.int((key.length - 2) / 2 + 1)))
  }

  const pickAccount = (): { param: string; id: Uint8Array } => {
    const id = r.chance(0.7) ? r.pick(world.dev) : r.bytes(32)
    const param = r.chance(0.6) ? ss58Encode(id, r.pick([0, 2, 42, 63, 64, 16383])) : bytesToHex(id)
    return { param, id }
  }
  /** The pool's next nonce for `id` at the best block: a range for tracked signers. */
  const poolNonceCheck = (id: Uint8Array) => {
    const state = nonceAt(world.runtime, best, id)
    const top = world.tracked.has(bytesToHex(id)) ? state + world.perSigner : state
    return (v: unknown): string | undefined =>
      typeof v === 'number' && v >= state && v <= top
        ? undefined
        : `nonce ${JSON.stringify(v)}, ${state}..${top} due`
  }

  const result =
    (label: string, test: (v: unknown) => string | undefined) =>
    (id: Id): Expect => ({
      id,
      label,
      check: wantResult(test),
    })
  const error =
    (label: string, codes: number[], part?: string) =>
    (id: Id): Expect => ({
      id,
      label,
      check: wantError(codes, part),
    })
  const plan = (
    method: string,
    params: readonly unknown[] | undefined,
    expect: (id: Id) => Expect,
  ): RequestPlan => ({
    method,
    params,
    readOnly: true,
    expect,
  })

  /** A state method at a picked block: unknown blocks are 4003 " not found". */
  const atBlock = (
    method: string,
    params: unknown[],
    label: string,
    due: (block: BlockSnapshot) => (v: unknown) => string | undefined,
  ): RequestPlan => {
    const at = pickAt(r, world)
    const block = at.block
    return plan(
      method,
      withAt(params, at.param),
      block === undefined
        ? error(`${label} unknown block`, [4003], ' not found')
        : result(label, due(block)),
    )
  }

  const stateCallApi = (wire: string): RequestPlan => {
    const at = pickAt(r, world)
    const block = at.block
    const isBest = at.param === undefined || at.param === null || lower(at.param) === best.hash
    const trap = error('state_call trap', [4003], 'Execution failed')
    const call = (api: string, args: string, expect: (id: Id) => Expect) =>
      plan(
        wire,
        withAt([api, args], at.param),
        block === undefined ? error('state_call unknown block', [4003], ' not found') : expect,
      )
    const roll = r.int(8)
    if (roll <= 1) {
      const api = r.pick(['Core_version', 'Metadata_metadata', 'Metadata_metadata_versions'])
      // Argument-less APIs refuse any input (Substrate: "expected no parameters").
      if (r.chance(0.3)) return call(api, bytesToHex(r.bytes(1 + r.int(8))), trap)
      return call(
        api,
        r.pick(['0x', '']),
        result(`state_call ${api}`, v => sameJson(v, statics.api[api])),
      )
    }
    if (roll === 2) {
      const v = r.chance(0.5) ? 14 : r.pick([0, 13, 15, 16, r.int(2 ** 32)])
      if (r.chance(0.1))
        return call(
          'Metadata_metadata_at_version',
          bytesToHex(r.bytes(r.pick([0, 1, 3, 5, 8]))),
          trap,
        )
      const due = v === 14 ? statics.api['Metadata_metadata_at_version(14)'] : '0x00'
      return call(
        'Metadata_metadata_at_version',
        bytesToHex(encode(u32, v)),
        result('state_call metadata_at_version', x => sameJson(x, due)),
      )
    }
    if (roll <= 4) {
      if (r.chance(0.1))
        return call(
          'AccountNonceApi_account_nonce',
          bytesToHex(r.bytes(r.pick([0, 1, 31, 33, 64]))),
          trap,
        )
      const { id } = pickAccount()
      const label = 'state_call account_nonce'
      if (block === undefined || !isBest) {
        const due =
          block === undefined ? '' : bytesToHex(encode(u32, nonceAt(world.runtime, block, id)))
        return call(
          'AccountNonceApi_account_nonce',
          bytesToHex(id),
          result(label, v => sameJson(v, due)),
        )
      }
      const inRange = poolNonceCheck(id)
      return call(
        'AccountNonceApi_account_nonce',
        bytesToHex(id),
        result(label, v =>
          typeof v === 'string' && v.length === 10
            ? inRange(new DataView(hexToBytes(v).buffer).getUint32(0, true))
            : `result ${JSON.stringify(v)} is no u32`,
        ),
      )
    }
    if (roll === 5) {
      // InherentData: a map of 8-byte identifiers to bytes; this runtime has no inherents.
      if (r.chance(0.15))
        return call(
          'BlockBuilder_inherent_extrinsics',
          bytesToHex(concatBytes(Uint8Array.of(4), r.bytes(r.int(6)))),
          trap,
        )
      return call(
        'BlockBuilder_inherent_extrinsics',
        '0x00',
        result('state_call inherent_extrinsics', v => sameJson(v, '0x00')),
      )
    }
    const unknown = r.pick([
      'Core_versionX',
      'Core_execute_block2',
      'Metadata_metadata_at_version_',
      'ÜnknownApi_🐾',
      'x'.repeat(1 + r.int(256)),
      'BabeApi_configuration',
      'TaggedTransactionQueue_validate',
    ])
    return call(
      unknown,
      bytesToHex(r.bytes(r.int(16))),
      error('state_call unknown api', [4003], 'is not found'),
    )
  }

  /** A subscription's spec, with the first notification due. */
  const subscriptionSpec = (name: RpcMethodName, keys?: readonly string[]): SubscriptionSpec => {
    const def = RPC_METHODS[name] as SubscriptionDef
    const base = { method: def.name, notification: def.notification, unsubscribe: def.unsubscribe }
    switch (name) {
      case 'chain_subscribeNewHeads':
      case 'chain_subscribeFinalizedHeads':
        return { ...base, first: v => sameJson(v, best.header) }
      case 'state_subscribeRuntimeVersion':
        return { ...base, first: v => sameJson(v, statics.runtimeVersion) }
      case 'state_subscribeStorage': {
        const unique = [...new Set((keys ?? []).map(lower))]
        const due = { block: best.hash, changes: unique.map(k => [k, best.state.get(k) ?? null]) }
        return { ...base, first: v => sameJson(v, due) }
      }
      default:
        return base
    }
  }

  /** A valid call of `name` with the answer due; `undefined` to pick another. */
  const valid = (name: RpcMethodName, lane: LaneView): RequestPlan | undefined => {
    const wire = r.pick(namesOf(name))
    const def = RPC_METHODS[name]
    if (def.kind === 'subscription') {
      if (name === 'author_submitAndWatchExtrinsic') return undefined
      const keys =
        name === 'state_subscribeStorage' && r.chance(0.8)
          ? Array.from({ length: r.int(6) }, () => pickKey(best))
          : undefined
      const params = keys === undefined ? (r.chance(0.5) ? [] : undefined) : [keys]
      if (lane.transport === 'http')
        return plan(wire, params, error('subscribe over http', [-32050]))
      // Keep well under the per-connection limit.
      let own = 0
      for (const sub of lane.live.values()) if (sub.spec.watchKey === undefined) own++
      if (own >= 24) return undefined
      const spec = subscriptionSpec(name, keys)
      return plan(wire, params, id => ({
        id,
        label: 'subscribe',
        check: wantResult(v =>
          typeof v === 'string' ? undefined : 'subscription id is not a string',
        ),
        subscribes: spec,
      }))
    }
    switch (name) {
      case 'rpc_methods':
        return plan(
          wire,
          [],
          result('rpc_methods', v => sameJson(v, statics.rpcMethods)),
        )
      case 'system_name':
      case 'system_version':
      case 'system_chain':
      case 'system_chainType':
      case 'system_properties':
      case 'system_health':
      case 'system_peers':
        return plan(
          wire,
          r.chance(0.5) ? [] : undefined,
          result(name, v => sameJson(v, statics.system[name])),
        )
      case 'system_accountNextIndex': {
        const { param, id } = pickAccount()
        return plan(wire, [param], result('accountNextIndex', poolNonceCheck(id)))
      }
      case 'chain_getBlockHash': {
        const roll = r.int(4)
        if (roll === 0)
          return plan(
            wire,
            r.pick([[], [null]]),
            result('getBlockHash', v => sameJson(v, best.hash)),
          )
        const n = r.chance(0.7)
          ? r.int(snapshot.best + 1)
          : r.pick([snapshot.best + 1, 1000, 0xffff_ffff, r.int(2 ** 32)])
        const param =
          roll === 1
            ? `0x${n.toString(16)}`
            : roll === 2
              ? `0x${n.toString(16).toUpperCase().padStart(8, '0')}`
              : n
        const due = snapshot.blocks[n]?.hash ?? null
        return plan(
          wire,
          [param],
          result('getBlockHash', v => sameJson(v, due)),
        )
      }
      case 'chain_getHeader':
      case 'chain_getBlock': {
        const at = pickAt(r, world)
        const field = name === 'chain_getHeader' ? 'header' : 'block'
        const due = at.block === undefined ? null : at.block[field]
        return plan(
          wire,
          withAt([], at.param),
          result(name, v => sameJson(v, due)),
        )
      }
      case 'chain_getFinalizedHead':
        return plan(
          wire,
          [],
          result('finalizedHead', v => sameJson(v, best.hash)),
        )
      case 'state_call':
        return stateCallApi(wire)
      case 'state_getKeys': {
        const prefix = pickPrefix(best)
        return atBlock(
          wire,
          [prefix],
          'getKeys',
          block => v =>
            sameJson(
              v,
              block.keys.filter(k => k.startsWith(lower(prefix))),
            ),
        )
      }
      case 'state_getKeysPaged': {
        const prefix = r.chance(0.15) ? null : pickPrefix(best)
        const count = r.chance(0.05)
          ? r.range(1001, 0xffff_ffff)
          : r.chance(0.1)
            ? 0
            : r.range(1, 20)
        const start = r.chance(0.5) ? pickKey(best) : undefined
        const at = pickAt(r, world)
        const params: unknown[] = [prefix, count]
        if (start !== undefined || at.param !== undefined) params.push(start ?? null)
        if (at.param !== undefined) params.push(at.param)
        if (count > 1000)
          return plan(
            wire,
            params,
            error('getKeysPaged count', [4002], 'count exceeds maximum value'),
          )
        const block = at.block
        if (block === undefined)
          return plan(wire, params, error('getKeysPaged unknown block', [4003], ' not found'))
        const p = lower(prefix ?? '0x')
        const due = block.keys
          .filter(k => k.startsWith(p) && (start === undefined || k > lower(start)))
          .slice(0, count)
        return plan(
          wire,
          params,
          result('getKeysPaged', v => sameJson(v, due)),
        )
      }
      case 'state_getStorage':
      case 'state_getStorageHash':
      case 'state_getStorageSize': {
        const key = pickKey(best)
        return atBlock(wire, [key], name, block => {
          const value = block.state.get(lower(key))
          const due =
            value === undefined
              ? null
              : name === 'state_getStorage'
                ? value
                : name === 'state_getStorageHash'
                  ? bytesToHex(blake2_256(hexToBytes(value)))
                  : (value.length - 2) / 2
          return v => sameJson(v, due)
        })
      }
      case 'state_getMetadata':
        return atBlock(wire, [], 'getMetadata', () => v => sameJson(v, statics.metadata))
      case 'state_getRuntimeVersion':
        return atBlock(
          wire,
          [],
          'getRuntimeVersion',
          () => v => sameJson(v, statics.runtimeVersion),
        )
      case 'state_queryStorageAt': {
        const keys = Array.from({ length: r.int(8) }, () => pickKey(best))
        return atBlock(
          wire,
          [keys],
          'queryStorageAt',
          block => v =>
            sameJson(v, [
              {
                block: block.hash,
                changes: keys.map(k => [lower(k), block.state.get(lower(k)) ?? null]),
              },
            ]),
        )
      }
      case 'author_pendingExtrinsics':
        return plan(
          wire,
          [],
          result('pendingExtrinsics', v => {
            if (!Array.isArray(v)) return 'not an array'
            const accepted = new Set(world.model.accepted().map(o => o.hex))
            const stray = v.find(x => !accepted.has(String(x)))
            return stray === undefined
              ? undefined
              : `pending ${String(stray).slice(0, 80)} was never accepted`
          }),
        )
      case 'dev_setSealMode':
        // Only the mode the node is in: anything else would let it build blocks.
        return plan(
          wire,
          ['manual'],
          result('setSealMode manual', v => sameJson(v, null)),
        )
      default:
        // Extrinsic-carrying methods come from the extrinsic generator; dev_newBlock changes state.
        return undefined
    }
  }

  /** A call of `name` with one param wrong (type, hex, range, count, nesting): `-32602`. */
  const invalid = (name: RpcMethodName, lane: LaneView): RequestPlan => {
    const wire = r.pick(namesOf(name))
    const specs = PARAMS[name]
    const params: unknown[] = specs.map(s => plainValue(s.kind, world))
    let text: string | undefined
    let label: string
    const mutation = r.int(6)
    if (mutation === 0 || specs.length === 0) {
      for (let i = 0, n = 1 + r.int(3); i < n; i++) params.push(r.pick([null, 1, '0x', {}]))
      label = 'too many params'
    } else if (mutation === 1 && specs.some(s => !s.optional)) {
      params.length = specs.findIndex(s => !s.optional)
      label = 'missing param'
    } else if (mutation === 2) {
      text = deepText(r.range(10, 3000))
      label = 'deep params'
    } else {
      const i = r.int(specs.length)
      const spec = specs[i] as ParamSpec
      params[i] = r.pick(invalidValues(spec.kind, spec.optional))
      params.length = i + 1 + r.int(specs.length - i)
      label = `invalid ${spec.kind}`
    }
    // Over HTTP a subscription is refused before its params are read.
    const codes =
      RPC_METHODS[name].kind === 'subscription' && lane.transport === 'http' ? [-32050] : [-32602]
    return {
      method: wire,
      params: text === undefined ? params : [{ raw: text }],
      readOnly: false,
      ...(text === undefined ? {} : { rawParams: `[${text}]` }),
      expect: id => ({ id, label: `${label} ${codes[0]}`, check: wantError(codes) }),
    }
  }

  return { valid, invalid }
}

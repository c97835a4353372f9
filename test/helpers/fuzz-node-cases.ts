// The node fuzzer's cases: single requests, batches mixing valid and invalid ones, notifications,
// broken envelopes, unsubscriptions and text that is not JSON, each with what must come back.
import { RPC_METHODS, type RpcMethodName, type SubscriptionDef } from '../../src/rpc/index.ts'
import type { Case, Expect, Id, LaneView } from './fuzz-node-lanes.ts'
import { CANONICAL, createRpcRequests, deepText } from './fuzz-node-rpc-cases.ts'
import { type FuzzWorld, sameJson, wantError, wantResult } from './fuzz-node-world.ts'
import { createXtRequests, type RequestPlan } from './fuzz-node-xt-cases.ts'
import type { Random } from './fuzz-random.ts'

/** The largest batch the node answers (its default limit). */
const MAX_BATCH = 256

/** Share of requests that carry extrinsic bytes. */
const XT_SHARE = 0.5

/**
 * The case generator for a run of `cases` cases.
 *
 * @example const gen = createCaseGenerator(world, createRandom(1), 3000); const c = gen.next(lane)
 */
export const createCaseGenerator = (world: FuzzWorld, r: Random, cases: number) => {
  const xt = createXtRequests(world, r, Math.ceil(cases * 1.3 * XT_SHARE * 0.45))
  const rpc = createRpcRequests(world, r)
  let ids = 0
  const freshId = (): Id => {
    ids++
    return r.chance(0.5) ? ids : `n${ids}`
  }

  const envelope = (id: Id | undefined, plan: RequestPlan): string => {
    if (plan.rawParams !== undefined) {
      const head = id === undefined ? '' : `"id":${JSON.stringify(id)},`
      return `{"jsonrpc":"2.0",${head}"method":${JSON.stringify(plan.method)},"params":${plan.rawParams}}`
    }
    const body: Record<string, unknown> = { jsonrpc: '2.0', method: plan.method }
    if (id !== undefined) body['id'] = id
    if (plan.params !== undefined) body['params'] = plan.params
    return JSON.stringify(body)
  }

  /** Unsubscribing: a live id (right or wrong kind), an unknown one, or a bad param. */
  const unsubscribe = (lane: LaneView, inBatch: boolean): { text: string; expect: Expect } => {
    const id = freshId()
    const subs = [...lane.live.values()]
    const http = lane.transport === 'http'
    const known = !inBatch && subs.length > 0 && r.chance(0.7) ? r.pick(subs) : undefined
    // Watches are left to finish with the final block, mostly.
    if (known !== undefined && (known.spec.watchKey === undefined || r.chance(0.05))) {
      const right = r.chance(0.85)
      const others = CANONICAL.filter(
        n => RPC_METHODS[n].kind === 'subscription' && n !== known.spec.method,
      )
      const names = right
        ? known.spec.unsubscribe
        : (RPC_METHODS[r.pick(others)] as SubscriptionDef).unsubscribe
      const text = JSON.stringify({ jsonrpc: '2.0', id, method: r.pick(names), params: [known.id] })
      return {
        text,
        expect: right
          ? {
              id,
              label: 'unsubscribe',
              check: wantResult(v => sameJson(v, true)),
              unsubscribes: known.id,
            }
          : { id, label: 'unsubscribe wrong kind', check: wantResult(v => sameJson(v, false)) },
      }
    }
    const def = RPC_METHODS[
      r.pick(CANONICAL.filter(n => RPC_METHODS[n].kind === 'subscription'))
    ] as SubscriptionDef
    const method = r.pick(def.unsubscribe)
    const bad = r.chance(0.4)
    const params = bad
      ? r.pick<unknown[]>([[{}], [[]], [true], [null], ['x'.repeat(300)], ['a', 1], []])
      : [r.pick(['nope', 'x1', String(r.int(1e9)), 5])]
    const text = JSON.stringify({ jsonrpc: '2.0', id, method, params })
    return {
      text,
      expect: http
        ? { id, label: 'unsubscribe over http', check: wantError([-32050]) }
        : bad
          ? { id, label: 'unsubscribe bad id -32602', check: wantError([-32602]) }
          : { id, label: 'unsubscribe unknown', check: wantResult(v => sameJson(v, false)) },
    }
  }

  /** A broken envelope around any method. */
  const brokenEnvelope = (inBatch: boolean): { text: string; expect: Expect } | undefined => {
    const id = freshId()
    const name = r.pick(CANONICAL)
    const wire = r.pick([RPC_METHODS[name].name, ...RPC_METHODS[name].aliases])
    switch (r.int(7)) {
      case 0:
        return {
          text: JSON.stringify({
            jsonrpc: r.pick(['1.0', 2, null, '2', '2.0 ']),
            id,
            method: wire,
          }),
          expect: { id, label: 'bad version -32600', check: wantError([-32600]) },
        }
      case 1:
        return {
          text: JSON.stringify({ jsonrpc: '2.0', id, method: r.pick([5, null, [], {}, true]) }),
          expect: { id, label: 'bad method type -32600', check: wantError([-32600]) },
        }
      case 2: {
        let method = `${wire}${r.pick(['x', '_', ' ', 'é', '🐾', '\u0000'])}`
        if (r.chance(0.3)) method = wire.toUpperCase()
        if (r.chance(0.2))
          method = r.pick([
            '',
            '__proto__',
            'constructor',
            'toString',
            'chainHead_v1_follow',
            'hasOwnProperty',
          ])
        return {
          text: JSON.stringify({ jsonrpc: '2.0', id, method, params: [] }),
          expect: { id, label: 'unknown method -32601', check: wantError([-32601]) },
        }
      }
      case 3:
        return {
          text: JSON.stringify({
            jsonrpc: '2.0',
            id,
            method: wire,
            params: r.pick(['x', 5, true]),
          }),
          expect: { id, label: 'params not structured -32600', check: wantError([-32600]) },
        }
      case 4: {
        if (RPC_METHODS[name].kind === 'subscription') return undefined
        return {
          text: JSON.stringify({ jsonrpc: '2.0', id, method: wire, params: { a: 1 } }),
          expect: { id, label: 'named params -32602', check: wantError([-32602]) },
        }
      }
      case 5:
        return {
          text: JSON.stringify({
            jsonrpc: '2.0',
            id: r.pick([{}, [], true, false, { a: [1] }]),
            method: wire,
          }),
          expect: { id: null, label: 'bad id -32600', check: wantError([-32600]) },
        }
      default:
        if (inBatch) return undefined
        return {
          text: JSON.stringify(r.pick([1, 'x', null, true, 1e308])),
          expect: { id: null, label: 'not an object -32600', check: wantError([-32600]) },
        }
    }
  }

  /** One request: its text and expectation (none for a notification). */
  const request = (lane: LaneView, inBatch: boolean): { text: string; expect?: Expect } => {
    for (;;) {
      const roll = r.next()
      if (roll < XT_SHARE) {
        const plan = xt.next(lane)
        const id = freshId()
        return { text: envelope(id, plan), expect: plan.expect(id) }
      }
      if (roll < 0.75) {
        const name = r.pick(CANONICAL)
        const plan = rpc.valid(name as RpcMethodName, lane)
        if (plan === undefined) continue
        // A notification: no reply, and nothing happens that the model would need to know.
        if (plan.readOnly && r.chance(0.03)) return { text: envelope(undefined, plan) }
        const id = freshId()
        return { text: envelope(id, plan), expect: plan.expect(id) }
      }
      if (roll < 0.9) {
        const plan = rpc.invalid(r.pick(CANONICAL), lane)
        const id = freshId()
        return { text: envelope(id, plan), expect: plan.expect(id) }
      }
      if (roll < 0.96) {
        const one = brokenEnvelope(inBatch)
        if (one !== undefined) return one
        continue
      }
      return unsubscribe(lane, inBatch)
    }
  }

  const garbage = (): string => {
    for (;;) {
      const kind = r.int(4)
      let text: string
      if (kind === 0) {
        text = Buffer.from(r.bytes(1 + r.int(64))).toString('latin1')
      } else if (kind === 1) {
        const valid = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_chain', params: [] })
        const at = r.int(valid.length)
        text = r.chance(0.5)
          ? valid.slice(0, at)
          : `${valid.slice(0, at)}${r.pick(['{', '"', ',', ':', '\\', '}'])}${valid.slice(at)}`
      } else if (kind === 2) {
        text = '['.repeat(1 + r.int(5000))
      } else {
        text = r.pick([
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

  const next = (lane: LaneView): Case => {
    const roll = r.next()
    if (roll < 0.03)
      return {
        text: garbage(),
        shape: {
          type: 'single',
          expect: { id: null, label: 'garbage -32700', check: wantError([-32700]) },
        },
        requests: 1,
      }
    if (roll < 0.035)
      return {
        text: '[]',
        shape: {
          type: 'single',
          expect: { id: null, label: 'empty batch -32600', check: wantError([-32600]) },
        },
        requests: 1,
      }
    if (roll < 0.037) {
      const n = MAX_BATCH + 1 + r.int(20)
      const one = '{"jsonrpc":"2.0","id":1,"method":"system_health"}'
      return {
        text: `[${Array.from({ length: n }, () => one).join(',')}]`,
        shape: {
          type: 'single',
          expect: { id: null, label: 'batch too big -32010', check: wantError([-32010]) },
        },
        requests: n,
      }
    }
    if (roll < 0.04)
      return {
        text: deepText(2 + r.int(5000)),
        shape: {
          type: 'batch',
          expects: [{ id: null, label: 'deep batch -32600', check: wantError([-32600]) }],
        },
        requests: 1,
      }
    if (roll < 0.15) {
      const n = 1 + r.int(20)
      const texts: string[] = []
      const expects: Expect[] = []
      for (let i = 0; i < n; i++) {
        if (r.chance(0.05)) {
          texts.push(JSON.stringify(r.pick([1, 'x', null, [], [1]])))
          expects.push({
            id: null,
            label: 'batch entry not an object -32600',
            check: wantError([-32600]),
          })
          continue
        }
        const one = request(lane, true)
        texts.push(one.text)
        if (one.expect !== undefined) expects.push(one.expect)
      }
      return {
        text: `[${texts.join(',')}]`,
        shape: expects.length === 0 ? { type: 'none' } : { type: 'batch', expects },
        requests: texts.length,
      }
    }
    const one = request(lane, false)
    return {
      text: one.text,
      shape: one.expect === undefined ? { type: 'none' } : { type: 'single', expect: one.expect },
      requests: 1,
    }
  }

  return { next, xt }
}

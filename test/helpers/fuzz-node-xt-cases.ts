// Requests that carry extrinsic bytes — valid originals, refused seeds and their mutations — to
// every place the node takes them: author_submitExtrinsic, author_submitAndWatchExtrinsic,
// TaggedTransactionQueue_validate_transaction, TransactionPaymentApi_query_info and
// query_fee_details, payment_queryInfo. Each comes with the answer the pool model says is due.
import { bytesToHex, concatBytes, encode, u32, u128 } from '../../src/primitives/index.ts'
import { decodeExtrinsic } from '../../src/runtime/index.ts'
import { MUTATION_NAMES, mutate, type Original, type XtSeed } from './fuzz-node-extrinsics.ts'
import type { Expect, Id, LaneView, SubscriptionSpec } from './fuzz-node-lanes.ts'
import type { AuthorVerdict, RpcErrorJson } from './fuzz-node-oracle.ts'
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
import type { Random } from './fuzz-random.ts'

/** A request to make: method, params, and its expectation once it has an id. */
export interface RequestPlan {
  readonly method: string
  readonly params: readonly unknown[] | undefined
  /** Whether it may go out as a notification (no id, no reply): only when it changes nothing. */
  readonly readOnly: boolean
  /** Params as raw JSON text instead of `params` (e.g. nesting too deep to stringify). */
  readonly rawParams?: string
  expect(id: Id): Expect
}

/** A mismatch between what a mutation says it leads to and what the model computes. */
export interface IntentMismatch {
  readonly mutation: string
  readonly seed: string
  readonly intended: string
  readonly model: string
  readonly hex: string
}

const TRAP = 'Execution failed'
const NOT_FOUND = ' not found'

/** The author watch subscription; its first status is `ready` or `future`. */
const watchSpec = (key: string | undefined): SubscriptionSpec => ({
  method: 'author_submitAndWatchExtrinsic',
  notification: 'author_extrinsicUpdate',
  unsubscribe: ['author_unwatchExtrinsic'],
  first: v => (v === 'ready' || v === 'future' ? undefined : `first status ${JSON.stringify(v)}`),
  ...(key === undefined ? {} : { watchKey: key }),
})

const hexParam = (r: Random, bytes: Uint8Array): string => {
  const hex = bytesToHex(bytes)
  return r.chance(0.1) ? `0x${hex.slice(2).toUpperCase()}` : hex
}

/**
 * The extrinsic request generator.
 *
 * @example const xt = createXtRequests(world, r, 20_000); const plan = xt.next(lane)
 */
export const createXtRequests = (world: FuzzWorld, r: Random, poolRequests: number) => {
  const { model, signing } = world
  // Originals not yet submitted, in random order. A few in the second half of each sender's
  // nonces are never submitted, so that the final block stops at the gap and the accepted ones
  // behind it stay in the pool as future transactions.
  const firstNonce = new Map<string, number>()
  for (const o of world.originals)
    firstNonce.set(o.signerName, Math.min(firstNonce.get(o.signerName) ?? o.nonce, o.nonce))
  const heldBack = new Set<string>()
  const unsubmitted = world.originals.filter(o => {
    const index = o.nonce - (firstNonce.get(o.signerName) ?? 0)
    const middle = index >= Math.floor(world.perSigner / 2) && index < world.perSigner - 1
    if (!middle || !r.chance(0.25)) return true
    heldBack.add(o.key)
    return false
  })
  for (let i = unsubmitted.length - 1; i > 0; i--) {
    const j = r.int(i + 1)
    ;[unsubmitted[i], unsubmitted[j]] = [unsubmitted[j] as Original, unsubmitted[i] as Original]
  }
  const acceptedSettled: Original[] = []
  const bannedSettled: Uint8Array[] = []
  const mismatches: IntentMismatch[] = []
  const mutations: Record<string, number> = {}
  // Enough that most originals go out over the run, spread through it.
  const originalsShare = Math.min(0.3, (unsubmitted.length * 1.2) / Math.max(1, poolRequests))

  /** Bytes to send: an original, a repeat, a seed, or a mutation of one. */
  const pickBytes = (forPool: boolean): { bytes: Uint8Array; original?: Original } => {
    const roll = r.next()
    if (forPool && roll < originalsShare) {
      while (unsubmitted.length > 0) {
        const original = unsubmitted.pop() as Original
        if (!model.isAccepted(original.key)) return { bytes: original.bytes, original }
      }
    }
    if (forPool && roll < originalsShare + 0.06) {
      if (r.chance(0.5) && acceptedSettled.length > 0)
        return { bytes: r.pick(acceptedSettled).bytes }
      if (bannedSettled.length > 0) return { bytes: r.pick(bannedSettled) }
    }
    const seed = r.pick(world.seeds)
    const held = forPool && heldBack.has(model.hashKey(seed.bytes))
    if (roll > 0.9 && !held) {
      mutations['none'] = (mutations['none'] ?? 0) + 1
      checkIntent('none', seed, seed.bytes, seed.intended)
      return { bytes: seed.bytes }
    }
    const name = r.pick(MUTATION_NAMES)
    mutations[name] = (mutations[name] ?? 0) + 1
    const mutated = mutate(r, name, seed, r.pick(world.seeds), signing)
    if (mutated.intended !== undefined) checkIntent(name, seed, mutated.bytes, mutated.intended)
    return { bytes: mutated.bytes }
  }

  const checkIntent = (mutation: string, seed: XtSeed, bytes: Uint8Array, intended: string) => {
    const got = model.classify(bytes).cls
    if (got !== intended && mismatches.length < 50)
      mismatches.push({ mutation, seed: seed.name, intended, model: got, hex: bytesToHex(bytes) })
  }

  const submit = (lane: LaneView, watch: boolean): RequestPlan | undefined => {
    const method = watch ? 'author_submitAndWatchExtrinsic' : 'author_submitExtrinsic'
    const { bytes } = pickBytes(!(watch && lane.transport === 'http'))
    if (watch && lane.transport === 'http') {
      // Refused before its params are read: the pool never sees it.
      return {
        method,
        params: [hexParam(r, bytes)],
        readOnly: false,
        expect: id => ({ id, label: 'watch over http -32050', check: wantError([-32050]) }),
      }
    }
    const verdict: AuthorVerdict | undefined = model.expectSubmit(bytes, watch)
    if (verdict === undefined) return undefined
    const key = verdict.key
    if (key !== undefined) model.sent(key)
    const short = watch ? 'watch' : 'submit'
    return {
      method,
      params: [hexParam(r, bytes)],
      readOnly: false,
      expect: id => ({
        id,
        label: `${short} ${verdict.label}`,
        check: verdict.check,
        after: (error: RpcErrorJson | undefined) => {
          if (key !== undefined) model.landed(key)
          verdict.settle(error)
          if (error === undefined && verdict.accepts !== undefined)
            acceptedSettled.push(verdict.accepts)
          if (
            error?.code === 1010 &&
            (verdict.label.startsWith('1010 bad signature') ||
              verdict.label.startsWith('1010 outdated'))
          ) {
            if (bannedSettled.length < 5000) bannedSettled.push(bytes)
            else bannedSettled[r.int(bannedSettled.length)] = bytes
          }
        },
        ...(watch ? { subscribes: watchSpec(key) } : {}),
      }),
    }
  }

  /** Runtime API args around extrinsic bytes, sometimes broken on purpose. */
  const breakArgs = (args: Uint8Array): Uint8Array => {
    if (!r.chance(0.15)) return args
    switch (r.int(3)) {
      case 0:
        return args.slice(0, r.int(args.length))
      case 1:
        return concatBytes(args, r.bytes(1 + r.int(4)))
      default:
        return r.bytes(r.int(80))
    }
  }

  const stateCall = (
    api: string,
    args: Uint8Array,
    at: { param: string | null | undefined; block: BlockSnapshot | undefined },
    verdict: { label: string; hex: string } | { label: string; trap: true },
  ): RequestPlan => {
    const wire = r.chance(0.2) ? 'state_callAt' : 'state_call'
    return {
      method: wire,
      params: withAt([api, hexParam(r, args)], at.param),
      readOnly: true,
      expect: id =>
        at.block === undefined
          ? { id, label: 'state_call unknown block', check: wantError([4003], NOT_FOUND) }
          : 'trap' in verdict
            ? { id, label: verdict.label, check: wantError([4003], TRAP) }
            : { id, label: verdict.label, check: wantResult(v => sameJson(v, verdict.hex)) },
    }
  }

  const validate = (bytes: Uint8Array): RequestPlan => {
    const source = r.chance(0.9) ? r.int(3) : r.range(3, 255)
    const hash = r.chance(0.5) ? r.bytes(32) : signing.blockHashes[signing.blockHashes.length - 1]
    const args = breakArgs(concatBytes(Uint8Array.of(source), bytes, hash as Uint8Array))
    // Validation runs at the block it is called at: its hashes and its nonces.
    const at = pickAt(r, world)
    const block = at.block ?? world.best
    const due = model.expectValidate(args, {
      view: {
        ...world.model.view,
        blockNumber: block.number + 1,
        blockHash: n => (n <= block.number ? signing.blockHashes[n] : undefined),
      },
      stateNonce: who => nonceAt(world.runtime, block, who),
    })
    return stateCall('TaggedTransactionQueue_validate_transaction', args, at, due)
  }

  const queryInfo = (bytes: Uint8Array): RequestPlan => {
    const length = r.chance(0.8) ? bytes.length : r.int(2 ** 32)
    const args = breakArgs(concatBytes(bytes, encode(u32, length)))
    const at = pickAt(r, world)
    if (r.chance(0.5))
      return stateCall('TransactionPaymentApi_query_info', args, at, model.expectQueryInfo(args))
    let tip: bigint | undefined
    try {
      tip =
        args.length < 4
          ? undefined
          : (decodeExtrinsic(world.runtime, args.subarray(0, args.length - 4)).signed?.extra.tip ??
            0n)
    } catch {
      tip = undefined
    }
    return stateCall(
      'TransactionPaymentApi_query_fee_details',
      args,
      at,
      tip === undefined
        ? { label: 'fee_details trap', trap: true }
        : {
            label: 'fee_details Ok',
            hex: bytesToHex(concatBytes(Uint8Array.of(0), encode(u128, tip))),
          },
    )
  }

  const paymentInfo = (bytes: Uint8Array): RequestPlan => {
    const at = pickAt(r, world)
    const due = model.expectPaymentInfo(bytes)
    return {
      method: 'payment_queryInfo',
      params: withAt([hexParam(r, bytes)], at.param),
      readOnly: true,
      expect: id =>
        at.block === undefined
          ? { id, label: 'payment_queryInfo unknown block', check: wantError([4003], NOT_FOUND) }
          : due === undefined
            ? { id, label: 'payment_queryInfo 1001', check: wantError([1001]) }
            : { id, label: 'payment_queryInfo Ok', check: wantResult(v => sameJson(v, due)) },
    }
  }

  return {
    /** The next extrinsic request for `lane`. */
    next(lane: LaneView): RequestPlan {
      const roll = r.next()
      if (roll < 0.45) {
        const plan = submit(lane, roll >= 0.25)
        // The same parse-valid hash is in flight elsewhere: ask a stateless question instead.
        if (plan !== undefined) return plan
      }
      const { bytes } = pickBytes(false)
      if (roll < 0.7) return validate(bytes)
      if (roll < 0.85) return queryInfo(bytes)
      return paymentInfo(bytes)
    },
    /** Mutations whose declared outcome the model disagreed with. */
    mismatches: () => mismatches,
    mutations: () => mutations,
    /** Originals never submitted. */
    unsubmitted: () => unsubmitted.filter(o => !model.isAccepted(o.key)).length,
  }
}

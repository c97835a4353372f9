import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createTxPool,
  type ExtrinsicStatus,
  type PoolExtrinsic,
  type TxPool,
} from '../src/node/txpool/index.ts'

// Random interleavings of concurrent submissions, blocks (some transactions found invalid),
// state changes outside blocks and finality, against a fake chain whose nonces move exactly as
// the runtime's do. After every step the pool must agree with the chain.

type Op =
  | {
      type: 'burst'
      txs: { signer: number; ahead: number; tip: number; bad: boolean; again: boolean }[]
    }
  | { type: 'block'; max: number; invalidFirst: boolean; finalize: boolean; late: boolean }
  | { type: 'bump'; signer: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    type: fc.constant('burst' as const),
    txs: fc.array(
      fc.record({
        signer: fc.integer({ min: 1, max: 4 }),
        ahead: fc.integer({ min: -2, max: 5 }),
        tip: fc.integer({ min: 0, max: 3 }),
        bad: fc.integer({ min: 0, max: 9 }).map(n => n === 0),
        again: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  }),
  fc.record({
    type: fc.constant('block' as const),
    max: fc.integer({ min: 0, max: 6 }),
    invalidFirst: fc.boolean(),
    finalize: fc.boolean(),
    late: fc.boolean(),
  }),
  fc.record({ type: fc.constant('bump' as const), signer: fc.integer({ min: 1, max: 4 }) }),
)

const account = (id: number): Uint8Array => new Uint8Array(32).fill(id)
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

const run = async (ops: Op[]) => {
  const nonces = new Map<number, number>()
  const parsed = new Map<string, PoolExtrinsic>()
  // One status list per submission: a hash may be submitted again after its ban ran out.
  const statuses: { key: string; seq: ExtrinsicStatus['type'][] }[] = []
  const includedEver = new Set<string>()
  const submitted: Uint8Array[] = []
  let counter = 0
  let blocks = 0
  const pool: TxPool = createTxPool({
    parse: bytes => {
      const value = parsed.get(hex(bytes))
      return value
        ? { type: 'Ok', value }
        : { type: 'Err', value: { type: 'BadFormat', value: 'unknown' } }
    },
    verify: async checks => checks.map(c => c.signature[0] === 1),
    accountNonce: who => nonces.get(who[0] as number) ?? 0,
    schedule: task => queueMicrotask(task),
    limits: { maxCount: 24, maxPerAccount: 10, maxFutureCount: 6, banBlocks: 3, recentBlocks: 3 },
  })
  const make = (signer: number, nonce: number, tip: number, bad: boolean): Uint8Array => {
    const bytes = new Uint8Array(4 + (counter % 5))
    new DataView(bytes.buffer).setUint32(0, ++counter)
    const hash = new Uint8Array(32)
    new DataView(hash.buffer).setUint32(0, counter)
    parsed.set(hex(bytes), {
      bytes,
      hash,
      length: bytes.length,
      signed: {
        signer: account(signer),
        nonce,
        tip: BigInt(tip),
        longevity: counter % 3 === 0 ? 4 : Number.MAX_SAFE_INTEGER,
        signature: {
          scheme: 'Sr25519',
          publicKey: account(signer),
          message: bytes,
          signature: new Uint8Array([bad ? 0 : 1]),
        },
      },
    })
    return bytes
  }
  const info = (bytes: Uint8Array) => parsed.get(hex(bytes)) as PoolExtrinsic

  const check = () => {
    const ready = [...pool.readyTransactions()]
    const bySigner = new Map<number, number[]>()
    for (const tx of ready) {
      const id = tx.signer[0] as number
      bySigner.set(id, [...(bySigner.get(id) ?? []), tx.nonce])
    }
    for (let id = 1; id <= 4; id++) {
      const run = bySigner.get(id) ?? []
      const start = nonces.get(id) ?? 0
      // A contiguous run from the state nonce, in order.
      expect(run).toEqual(run.map((_, i) => start + i))
      expect(pool.pendingNonce(account(id))).toBe(start + run.length)
    }
    const pending = pool.pending()
    const status = pool.status()
    expect(status.ready).toBe(ready.length)
    expect(status.ready + status.future).toBe(pending.length)
    expect(status.bytes).toBe(pending.reduce((sum, b) => sum + b.length, 0))
    for (const bytes of pending.slice(ready.length)) {
      const signed = info(bytes).signed
      if (signed === undefined) throw new TypeError('unsigned in the pool')
      // A future transaction really waits for a gap.
      expect(signed.nonce).toBeGreaterThan(pool.pendingNonce(signed.signer))
    }
    for (const bytes of pending) expect(includedEver.has(hex(info(bytes).hash))).toBe(false)
  }

  for (const step of ops) {
    if (step.type === 'burst') {
      const all = step.txs.map(t => {
        const previous = submitted[submitted.length - 1]
        const bytes =
          t.again && previous !== undefined
            ? previous
            : make(t.signer, Math.max(0, (nonces.get(t.signer) ?? 0) + t.ahead), t.tip, t.bad)
        submitted.push(bytes)
        const watched = { key: hex(info(bytes).hash), seq: [] as ExtrinsicStatus['type'][] }
        statuses.push(watched)
        return pool.submit(bytes, s => watched.seq.push(s.type))
      })
      await Promise.all(all)
    } else if (step.type === 'bump') {
      nonces.set(step.signer, (nonces.get(step.signer) ?? 0) + 1)
      pool.resync()
    } else {
      const included: Uint8Array[] = []
      const invalid: Uint8Array[] = []
      const iterator = pool.readyTransactions()
      for (const tx of iterator) {
        if (included.length + invalid.length >= step.max) break
        const id = tx.signer[0] as number
        expect(tx.nonce).toBe(nonces.get(id) ?? 0)
        if (step.invalidFirst && invalid.length === 0) {
          invalid.push(tx.hash)
          iterator.skipSender(tx)
          continue
        }
        nonces.set(id, tx.nonce + 1)
        included.push(tx.hash)
      }
      for (const hash of included) includedEver.add(hex(hash))
      // The node may switch to the new state before telling the pool: reads in between see it.
      if (step.late) for (let id = 1; id <= 4; id++) pool.pendingNonce(account(id))
      const hash = new Uint8Array(32).fill(++blocks % 256)
      pool.onBlock({ hash, included, invalid })
      if (step.finalize) pool.finalized(hash, included)
    }
    check()
  }

  // Every status sequence follows the lifecycle, and nothing comes after an ending status.
  const lifecycle =
    /^((future|ready),)*(inBlock,(finalized,|finalityTimeout,)?|usurped,|dropped,|invalid,)?$/
  for (const { seq } of statuses) expect(`${seq.join(',')},`.replace(/^,$/, '')).toMatch(lifecycle)
  for (const key of includedEver) {
    expect(statuses.some(s => s.key === key && s.seq.includes('inBlock'))).toBe(true)
  }
}

describe('txpool properties', () => {
  it('ready runs stay contiguous from the state nonce; included transactions leave', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), run), {
      numRuns: 300,
    })
  })
})

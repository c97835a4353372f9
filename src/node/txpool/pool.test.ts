import { describe, expect, it } from 'vitest'
import {
  createTxPool,
  type ExtrinsicStatus,
  type PoolExtrinsic,
  type PoolParseResult,
  type PoolRejection,
  type SignatureCheck,
  type SubmitResult,
  type TxPool,
  type TxPoolLimits,
  type TxPoolOptions,
} from './index.ts'

// A fake chain: each transaction's bytes are a registry key, its signer is one byte (account id
// `[id, 0, …]`), nonces live in a Map, and a signature is "good" unless the test says otherwise.
interface FakeTx {
  signer?: number
  nonce: number
  tip?: bigint
  size?: number
  longevity?: number
  badSignature?: boolean
  unsigned?: boolean
}

const account = (id: number): Uint8Array => {
  const out = new Uint8Array(32)
  out[0] = id
  return out
}

const createFake = (options: { limits?: TxPoolLimits; verify?: TxPoolOptions['verify'] } = {}) => {
  const registry = new Map<string, PoolParseResult<PoolExtrinsic>>()
  const nonces = new Map<number, number>()
  const verifyCalls: (readonly SignatureCheck[])[] = []
  let counter = 0
  let blockNumber = 0

  const key = (bytes: Uint8Array) => Array.from(bytes).join(',')
  const make = (tx: FakeTx): Uint8Array => {
    counter++
    const bytes = new Uint8Array(tx.size ?? 8)
    new DataView(bytes.buffer).setUint32(0, counter)
    const hash = new Uint8Array(32)
    new DataView(hash.buffer).setUint32(28, counter)
    const signer = account(tx.signer ?? 1)
    registry.set(key(bytes), {
      type: 'Ok',
      value: {
        bytes,
        hash,
        length: bytes.length,
        signed: tx.unsigned
          ? undefined
          : {
              signer,
              nonce: tx.nonce,
              tip: tx.tip ?? 0n,
              longevity: tx.longevity ?? Number.MAX_SAFE_INTEGER,
              signature: {
                scheme: 'Sr25519',
                publicKey: signer,
                message: bytes,
                signature: new Uint8Array([tx.badSignature ? 0 : 1]),
              },
            },
      },
    })
    return bytes
  }
  const rejectBytes = (bytes: Uint8Array, value: PoolParseResult<PoolExtrinsic>) => {
    registry.set(key(bytes), value)
    return bytes
  }
  const hashOf = (bytes: Uint8Array): Uint8Array => {
    const parsed = registry.get(key(bytes))
    if (parsed?.type !== 'Ok') throw new TypeError('not a registered transaction')
    return parsed.value.hash
  }

  const pool: TxPool = createTxPool({
    parse: bytes =>
      registry.get(key(bytes)) ?? { type: 'Err', value: { type: 'BadFormat', value: 'unknown' } },
    verify:
      options.verify ??
      (async checks => {
        verifyCalls.push(checks)
        return checks.map(c => c.signature[0] === 1)
      }),
    accountNonce: who => nonces.get(who[0] as number) ?? 0,
    schedule: task => queueMicrotask(task),
    ...(options.limits ? { limits: options.limits } : {}),
  })

  /** Builds a block of up to `max` ready transactions, applying nonces as the runtime would. */
  const seal = (max = Number.POSITIVE_INFINITY) => {
    const included: Uint8Array[] = []
    for (const tx of pool.readyTransactions()) {
      if (included.length >= max) break
      const id = tx.signer[0] as number
      expect(tx.nonce).toBe(nonces.get(id) ?? 0)
      nonces.set(id, tx.nonce + 1)
      included.push(tx.hash)
    }
    const hash = new Uint8Array(32).fill(++blockNumber)
    pool.onBlock({ hash, included, invalid: [] })
    return { hash, included }
  }

  return { pool, make, rejectBytes, hashOf, nonces, verifyCalls, seal }
}

const ok = (status: 'ready' | 'future') => ({
  type: 'Ok',
  value: { hash: expect.any(Uint8Array), status },
})
const err = (value: PoolRejection): SubmitResult => ({ type: 'Err', value })
const order = (pool: TxPool) => [...pool.readyTransactions()].map(tx => [tx.signer[0], tx.nonce])
const flush = () => new Promise<void>(resolve => setImmediate(resolve))

describe('admission', () => {
  it('admits the next nonce as ready and counts it in pendingNonce', async () => {
    const { pool, make } = createFake()
    expect(await pool.submit(make({ nonce: 0 }))).toEqual(ok('ready'))
    expect(await pool.submit(make({ nonce: 1 }))).toEqual(ok('ready'))
    expect(pool.pendingNonce(account(1))).toBe(2)
    expect(pool.pendingNonce(account(2))).toBe(0)
    expect(pool.status()).toEqual({ ready: 2, future: 0, bytes: 16 })
  })

  it('keeps a nonce gap in the future queue and promotes when it closes', async () => {
    const { pool, make } = createFake()
    expect(await pool.submit(make({ nonce: 2 }))).toEqual(ok('future'))
    expect(await pool.submit(make({ nonce: 1 }))).toEqual(ok('future'))
    expect(pool.pendingNonce(account(1))).toBe(0)
    expect(pool.status()).toMatchObject({ ready: 0, future: 2 })
    expect(await pool.submit(make({ nonce: 0 }))).toEqual(ok('ready'))
    expect(pool.status()).toMatchObject({ ready: 3, future: 0 })
    expect(pool.pendingNonce(account(1))).toBe(3)
    expect(order(pool)).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
    ])
  })

  it('verifies each signature exactly once, batching concurrent submissions into one call', async () => {
    const { pool, make, verifyCalls, seal } = createFake()
    const all = Array.from({ length: 100 }, (_, i) => make({ signer: 1 + (i % 7), nonce: i + 7 }))
    const results = await Promise.all(all.map(bytes => pool.submit(bytes)))
    expect(results.every(r => r.type === 'Ok')).toBe(true)
    expect(verifyCalls).toHaveLength(1)
    expect(verifyCalls[0]).toHaveLength(100)
    // Closing the gaps, blocks and promotions verify nothing again.
    await Promise.all(
      Array.from({ length: 7 }, (_, s) =>
        Promise.all(
          Array.from({ length: 7 }, (_, n) => pool.submit(make({ signer: s + 1, nonce: n }))),
        ),
      ),
    )
    seal()
    seal()
    const checked = verifyCalls.reduce((sum, call) => sum + call.length, 0)
    expect(checked).toBe(149)
  })

  it('splits a burst into batches of maxBatch', async () => {
    const { pool, make, verifyCalls } = createFake({ limits: { maxBatch: 40 } })
    await Promise.all(Array.from({ length: 100 }, (_, i) => pool.submit(make({ nonce: i }))))
    expect(verifyCalls.map(c => c.length)).toEqual([40, 40, 20])
    expect(pool.pendingNonce(account(1))).toBe(100)
  })
})

describe('rejections', () => {
  it('BadFormat: bytes parse refuses or throws on', async () => {
    const { pool } = createFake()
    expect(await pool.submit(new Uint8Array([9, 9]))).toEqual(
      err({ type: 'BadFormat', value: 'unknown' }),
    )
    const throwing = createTxPool({
      parse: () => {
        throw new RangeError('truncated')
      },
      verify: async () => [],
      accountNonce: () => 0,
    })
    expect(await throwing.submit(new Uint8Array(1))).toEqual(
      err({ type: 'BadFormat', value: 'truncated' }),
    )
  })

  it('Invalid and Unknown from parse pass through', async () => {
    const { pool, rejectBytes } = createFake()
    const ancient = rejectBytes(new Uint8Array([1]), {
      type: 'Err',
      value: { type: 'Validity', value: { type: 'Invalid', value: { type: 'AncientBirthBlock' } } },
    })
    const lookup = rejectBytes(new Uint8Array([2]), {
      type: 'Err',
      value: { type: 'Validity', value: { type: 'Unknown', value: { type: 'CannotLookup' } } },
    })
    expect(await pool.submit(ancient)).toEqual(
      err({ type: 'Invalid', value: { type: 'AncientBirthBlock' } }),
    )
    expect(await pool.submit(lookup)).toEqual(
      err({ type: 'Unknown', value: { type: 'CannotLookup' } }),
    )
  })

  it('Unknown NoUnsignedValidator for an unsigned extrinsic, without verifying anything', async () => {
    const { pool, make, verifyCalls } = createFake()
    expect(await pool.submit(make({ nonce: 0, unsigned: true }))).toEqual(
      err({ type: 'Unknown', value: { type: 'NoUnsignedValidator' } }),
    )
    expect(verifyCalls).toHaveLength(0)
  })

  it('BadProof, then TemporarilyBanned until the ban runs out', async () => {
    const { pool, make, seal } = createFake({ limits: { banBlocks: 3 } })
    const bad = make({ nonce: 0, badSignature: true })
    expect(await pool.submit(bad)).toEqual(err({ type: 'Invalid', value: { type: 'BadProof' } }))
    expect(await pool.submit(bad)).toEqual(err({ type: 'TemporarilyBanned' }))
    seal()
    seal()
    expect(await pool.submit(bad)).toEqual(err({ type: 'TemporarilyBanned' }))
    seal()
    expect(await pool.submit(bad)).toEqual(err({ type: 'Invalid', value: { type: 'BadProof' } }))
  })

  it('VerificationFailed when the verifier fails the batch', async () => {
    const { pool, make } = createFake({
      verify: async () => {
        throw new TypeError('worker exited')
      },
    })
    expect(await pool.submit(make({ nonce: 0 }))).toEqual(
      err({ type: 'VerificationFailed', value: 'worker exited' }),
    )
    // Not banned: a retry may succeed once the workers are back.
    expect((await pool.submit(make({ nonce: 0 }))).type).toBe('Err')
  })

  it('VerificationFailed for items the verifier gave no answer for', async () => {
    const { pool, make } = createFake({ verify: async () => [true] })
    const [first, second] = await Promise.all([
      pool.submit(make({ nonce: 0 })),
      pool.submit(make({ nonce: 1 })),
    ])
    expect(first).toEqual(ok('ready'))
    expect(second).toEqual(
      err({ type: 'VerificationFailed', value: 'the verifier gave no answer' }),
    )
  })

  it('Unknown CannotLookup when the state nonce cannot be read', async () => {
    const pool = createTxPool({
      parse: bytes => ({
        type: 'Ok',
        value: {
          bytes,
          hash: new Uint8Array(32),
          length: 1,
          signed: {
            signer: account(1),
            nonce: 0,
            tip: 0n,
            longevity: Number.MAX_SAFE_INTEGER,
            signature: {
              scheme: 'Ed25519',
              publicKey: account(1),
              message: bytes,
              signature: bytes,
            },
          },
        },
      }),
      verify: async checks => checks.map(() => true),
      accountNonce: () => {
        throw new RangeError('store closed')
      },
    })
    expect(await pool.submit(new Uint8Array(1))).toEqual(
      err({ type: 'Unknown', value: { type: 'CannotLookup' } }),
    )
  })

  it('Stale below the state nonce (and banned)', async () => {
    const { pool, make, nonces } = createFake()
    nonces.set(1, 5)
    const stale = make({ nonce: 4 })
    expect(await pool.submit(stale)).toEqual(err({ type: 'Invalid', value: { type: 'Stale' } }))
    expect(await pool.submit(stale)).toEqual(err({ type: 'TemporarilyBanned' }))
    expect(await pool.submit(make({ nonce: 5 }))).toEqual(ok('ready'))
  })

  it('Future beyond maxNonceGap past the pending nonce', async () => {
    const { pool, make } = createFake({ limits: { maxNonceGap: 10 } })
    await pool.submit(make({ nonce: 0 }))
    expect(await pool.submit(make({ nonce: 11 }))).toEqual(ok('future'))
    expect(await pool.submit(make({ nonce: 12 }))).toEqual(
      err({ type: 'Invalid', value: { type: 'Future' } }),
    )
  })

  it('AlreadyImported while in the pool, while being verified, and after inclusion', async () => {
    const { pool, make, hashOf, seal } = createFake({ limits: { recentBlocks: 2 } })
    const bytes = make({ nonce: 0 })
    const hash = hashOf(bytes)
    const [first, concurrent] = await Promise.all([pool.submit(bytes), pool.submit(bytes)])
    expect(first).toEqual(ok('ready'))
    expect(concurrent).toEqual(err({ type: 'AlreadyImported', value: hash }))
    expect(await pool.submit(bytes)).toEqual(err({ type: 'AlreadyImported', value: hash }))
    seal()
    expect(await pool.submit(bytes)).toEqual(err({ type: 'AlreadyImported', value: hash }))
    seal()
    expect(await pool.submit(bytes)).toEqual(err({ type: 'AlreadyImported', value: hash }))
    seal()
    // Out of the recent window (the including block and the next): now it is simply outdated.
    expect(await pool.submit(bytes)).toEqual(err({ type: 'Invalid', value: { type: 'Stale' } }))
  })

  it('TooLowPriority for the same (sender, nonce) without a higher tip', async () => {
    const { pool, make } = createFake()
    await pool.submit(make({ nonce: 0, tip: 5n }))
    expect(await pool.submit(make({ nonce: 0, tip: 5n }))).toEqual(
      err({ type: 'TooLowPriority', value: { old: 5n, new: 5n } }),
    )
    expect(await pool.submit(make({ nonce: 0, tip: 1n }))).toEqual(
      err({ type: 'TooLowPriority', value: { old: 5n, new: 1n } }),
    )
  })

  it('ImmediatelyDropped at maxCount, maxBytes and maxPerAccount', async () => {
    const count = createFake({ limits: { maxCount: 2 } })
    await count.pool.submit(count.make({ signer: 1, nonce: 0 }))
    await count.pool.submit(count.make({ signer: 2, nonce: 0 }))
    expect(await count.pool.submit(count.make({ signer: 3, nonce: 0 }))).toEqual(
      err({ type: 'ImmediatelyDropped', value: { limit: 'maxCount', max: 2 } }),
    )

    const bytes = createFake({ limits: { maxBytes: 20 } })
    await bytes.pool.submit(bytes.make({ nonce: 0, size: 15 }))
    expect(await bytes.pool.submit(bytes.make({ signer: 2, nonce: 0, size: 6 }))).toEqual(
      err({ type: 'ImmediatelyDropped', value: { limit: 'maxBytes', max: 20 } }),
    )
    expect(await bytes.pool.submit(bytes.make({ signer: 2, nonce: 0, size: 21 }))).toEqual(
      err({ type: 'ImmediatelyDropped', value: { limit: 'maxBytes', max: 20 } }),
    )
    expect(await bytes.pool.submit(bytes.make({ signer: 2, nonce: 0, size: 5 }))).toEqual(
      ok('ready'),
    )

    const perAccount = createFake({ limits: { maxPerAccount: 2 } })
    await perAccount.pool.submit(perAccount.make({ nonce: 0 }))
    await perAccount.pool.submit(perAccount.make({ nonce: 1 }))
    expect(await perAccount.pool.submit(perAccount.make({ nonce: 2 }))).toEqual(
      err({ type: 'ImmediatelyDropped', value: { limit: 'maxPerAccount', max: 2 } }),
    )
    expect(await perAccount.pool.submit(perAccount.make({ signer: 2, nonce: 0 }))).toEqual(
      ok('ready'),
    )
  })

  it('ImmediatelyDropped when the future queue is disabled', async () => {
    const { pool, make } = createFake({ limits: { maxFutureCount: 0 } })
    expect(await pool.submit(make({ nonce: 1 }))).toEqual(
      err({ type: 'ImmediatelyDropped', value: { limit: 'maxFutureCount', max: 0 } }),
    )
  })

  it('AncientBirthBlock when the era ran out while the signature was checked', async () => {
    const { pool, make, seal } = createFake()
    const pending = pool.submit(make({ nonce: 0, longevity: 1 }))
    seal()
    expect(await pending).toEqual(err({ type: 'Invalid', value: { type: 'AncientBirthBlock' } }))
  })
})

describe('ordering', () => {
  it('yields each sender by nonce, senders by tip then arrival', async () => {
    const { pool, make } = createFake()
    await pool.submit(make({ signer: 1, nonce: 0, tip: 1n }))
    await pool.submit(make({ signer: 2, nonce: 0, tip: 0n }))
    await pool.submit(make({ signer: 3, nonce: 0, tip: 0n }))
    await pool.submit(make({ signer: 1, nonce: 1, tip: 0n }))
    await pool.submit(make({ signer: 2, nonce: 1, tip: 9n }))
    expect(order(pool)).toEqual([
      [1, 0], // highest tip among the heads
      [2, 0], // heads now tip 0 (2 before 3 by arrival, 1's next) ...
      [2, 1], // ... but 2's next has tip 9
      [3, 0],
      [1, 1],
    ])
  })

  it('skipSender leaves out the rest of a sender', async () => {
    const { pool, make } = createFake()
    for (let n = 0; n < 3; n++) {
      await pool.submit(make({ signer: 1, nonce: n }))
      await pool.submit(make({ signer: 2, nonce: n }))
    }
    const seen: number[][] = []
    const ready = pool.readyTransactions()
    for (const tx of ready) {
      seen.push([tx.signer[0] as number, tx.nonce])
      if (tx.signer[0] === 1) ready.skipSender(tx)
    }
    expect(seen).toEqual([
      [1, 0],
      [2, 0],
      [2, 1],
      [2, 2],
    ])
  })

  it('lists ready transactions in block order, then future ones, as pending', async () => {
    const { pool, make } = createFake()
    const future = make({ signer: 1, nonce: 5 })
    const a = make({ signer: 2, nonce: 0 })
    const b = make({ signer: 1, nonce: 0, tip: 3n })
    for (const bytes of [future, a, b]) await pool.submit(bytes)
    expect(pool.pending()).toEqual([b, a, future])
  })
})

describe('blocks', () => {
  it('removes included transactions and promotes future ones across blocks', async () => {
    const { pool, make, seal, nonces } = createFake()
    await pool.submit(make({ nonce: 0 }))
    await pool.submit(make({ nonce: 2 }))
    expect(seal().included).toHaveLength(1)
    expect(pool.status()).toMatchObject({ ready: 0, future: 1 })
    expect(pool.pendingNonce(account(1))).toBe(1)
    // Another node's block (or dev state) moved the nonce on: the future one becomes ready.
    nonces.set(1, 2)
    pool.resync()
    expect(pool.status()).toMatchObject({ ready: 1, future: 0 })
    expect(order(pool)).toEqual([[1, 2]])
  })

  it('what the state passed between blocks waits for the next block to say included or invalid', async () => {
    const { pool, make, nonces, hashOf } = createFake()
    const included = make({ nonce: 0 })
    const lost = make({ signer: 2, nonce: 0 })
    const statuses: string[] = []
    await pool.submit(included, s => statuses.push(`a:${s.type}`))
    await pool.submit(lost, s => statuses.push(`b:${s.type}`))
    // The node switched to the new state before calling onBlock.
    nonces.set(1, 1)
    nonces.set(2, 1)
    expect(pool.pendingNonce(account(1))).toBe(1)
    expect(await pool.submit(make({ signer: 2, nonce: 1 }))).toEqual(ok('ready'))
    expect(pool.status()).toEqual({ ready: 1, future: 0, bytes: 8 })
    expect(await pool.submit(included)).toEqual(
      err({ type: 'AlreadyImported', value: hashOf(included) }),
    )
    const hash = new Uint8Array(32).fill(1)
    pool.onBlock({ hash, included: [hashOf(included)], invalid: [] })
    expect(statuses).toEqual(['a:ready', 'b:ready', 'a:inBlock', 'b:invalid'])
    expect(await pool.submit(lost)).toEqual(err({ type: 'TemporarilyBanned' }))
  })

  it('resync drops what state changes outside blocks made stale, as invalid', async () => {
    const { pool, make, nonces } = createFake()
    const bytes = make({ nonce: 0 })
    const statuses: string[] = []
    await pool.submit(bytes, s => statuses.push(s.type))
    nonces.set(1, 1)
    pool.resync()
    expect(statuses).toEqual(['ready', 'invalid'])
    expect(pool.status()).toEqual({ ready: 0, future: 0, bytes: 0 })
    expect(await pool.submit(bytes)).toEqual(err({ type: 'TemporarilyBanned' }))
  })

  it('removes and bans what the builder found invalid; later nonces wait', async () => {
    const { pool, make, hashOf } = createFake()
    const first = make({ nonce: 0 })
    await pool.submit(first)
    const statuses: ExtrinsicStatus['type'][] = []
    await pool.submit(make({ nonce: 1 }), s => statuses.push(s.type))
    pool.onBlock({ hash: new Uint8Array(32), included: [], invalid: [hashOf(first)] })
    expect(pool.status()).toMatchObject({ ready: 0, future: 1 })
    expect(statuses).toEqual(['ready', 'future'])
    expect(await pool.submit(first)).toEqual(err({ type: 'TemporarilyBanned' }))
    await pool.submit(make({ nonce: 0 }))
    expect(statuses).toEqual(['ready', 'future', 'ready'])
  })

  it('drops mortal transactions when their era ends', async () => {
    const { pool, make, seal } = createFake()
    const statuses: ExtrinsicStatus['type'][] = []
    await pool.submit(make({ nonce: 1, longevity: 2 }), s => statuses.push(s.type))
    seal()
    expect(pool.status().future).toBe(1)
    seal()
    expect(pool.status().future).toBe(0)
    expect(statuses).toEqual(['future', 'invalid'])
  })

  it('limits a block with seal(max) and keeps the rest ready', async () => {
    const { pool, make, seal } = createFake()
    for (let n = 0; n < 5; n++) await pool.submit(make({ nonce: n }))
    seal(2)
    expect(order(pool)).toEqual([
      [1, 2],
      [1, 3],
      [1, 4],
    ])
    expect(pool.pendingNonce(account(1))).toBe(5)
  })
})

describe('replacement and eviction', () => {
  it('replaces a transaction by a higher tip; the old one is usurped', async () => {
    const { pool, make, hashOf } = createFake()
    const statuses: ExtrinsicStatus[] = []
    await pool.submit(make({ nonce: 0, tip: 1n }), s => statuses.push(s))
    await pool.submit(make({ nonce: 1 }))
    const better = make({ nonce: 0, tip: 2n })
    expect(await pool.submit(better)).toEqual(ok('ready'))
    expect(statuses).toEqual([{ type: 'ready' }, { type: 'usurped', value: hashOf(better) }])
    expect(pool.status()).toMatchObject({ ready: 2, future: 0 })
    expect([...pool.readyTransactions()].map(tx => tx.tip)).toEqual([2n, 0n])
  })

  it('drops the oldest future transaction when the future queue is full', async () => {
    const { pool, make } = createFake({ limits: { maxFutureCount: 2 } })
    const statuses: ExtrinsicStatus['type'][] = []
    await pool.submit(make({ signer: 1, nonce: 3 }), s => statuses.push(s.type))
    await pool.submit(make({ signer: 2, nonce: 3 }))
    expect(await pool.submit(make({ signer: 3, nonce: 3 }))).toEqual(ok('future'))
    expect(statuses).toEqual(['future', 'dropped'])
    expect(pool.status().future).toBe(2)
  })

  it('a ready transaction with a higher tip pushes out the lowest-tipped tail when full', async () => {
    const { pool, make } = createFake({ limits: { maxCount: 2 } })
    const statuses: ExtrinsicStatus['type'][] = []
    await pool.submit(make({ signer: 1, nonce: 0, tip: 3n }))
    await pool.submit(make({ signer: 2, nonce: 0, tip: 1n }), s => statuses.push(s.type))
    expect(await pool.submit(make({ signer: 3, nonce: 0, tip: 2n }))).toEqual(ok('ready'))
    expect(statuses).toEqual(['ready', 'dropped'])
    expect(order(pool)).toEqual([
      [1, 0],
      [3, 0],
    ])
    // Nothing cheaper left: a tip of 2 does not push out tips 3 and 2.
    expect((await pool.submit(make({ signer: 4, nonce: 0, tip: 2n }))).type).toBe('Err')
  })

  it('a full pool drops future transactions first to admit a ready one', async () => {
    const { pool, make } = createFake({ limits: { maxCount: 2 } })
    await pool.submit(make({ signer: 1, nonce: 0 }))
    await pool.submit(make({ signer: 2, nonce: 1 }))
    expect(await pool.submit(make({ signer: 3, nonce: 0 }))).toEqual(ok('ready'))
    expect(pool.status()).toMatchObject({ ready: 2, future: 0 })
  })
})

describe('watchers', () => {
  it('future → ready → inBlock → finalized', async () => {
    const { pool, make, seal, hashOf } = createFake()
    const statuses: ExtrinsicStatus[] = []
    const bytes = make({ nonce: 1 })
    await pool.submit(bytes, s => statuses.push(s))
    await pool.submit(make({ nonce: 0 }))
    const block = seal()
    pool.finalized(block.hash, block.included)
    expect(statuses).toEqual([
      { type: 'future' },
      { type: 'ready' },
      { type: 'inBlock', value: block.hash },
      { type: 'finalized', value: block.hash },
    ])
    expect(block.included).toContainEqual(hashOf(bytes))
  })

  it('watch attaches later; unsubscribe stops it; unknown hashes never fire', async () => {
    const { pool, make, seal, hashOf } = createFake()
    const bytes = make({ nonce: 0 })
    await pool.submit(bytes)
    const seen: string[] = []
    const stop = pool.watch(hashOf(bytes), s => seen.push(`a:${s.type}`))
    pool.watch(hashOf(bytes), s => seen.push(`b:${s.type}`))
    const never = pool.watch(new Uint8Array(32).fill(7), s => seen.push(`c:${s.type}`))
    const block = seal()
    stop()
    never()
    pool.finalized(block.hash, block.included)
    expect(seen).toEqual(['a:inBlock', 'b:inBlock', 'b:finalized'])
  })

  it('a throwing listener breaks neither the others nor the pool', async () => {
    const errors: unknown[] = []
    const pool = createTxPool({
      parse: bytes => ({
        type: 'Ok',
        value: {
          bytes,
          hash: new Uint8Array(32).fill(bytes[0] as number),
          length: 1,
          signed: {
            signer: account(1),
            nonce: bytes[0] as number,
            tip: 0n,
            longevity: Number.MAX_SAFE_INTEGER,
            signature: {
              scheme: 'Ed25519',
              publicKey: account(1),
              message: bytes,
              signature: bytes,
            },
          },
        },
      }),
      verify: async checks => checks.map(() => true),
      accountNonce: () => 0,
      onListenerError: error => errors.push(error),
    })
    const seen: string[] = []
    pool.onReady(() => {
      throw new TypeError('ready listener')
    })
    const result = await pool.submit(new Uint8Array([0]), () => {
      throw new TypeError('status listener')
    })
    pool.watch(new Uint8Array(32).fill(0), s => seen.push(s.type))
    expect(result.type).toBe('Ok')
    pool.onBlock({ hash: new Uint8Array(32), included: [new Uint8Array(32).fill(0)], invalid: [] })
    await flush()
    expect(seen).toEqual(['inBlock'])
    expect(errors.map(e => (e as Error).message).sort()).toEqual([
      'ready listener',
      'status listener',
      'status listener',
    ])
  })

  it('a transaction waiting for finality is AlreadyImported, and its watcher is left alone', async () => {
    const { pool, make, seal, hashOf } = createFake({ limits: { recentBlocks: 1 } })
    const bytes = make({ nonce: 0 })
    const statuses: string[] = []
    await pool.submit(bytes, s => statuses.push(s.type))
    seal()
    seal()
    expect(await pool.submit(bytes)).toEqual(err({ type: 'AlreadyImported', value: hashOf(bytes) }))
    expect(statuses).toEqual(['ready', 'inBlock'])
  })

  it('finalityTimeout when a block is never finalized', async () => {
    const { pool, make, seal } = createFake({ limits: { finalityTimeoutBlocks: 2 } })
    const statuses: string[] = []
    await pool.submit(make({ nonce: 0 }), s => statuses.push(s.type))
    seal()
    seal()
    expect(statuses).toEqual(['ready', 'inBlock'])
    seal()
    expect(statuses).toEqual(['ready', 'inBlock', 'finalityTimeout'])
  })

  it('onReady fires once per burst, and not for future transactions', async () => {
    const { pool, make } = createFake()
    let calls = 0
    const stop = pool.onReady(() => calls++)
    await pool.submit(make({ signer: 3, nonce: 5 }))
    await flush()
    expect(calls).toBe(0)
    await Promise.all(Array.from({ length: 20 }, (_, n) => pool.submit(make({ nonce: n }))))
    await flush()
    expect(calls).toBe(1)
    stop()
    await pool.submit(make({ signer: 2, nonce: 0 }))
    await flush()
    expect(calls).toBe(1)
  })
})

// Transaction pool throughput with parsing and signatures taken out (a lookup and a no-op
// verifier), so the figures are the pool's own cost: admission (dedup, nonce queues, limits,
// micro-batching) and a block's worth of ordering and removal. The node's real limit is the
// signature check, measured beside the end-to-end figure.
import { createTxPool, type PoolExtrinsic } from '../src/node/txpool/index.ts'
import { fmt } from './measure.ts'

const ACCOUNTS = 1_000
const PER_ACCOUNT = 50
const COUNT = ACCOUNTS * PER_ACCOUNT

const fixture = () => {
  const parsed = new Map<Uint8Array, PoolExtrinsic>()
  const all: Uint8Array[] = []
  // Nonces in order per account, accounts interleaved, as concurrent senders produce them.
  for (let nonce = 0; nonce < PER_ACCOUNT; nonce++) {
    for (let a = 0; a < ACCOUNTS; a++) {
      const bytes = new Uint8Array(150)
      const view = new DataView(bytes.buffer)
      view.setUint32(0, a)
      view.setUint32(4, nonce)
      const hash = new Uint8Array(32)
      new DataView(hash.buffer).setUint32(0, a)
      new DataView(hash.buffer).setUint32(4, nonce)
      const signer = new Uint8Array(32)
      new DataView(signer.buffer).setUint32(0, a)
      parsed.set(bytes, {
        bytes,
        hash,
        length: bytes.length,
        signed: {
          signer,
          nonce,
          tip: 0n,
          longevity: Number.MAX_SAFE_INTEGER,
          signature: { scheme: 'Sr25519', publicKey: signer, message: bytes, signature: bytes },
        },
      })
      all.push(bytes)
    }
  }
  return { parsed, all }
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

/** Admissions per second and block (order + remove) transactions per second, median of 3. */
export const benchTxPool = async (): Promise<{
  admitPerSecond: number
  blockPerSecond: number
}> => {
  const { parsed, all } = fixture()
  const admit: number[] = []
  const block: number[] = []
  for (let run = 0; run < 3; run++) {
    const nonces = new Map<number, number>()
    const pool = createTxPool({
      parse: bytes => {
        const value = parsed.get(bytes)
        return value
          ? { type: 'Ok', value }
          : { type: 'Err', value: { type: 'BadFormat', value: 'unknown' } }
      },
      verify: async checks => checks.map(() => true),
      accountNonce: who => nonces.get(new DataView(who.buffer).getUint32(0)) ?? 0,
    })
    let start = process.hrtime.bigint()
    const results = await Promise.all(all.map(bytes => pool.submit(bytes)))
    admit.push(COUNT / seconds(start))
    if (results.some(r => r.type === 'Err') || pool.status().ready !== COUNT) {
      throw new RangeError('benchmark fixture was not fully admitted')
    }
    start = process.hrtime.bigint()
    const included: Uint8Array[] = []
    for (const tx of pool.readyTransactions()) {
      const a = new DataView(tx.signer.buffer).getUint32(0)
      nonces.set(a, tx.nonce + 1)
      included.push(tx.hash)
    }
    pool.onBlock({ hash: new Uint8Array(32), included, invalid: [] })
    block.push(COUNT / seconds(start))
    if (pool.status().ready !== 0) throw new RangeError('the block did not empty the pool')
  }
  const result = { admitPerSecond: median(admit), blockPerSecond: median(block) }
  console.log(
    `  admission: ${fmt(result.admitPerSecond)} tx/s (${fmt(COUNT)} concurrent submits, ${fmt(ACCOUNTS)} senders, no-op verify)`,
  )
  console.log(
    `  block: ${fmt(result.blockPerSecond)} tx/s ordered by readyTransactions and removed by onBlock`,
  )
  return result
}

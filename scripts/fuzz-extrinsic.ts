// Fuzzes transaction admission: random bytes and mutations of valid signed extrinsics (bit flips,
// byte writes, truncation, extension, length-prefix changes, inserts, deletes, splices) go through
// parseExtrinsic and, when they parse, signature verification. Nothing may throw, and only the
// unmutated extrinsics may come out valid.
//
//   npx tsx scripts/fuzz-extrinsic.ts [cases = 100000] [seed = 1]
//
// Prints the count of every outcome and the cases per second; exits non-zero on any failure.

import { pathToFileURL } from 'node:url'
import {
  bytesToBinaryString,
  bytesToHex,
  compactU32,
  concatBytes,
  devKeypair,
  encode,
  initCrypto,
  utf8,
  verifySignature,
} from '../src/primitives/index.ts'
import {
  type ChainView,
  createCritterNfts,
  createRuntime,
  critterCall,
  encodeExtrinsic,
  IMMORTAL,
  mortalEra,
  type ParseResult,
  parseExtrinsic,
  type Runtime,
  type RuntimeCall,
  signExtrinsic,
} from '../src/runtime/index.ts'
import { flipBits, inBody, splitPrefix, withPrefix } from '../test/helpers/fuzz-bytes.ts'
import { createRandom, type Random } from '../test/helpers/fuzz-random.ts'

/** Options of `runExtrinsicFuzz`. */
export interface FuzzOptions {
  readonly cases: number
  readonly seed: number
}

/** A case that broke an invariant. */
export interface FuzzFailure {
  readonly kind: 'threw' | 'forged-valid' | 'seed-changed'
  readonly mutation: string
  readonly hex: string
  readonly detail: string
}

/** What a fuzz run saw. */
export interface FuzzReport {
  readonly cases: number
  readonly seconds: number
  /** Outcome → count, e.g. `BadFormat`, `Invalid.AncientBirthBlock`, `Ok.bad-signature`. */
  readonly outcomes: Record<string, number>
  /** Mutation → count. */
  readonly mutations: Record<string, number>
  readonly failures: readonly FuzzFailure[]
}

const BEST = 100_000

const hashOf = (n: number): Uint8Array => {
  const hash = new Uint8Array(32)
  new DataView(hash.buffer).setUint32(0, n, true)
  hash[31] = 0xc7
  return hash
}

interface Seed {
  readonly bytes: Uint8Array
  /** The outcome the unmutated bytes must have. */
  readonly outcome: string
}

/** Valid extrinsics of every shape we accept, plus well-formed ones each check refuses. */
const buildSeeds = (runtime: Runtime, view: ChainView): Seed[] => {
  const calls: RuntimeCall[] = [
    critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8('Rex') }),
    critterCall('feed_pet', { pet_id: 7, food_item_id: 2 }),
    critterCall('update_pet_metadata', {
      pet_id: 1,
      name: utf8('Rexy'),
      personality_traits: [utf8('brave'), utf8('loud')],
      expected_version: 3,
    }),
    { type: 'System', value: { type: 'remark', value: { remark: new Uint8Array(300).fill(7) } } },
  ]
  const common = { genesisHash: view.genesisHash }
  const seeds: Seed[] = []
  calls.forEach((call, i) => {
    for (const scheme of ['Sr25519', 'Ed25519'] as const) {
      const signer = devKeypair(i % 2 === 0 ? 'Alice' : 'Bob', scheme)
      seeds.push({
        bytes: signExtrinsic(runtime, { ...common, call, signer, nonce: i, tip: BigInt(i * 1000) }),
        outcome: 'Ok.valid',
      })
      const signedAt = BEST - 5 - i
      seeds.push({
        bytes: signExtrinsic(runtime, {
          ...common,
          call,
          signer,
          nonce: 2 ** 20 + i,
          era: mortalEra(64, signedAt),
          birthHash: hashOf(signedAt),
        }),
        outcome: 'Ok.valid',
      })
    }
  })
  const call = calls[0] as RuntimeCall
  const alice = devKeypair('Alice')
  seeds.push({ bytes: encodeExtrinsic(runtime, { call }), outcome: 'Unknown.NoUnsignedValidator' })
  seeds.push({
    bytes: encodeExtrinsic(runtime, {
      call,
      signed: {
        address: { type: 'Address32', value: alice.publicKey },
        signature: { type: 'Sr25519', value: alice.sign(utf8('x')) },
        extra: { era: IMMORTAL, nonce: 0, tip: 0n },
      },
    }),
    outcome: 'Unknown.CannotLookup',
  })
  seeds.push({
    bytes: encodeExtrinsic(runtime, {
      call,
      signed: {
        address: { type: 'Id', value: alice.publicKey },
        signature: { type: 'Ecdsa', value: new Uint8Array(65).fill(1) },
        extra: { era: IMMORTAL, nonce: 0, tip: 0n },
      },
    }),
    outcome: 'Ok.bad-signature',
  })
  // Born 60,000 blocks ago: far outside BlockHashCount (4096).
  const ancient = mortalEra(65536, BEST - 60_000)
  seeds.push({
    bytes: signExtrinsic(runtime, {
      ...common,
      call,
      signer: alice,
      nonce: 0,
      era: ancient,
      birthHash: hashOf(BEST - 60_000),
    }),
    outcome: 'Invalid.AncientBirthBlock',
  })
  return seeds
}

const writeByte = (r: Random, bytes: Uint8Array): Uint8Array => {
  if (bytes.length > 0) bytes[r.int(bytes.length)] = r.int(256)
  return bytes
}

const insertBytes = (r: Random, bytes: Uint8Array): Uint8Array => {
  const at = r.int(bytes.length + 1)
  return concatBytes(bytes.subarray(0, at), r.bytes(1 + r.int(8)), bytes.subarray(at))
}

const deleteBytes = (r: Random, bytes: Uint8Array): Uint8Array => {
  if (bytes.length === 0) return bytes
  const at = r.int(bytes.length)
  return concatBytes(bytes.subarray(0, at), bytes.subarray(at + 1 + r.int(8)))
}

/** A different length prefix: off by a little, random, or the right length non-canonically. */
const changePrefix = (r: Random, bytes: Uint8Array): Uint8Array => {
  const body = splitPrefix(bytes) ?? bytes
  const n = body.length
  switch (r.int(4)) {
    case 0:
      return concatBytes(encode(compactU32, Math.max(0, n + r.pick([-2, -1, 1, 2]))), body)
    case 1:
      return concatBytes(encode(compactU32, r.int(2 ** 30)), body)
    case 2: {
      // Four-byte mode for a length that fits in fewer bytes.
      const prefix = new Uint8Array(4)
      new DataView(prefix.buffer).setUint32(0, ((n << 2) | 2) >>> 0, true)
      return concatBytes(prefix, body)
    }
    default:
      return concatBytes(r.bytes(1 + r.int(5)), body)
  }
}

type Mutation = (r: Random, seed: Uint8Array, other: Uint8Array) => Uint8Array

const MUTATIONS: Record<string, Mutation> = {
  none: (_, seed) => seed,
  random: r => r.bytes(r.int(400)),
  'random-signed-body': r => withPrefix(concatBytes(Uint8Array.of(0x84), r.bytes(r.int(300)))),
  'bit-flip': (r, seed) => flipBits(r, seed.slice()),
  'bit-flip-body': (r, seed) => inBody(seed, body => flipBits(r, body)),
  'byte-write-body': (r, seed) => inBody(seed, body => writeByte(r, body)),
  truncate: (r, seed) => seed.slice(0, r.int(seed.length)),
  'truncate-body': (r, seed) => inBody(seed, body => body.slice(0, r.int(body.length))),
  extend: (r, seed) => concatBytes(seed, r.bytes(1 + r.int(8))),
  'extend-body': (r, seed) => inBody(seed, body => concatBytes(body, r.bytes(1 + r.int(8)))),
  'length-prefix': (r, seed) => changePrefix(r, seed),
  'insert-body': (r, seed) => inBody(seed, body => insertBytes(r, body)),
  'delete-body': (r, seed) => inBody(seed, body => deleteBytes(r, body)),
  splice: (r, seed, other) =>
    concatBytes(seed.subarray(0, r.int(seed.length + 1)), other.subarray(r.int(other.length + 1))),
  'splice-body': (r, seed, other) => {
    const b = splitPrefix(other) ?? other
    return inBody(seed, body =>
      concatBytes(body.subarray(0, r.int(body.length + 1)), b.subarray(r.int(b.length + 1))),
    )
  },
}
const MUTATION_NAMES = Object.keys(MUTATIONS)

const outcomeOf = (result: ParseResult): string => {
  if (result.type === 'Ok') {
    const check = result.value.signed?.signature
    if (check === undefined) return 'Ok.unsigned'
    return verifySignature(check) ? 'Ok.valid' : 'Ok.bad-signature'
  }
  const rejection = result.value
  if (rejection.type === 'BadFormat') return 'BadFormat'
  return `${rejection.value.type}.${rejection.value.value.type}`
}

/**
 * Runs `cases` fuzz cases from `seed`. Awaits the crypto itself.
 *
 * @example const report = await runExtrinsicFuzz({ cases: 3000, seed: 42 })
 */
export const runExtrinsicFuzz = async (options: FuzzOptions): Promise<FuzzReport> => {
  await initCrypto()
  const runtime = createRuntime({ pallets: [createCritterNfts().pallet] })
  const view: ChainView = {
    specVersion: runtime.version.spec_version,
    transactionVersion: runtime.version.transaction_version,
    genesisHash: hashOf(0),
    blockNumber: BEST + 1,
    blockHash: n => (Number.isInteger(n) && n >= 0 && n <= BEST ? hashOf(n) : undefined),
  }
  const seeds = buildSeeds(runtime, view)
  const validBytes = new Set(
    seeds.filter(s => s.outcome === 'Ok.valid').map(s => bytesToBinaryString(s.bytes)),
  )
  const r = createRandom(options.seed)
  const outcomes: Record<string, number> = {}
  const mutations: Record<string, number> = {}
  const failures: FuzzFailure[] = []
  const started = performance.now()

  for (let i = 0; i < options.cases; i++) {
    const seed = r.pick(seeds)
    const mutation = r.pick(MUTATION_NAMES)
    const mutate = MUTATIONS[mutation] as Mutation
    const bytes = mutate(r, seed.bytes, r.pick(seeds).bytes)
    mutations[mutation] = (mutations[mutation] ?? 0) + 1
    let outcome: string
    try {
      outcome = outcomeOf(parseExtrinsic(runtime, bytes, view))
    } catch (error) {
      outcome = 'threw'
      failures.push({ kind: 'threw', mutation, hex: bytesToHex(bytes), detail: String(error) })
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    // A mutation may give back the seed (two flips of one bit): then the seed's outcome applies.
    const unchanged = bytesToBinaryString(bytes) === bytesToBinaryString(seed.bytes)
    if (outcome === 'Ok.valid' && !validBytes.has(bytesToBinaryString(bytes))) {
      failures.push({ kind: 'forged-valid', mutation, hex: bytesToHex(bytes), detail: outcome })
    } else if (unchanged && outcome !== seed.outcome) {
      failures.push({
        kind: 'seed-changed',
        mutation,
        hex: bytesToHex(bytes),
        detail: `${outcome}, expected ${seed.outcome}`,
      })
    }
  }
  return {
    cases: options.cases,
    seconds: (performance.now() - started) / 1000,
    outcomes,
    mutations,
    failures,
  }
}

const main = async (): Promise<void> => {
  const cases = Number(process.argv[2] ?? 100_000)
  const seed = Number(process.argv[3] ?? 1)
  if (!Number.isSafeInteger(cases) || cases < 1 || !Number.isSafeInteger(seed)) {
    console.error('usage: npx tsx scripts/fuzz-extrinsic.ts [cases] [seed]')
    process.exit(2)
  }
  const report = await runExtrinsicFuzz({ cases, seed })
  const rows = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([name, n]) => `  ${name.padEnd(34)} ${String(n).padStart(8)}`)
      .join('\n')
  console.log(`fuzz-extrinsic: ${report.cases} cases, seed ${seed}`)
  console.log(`outcomes:\n${rows(report.outcomes)}`)
  console.log(`mutations:\n${rows(report.mutations)}`)
  console.log(
    `${(report.cases / report.seconds).toFixed(0)} cases/s (${report.seconds.toFixed(1)} s), ` +
      `${report.failures.length} failure(s)`,
  )
  for (const failure of report.failures.slice(0, 10)) console.log(failure)
  if (report.failures.length > 0) process.exit(1)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main()

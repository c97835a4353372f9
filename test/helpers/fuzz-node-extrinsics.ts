// The extrinsics the node fuzzer starts from: valid originals signed by the dev accounts (each
// (signer, nonce) once, so that whatever the pool accepts is accounted for), well-formed ones that
// each check refuses, and the mutations applied to them. Structured mutations say what they must
// lead to, which cross-checks the fuzzer's own model.

import {
  blake2_256,
  bytesToBinaryString,
  bytesToHex,
  compactU32,
  concatBytes,
  DEV_ACCOUNTS,
  type DevAccountName,
  devKeypair,
  encode,
  type Keypair,
  utf8,
} from '../../src/primitives/index.ts'
import {
  critterCall,
  type DecodedExtrinsic,
  decodeExtrinsic,
  type EraValue,
  encodeExtrinsic,
  IMMORTAL,
  type MultiAddressValue,
  mortalEra,
  type Runtime,
  type RuntimeCall,
  signExtrinsic,
} from '../../src/runtime/index.ts'
import { flipBits, inBody, splitPrefix, withPrefix } from './fuzz-bytes.ts'
import type { Random } from './fuzz-random.ts'

/**
 * What parsing and the signature say about bytes, before the pool looks at nonces:
 * `valid` means a well-formed signed extrinsic whose signature verifies.
 */
export type XtClass =
  | 'bad-format'
  | 'no-unsigned-validator'
  | 'cannot-lookup'
  | 'ancient'
  | 'bad-proof'
  | 'valid'

/** A valid transaction the fuzzer may submit once, unmutated. */
export interface Original {
  readonly bytes: Uint8Array
  readonly hex: string
  /** `blake2_256(bytes)` as a binary string (the pool's key). */
  readonly key: string
  readonly signer: Uint8Array
  readonly signerName: string
  readonly nonce: number
  readonly call: 'remark' | 'mint' | 'feed-missing'
}

/** An extrinsic to submit or mutate, with what it is made to be. */
export interface XtSeed {
  readonly name: string
  readonly bytes: Uint8Array
  readonly intended: XtClass
  /** For `valid` seeds: the nonce verdict they are made to get (`ok` for originals). */
  readonly nonce?: 'ok' | 'stale' | 'future'
}

/** What the seeds are signed against. */
export interface SigningContext {
  readonly runtime: Runtime
  readonly genesisHash: Uint8Array
  /** Hashes of blocks 0..best. */
  readonly blockHashes: readonly Uint8Array[]
  /** Each account's nonce in the best block's state. */
  readonly stateNonce: (who: Uint8Array) => number
}

/** A dev signer: name, scheme and keys. */
export interface DevSigner {
  readonly name: string
  readonly keypair: Keypair
}

/** Every dev account under both schemes. */
export const devSigners = (): DevSigner[] =>
  (['Sr25519', 'Ed25519'] as const).flatMap(scheme =>
    DEV_ACCOUNTS.map((name: DevAccountName) => ({
      name: `${name}/${scheme}`,
      keypair: devKeypair(name, scheme),
    })),
  )

const FAR_FUTURE_GAP = 10_000

const randomCall = (r: Random): { call: RuntimeCall; kind: Original['call'] } => {
  const roll = r.int(3)
  if (roll === 0) {
    // Some payloads exceed 256 bytes, so they are signed hashed.
    const remark = r.bytes(r.chance(0.3) ? r.range(257, 600) : r.int(64))
    return {
      call: { type: 'System', value: { type: 'remark', value: { remark } } },
      kind: 'remark',
    }
  }
  if (roll === 1) {
    const name = utf8(`pet-${r.int(1_000_000)}`)
    const species = utf8(r.pick(['dragon', 'cat', 'axolotl', 'fox']))
    return { call: critterCall('mint_pet_nft', { species, name }), kind: 'mint' }
  }
  // A pet that does not exist: the call fails, the nonce still counts.
  return {
    call: critterCall('feed_pet', { pet_id: 4_000_000 + r.int(1000), food_item_id: 1 }),
    kind: 'feed-missing',
  }
}

/** A mortal era born at a block the node still keeps, or immortal. */
const liveEra = (r: Random, ctx: SigningContext): { era: EraValue; birthHash: Uint8Array } => {
  const best = ctx.blockHashes.length - 1
  if (r.chance(0.5)) return { era: IMMORTAL, birthHash: ctx.genesisHash }
  const at = r.range(Math.max(0, best - 3), best)
  return {
    era: mortalEra(r.pick([64, 128, 1024]), at),
    birthHash: ctx.blockHashes[at] as Uint8Array,
  }
}

/**
 * `perSigner` valid transactions for each dev signer, nonces from its state nonce on.
 *
 * @example const originals = buildOriginals(r, ctx, devSigners(), 10)
 */
export const buildOriginals = (
  r: Random,
  ctx: SigningContext,
  signers: readonly DevSigner[],
  perSigner: number,
): Original[] => {
  const out: Original[] = []
  for (const signer of signers) {
    const first = ctx.stateNonce(signer.keypair.publicKey)
    for (let i = 0; i < perSigner; i++) {
      const { call, kind } = randomCall(r)
      const { era, birthHash } = liveEra(r, ctx)
      const nonce = first + i
      const bytes = signExtrinsic(ctx.runtime, {
        call,
        signer: signer.keypair,
        nonce,
        tip: BigInt(r.int(1000)),
        era,
        birthHash,
        genesisHash: ctx.genesisHash,
      })
      out.push({
        bytes,
        hex: bytesToHex(bytes),
        key: bytesToBinaryString(blake2_256(bytes)),
        signer: signer.keypair.publicKey,
        signerName: signer.name,
        nonce,
        call: kind,
      })
    }
  }
  return out
}

/** Well-formed extrinsics that each check refuses, signed by `signers`. */
export const buildRefusedSeeds = (
  r: Random,
  ctx: SigningContext,
  signers: readonly DevSigner[],
): XtSeed[] => {
  const { runtime, genesisHash } = ctx
  const best = ctx.blockHashes.length - 1
  const seeds: XtSeed[] = []
  for (const signer of signers) {
    const { call } = randomCall(r)
    const nonce = ctx.stateNonce(signer.keypair.publicKey)
    const sign = (options: Partial<Parameters<typeof signExtrinsic>[1]>) =>
      signExtrinsic(runtime, { call, signer: signer.keypair, nonce, genesisHash, ...options })
    if (nonce > 0)
      seeds.push({
        name: `stale ${signer.name}`,
        bytes: sign({ nonce: nonce - 1 - r.int(nonce) }),
        intended: 'valid',
        nonce: 'stale',
      })
    seeds.push({
      name: `far-future ${signer.name}`,
      bytes: sign({ nonce: nonce + FAR_FUTURE_GAP + r.int(1000) }),
      intended: 'valid',
      nonce: 'future',
    })
    // Born after the block being built: no hash for it yet.
    const unborn = best + 1 + r.int(20)
    seeds.push({
      name: `ancient ${signer.name}`,
      bytes: sign({ era: mortalEra(64, unborn), birthHash: r.bytes(32) }),
      intended: 'ancient',
    })
    seeds.push({
      name: `wrong-genesis ${signer.name}`,
      bytes: sign({ genesisHash: r.bytes(32) }),
      intended: 'bad-proof',
    })
    seeds.push({
      name: `wrong-spec ${signer.name}`,
      bytes: sign({ specVersion: runtime.version.spec_version + 1 }),
      intended: 'bad-proof',
    })
    seeds.push({
      name: `wrong-birth-hash ${signer.name}`,
      bytes: sign({ era: mortalEra(64, best), birthHash: r.bytes(32) }),
      intended: 'bad-proof',
    })
  }
  const alice = devKeypair('Alice')
  const { call } = randomCall(r)
  const junkSigned = (address: MultiAddressValue, scheme: 'Sr25519' | 'Ecdsa') =>
    encodeExtrinsic(runtime, {
      call,
      signed: {
        address,
        signature:
          scheme === 'Ecdsa'
            ? { type: 'Ecdsa', value: r.bytes(65) }
            : { type: 'Sr25519', value: alice.sign(utf8('not the payload')) },
        extra: { era: IMMORTAL, nonce: 0, tip: 0n },
      },
    })
  seeds.push({
    name: 'bare',
    bytes: encodeExtrinsic(runtime, { call }),
    intended: 'no-unsigned-validator',
  })
  for (const address of [
    { type: 'Index', value: undefined },
    { type: 'Raw', value: r.bytes(r.int(40)) },
    { type: 'Address32', value: alice.publicKey },
    { type: 'Address20', value: r.bytes(20) },
  ] as MultiAddressValue[]) {
    seeds.push({
      name: `address-${address.type}`,
      bytes: junkSigned(address, 'Sr25519'),
      intended: 'cannot-lookup',
    })
  }
  seeds.push({
    name: 'ecdsa-junk',
    bytes: junkSigned({ type: 'Id', value: alice.publicKey }, 'Ecdsa'),
    intended: 'bad-proof',
  })
  return seeds
}

// ---- mutations ----

/** A mutation: new bytes from a seed (and another seed to splice with), and what they must be. */
export interface Mutated {
  readonly bytes: Uint8Array
  /** What the result must classify as, when the mutation decides it (cross-checks the model). */
  readonly intended?: XtClass
}

type Mutation = (r: Random, seed: XtSeed, other: XtSeed, ctx: SigningContext) => Mutated

const changePrefix = (r: Random, bytes: Uint8Array): Uint8Array => {
  const body = splitPrefix(bytes) ?? bytes
  const n = body.length
  switch (r.int(4)) {
    case 0:
      return concatBytes(encode(compactU32, Math.max(0, n + r.pick([-3, -2, -1, 1, 2]))), body)
    case 1: {
      const other = r.int(2 ** 30)
      return concatBytes(encode(compactU32, other === n ? n + 1 : other), body)
    }
    case 2: {
      // Four-byte mode for a length that fits in fewer bytes: the right length, non-canonically.
      const prefix = new Uint8Array(4)
      new DataView(prefix.buffer).setUint32(0, ((n << 2) | 2) >>> 0, true)
      return concatBytes(prefix, body)
    }
    default: {
      const junk = r.bytes(1 + r.int(5))
      const same = concatBytes(encode(compactU32, n))
      return junk.length === same.length && junk.every((b, i) => b === same[i])
        ? concatBytes(Uint8Array.of(0xff), body)
        : concatBytes(junk, body)
    }
  }
}

/** The seed decoded, when it decodes and is signed. */
const signedParts = (
  ctx: SigningContext,
  seed: XtSeed,
): (DecodedExtrinsic & { signed: NonNullable<DecodedExtrinsic['signed']> }) | undefined => {
  const decoded = decodeExtrinsic(ctx.runtime, seed.bytes)
  return decoded.signed === undefined
    ? undefined
    : (decoded as DecodedExtrinsic & { signed: NonNullable<DecodedExtrinsic['signed']> })
}

/** Whether a seed gets as far as its signature (signed by an `Id` at a live era). */
const reachesSignature = (seed: XtSeed): boolean =>
  seed.intended === 'valid' || seed.intended === 'bad-proof'

/** Re-encodes a signed seed with `change` applied, keeping its signature. */
const resigned = (
  ctx: SigningContext,
  seed: XtSeed,
  change: (parts: NonNullable<ReturnType<typeof signedParts>>) => {
    call: RuntimeCall
    signed: NonNullable<DecodedExtrinsic['signed']>
  },
): Uint8Array | undefined => {
  const parts = signedParts(ctx, seed)
  if (parts === undefined) return undefined
  const next = change(parts)
  return encodeExtrinsic(ctx.runtime, {
    call: next.call,
    signed: {
      address: next.signed.address,
      signature: next.signed.signature,
      extra: next.signed.extra,
    },
  })
}

/** A structured mutation that leaves a seed reaching its signature with a wrong one. */
const forge =
  (
    change: (
      r: Random,
      parts: NonNullable<ReturnType<typeof signedParts>>,
      other: XtSeed,
      ctx: SigningContext,
    ) => { call: RuntimeCall; signed: NonNullable<DecodedExtrinsic['signed']> },
  ): Mutation =>
  (r, seed, other, ctx) => {
    const bytes = resigned(ctx, seed, parts => change(r, parts, other, ctx))
    if (bytes === undefined) return { bytes: seed.bytes.slice(0, r.int(seed.bytes.length)) }
    return reachesSignature(seed) ? { bytes, intended: 'bad-proof' } : { bytes }
  }

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  random: r => ({ bytes: r.bytes(r.int(300)) }),
  'random-signed-body': r => ({
    bytes: withPrefix(concatBytes(Uint8Array.of(0x84), r.bytes(r.int(300)))),
  }),
  'bit-flip': (r, seed) => ({ bytes: flipBits(r, seed.bytes.slice()) }),
  'bit-flip-body': (r, seed) => ({ bytes: inBody(seed.bytes, body => flipBits(r, body)) }),
  'byte-write-body': (r, seed) => ({
    bytes: inBody(seed.bytes, body => {
      if (body.length > 0) body[r.int(body.length)] = r.int(256)
      return body
    }),
  }),
  truncate: (r, seed) => ({
    bytes: seed.bytes.slice(0, r.int(seed.bytes.length)),
    intended: 'bad-format',
  }),
  'truncate-body': (r, seed) => ({
    bytes: inBody(seed.bytes, body => body.slice(0, r.int(body.length))),
  }),
  extend: (r, seed) => ({
    bytes: concatBytes(seed.bytes, r.bytes(1 + r.int(8))),
    intended: 'bad-format',
  }),
  'extend-body': (r, seed) => ({
    bytes: inBody(seed.bytes, body => concatBytes(body, r.bytes(1 + r.int(8)))),
    intended: 'bad-format',
  }),
  'length-prefix': (r, seed) => ({ bytes: changePrefix(r, seed.bytes), intended: 'bad-format' }),
  'insert-body': (r, seed) => ({
    bytes: inBody(seed.bytes, body => {
      const at = r.int(body.length + 1)
      return concatBytes(body.subarray(0, at), r.bytes(1 + r.int(8)), body.subarray(at))
    }),
  }),
  'delete-body': (r, seed) => ({
    bytes: inBody(seed.bytes, body => {
      const at = r.int(body.length)
      return concatBytes(body.subarray(0, at), body.subarray(at + 1 + r.int(8)))
    }),
  }),
  splice: (r, seed, other) => ({
    bytes: concatBytes(
      seed.bytes.subarray(0, r.int(seed.bytes.length + 1)),
      other.bytes.subarray(r.int(other.bytes.length + 1)),
    ),
  }),
  'splice-body': (r, seed, other) => {
    const b = splitPrefix(other.bytes) ?? other.bytes
    return {
      bytes: inBody(seed.bytes, body =>
        concatBytes(body.subarray(0, r.int(body.length + 1)), b.subarray(r.int(b.length + 1))),
      ),
    }
  },
  version: (r, seed) => {
    const bytes = inBody(seed.bytes, body => {
      if (body.length === 0) return Uint8Array.of(0x05)
      let head = r.int(256)
      while ((head & 0x7f) === 4) head = r.int(256)
      body[0] = head
      return body
    })
    return { bytes, intended: 'bad-format' }
  },
  signature: forge((r, parts) => {
    const value = parts.signed.signature.value.slice()
    flipBits(r, value)
    if (value.every((b, i) => b === parts.signed.signature.value[i]))
      value[0] = (value[0] as number) ^ 1
    return {
      call: parts.call,
      signed: { ...parts.signed, signature: { ...parts.signed.signature, value } },
    }
  }),
  'signature-scheme': forge((_r, parts) => {
    const sig = parts.signed.signature
    const signature =
      sig.type === 'Sr25519'
        ? { type: 'Ed25519' as const, value: sig.value }
        : sig.type === 'Ed25519'
          ? { type: 'Sr25519' as const, value: sig.value }
          : { type: 'Sr25519' as const, value: sig.value.slice(0, 64) }
    return { call: parts.call, signed: { ...parts.signed, signature } }
  }),
  'address-other': forge((r, parts) => {
    let other = devKeypair(r.pick(DEV_ACCOUNTS), r.pick(['Sr25519', 'Ed25519'] as const))
    const address = parts.signed.address
    const own = address.type === 'Id' ? address.value : new Uint8Array(32)
    if (other.publicKey.every((b, i) => b === own[i])) other = devKeypair('Ferdie', 'Ed25519')
    if (other.publicKey.every((b, i) => b === own[i])) other = devKeypair('Eve', 'Ed25519')
    return {
      call: parts.call,
      signed: { ...parts.signed, address: { type: 'Id', value: other.publicKey } },
    }
  }),
  nonce: forge((r, parts) => {
    const old = parts.signed.extra.nonce
    const nonce = r.chance(0.5) ? old + r.pick([-2, -1, 1, 2, 3]) : r.int(2 ** 32)
    const changed = nonce < 0 || nonce > 0xffff_ffff || nonce === old ? old + 7 : nonce
    return {
      call: parts.call,
      signed: { ...parts.signed, extra: { ...parts.signed.extra, nonce: changed } },
    }
  }),
  tip: forge((r, parts) => {
    const old = parts.signed.extra.tip
    const tip = r.chance(0.5) ? old + 1n : BigInt(r.int(2 ** 31)) * BigInt(r.int(2 ** 31))
    return {
      call: parts.call,
      signed: {
        ...parts.signed,
        extra: { ...parts.signed.extra, tip: tip === old ? old + 2n : tip },
      },
    }
  }),
  era: forge((r, parts, _other, ctx) => {
    // Another era the node still accepts: born at a kept block less than a period ago.
    const best = ctx.blockHashes.length - 1
    const old = JSON.stringify(parts.signed.extra.era)
    const period = r.pick([4, 16, 64, 256])
    const born = r.range(Math.max(0, best + 2 - period), best)
    let era: EraValue = r.chance(0.3) ? IMMORTAL : mortalEra(period, born)
    if (JSON.stringify(era) === old) era = mortalEra(8192, best)
    return { call: parts.call, signed: { ...parts.signed, extra: { ...parts.signed.extra, era } } }
  }),
  'call-swap': forge((r, parts, other, ctx) => {
    let call = randomCall(r).call
    try {
      call = decodeExtrinsic(ctx.runtime, other.bytes).call
    } catch {}
    const same = bytesToHex(encode(ctx.runtime.RuntimeCall, call)) === bytesToHex(parts.callBytes)
    return {
      call: same
        ? { type: 'System', value: { type: 'remark', value: { remark: r.bytes(9) } } }
        : call,
      signed: parts.signed,
    }
  }),
  'era-unborn': (r, seed, _other, ctx) => {
    const best = ctx.blockHashes.length - 1
    const bytes = resigned(ctx, seed, parts => ({
      call: parts.call,
      signed: {
        ...parts.signed,
        extra: { ...parts.signed.extra, era: mortalEra(64, best + 1 + r.int(30)) },
      },
    }))
    if (bytes === undefined) return { bytes: r.bytes(r.int(100)) }
    return reachesSignature(seed) || seed.intended === 'ancient'
      ? { bytes, intended: 'ancient' }
      : { bytes }
  },
  'address-kind': (r, seed, _other, ctx) => {
    const address = r.pick<MultiAddressValue>([
      { type: 'Index', value: undefined },
      { type: 'Raw', value: r.bytes(r.int(33)) },
      { type: 'Address32', value: r.bytes(32) },
      { type: 'Address20', value: r.bytes(20) },
    ])
    const bytes = resigned(ctx, seed, parts => ({
      call: parts.call,
      signed: { ...parts.signed, address },
    }))
    return bytes === undefined
      ? { bytes: r.bytes(r.int(100)) }
      : { bytes, intended: 'cannot-lookup' }
  },
  unsign: (_r, seed, _other, ctx) => ({
    bytes: encodeExtrinsic(ctx.runtime, { call: decodeExtrinsic(ctx.runtime, seed.bytes).call }),
    intended: 'no-unsigned-validator',
  }),
  // A byte of the call's arguments: the call still decodes (bad signature) or no longer does.
  'call-arg': (r, seed, _other, ctx) => {
    const decoded = decodeExtrinsic(ctx.runtime, seed.bytes)
    const start = seed.bytes.length - decoded.callBytes.length + 2
    const bytes = seed.bytes.slice()
    if (start >= bytes.length) return { bytes: concatBytes(bytes, Uint8Array.of(0)) }
    const at = r.range(start, bytes.length - 1)
    bytes[at] = (bytes[at] as number) ^ (1 + r.int(255))
    return { bytes }
  },
  'call-index': (r, seed, _other, ctx) => {
    const decoded = decodeExtrinsic(ctx.runtime, seed.bytes)
    const at = seed.bytes.length - decoded.callBytes.length + r.int(2)
    const bytes = seed.bytes.slice()
    const old = bytes[at] as number
    let next = r.int(256)
    if (next === old) next = (old + 1) % 256
    bytes[at] = next
    return { bytes }
  },
}

/** The names of every mutation. */
export const MUTATION_NAMES: readonly string[] = Object.keys(MUTATIONS)

/**
 * Applies mutation `name` to `seed`.
 *
 * @example const { bytes, intended } = mutate(r, 'signature', seed, other, ctx)
 */
export const mutate = (
  r: Random,
  name: string,
  seed: XtSeed,
  other: XtSeed,
  ctx: SigningContext,
): Mutated => {
  const fn = MUTATIONS[name]
  if (fn === undefined) throw new TypeError(`no mutation named ${name}`)
  return fn(r, seed, other, ctx)
}

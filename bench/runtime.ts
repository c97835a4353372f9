import { blake2_128, blake2_256, encode, u32, utf8 } from '../src/primitives/index.ts'
import {
  beginBlock,
  buildGenesis,
  createCritterNfts,
  createInMemoryChain,
  createMemoryBackend,
  createRuntime,
  critterCall,
  type InMemoryChain,
  type Runtime,
  type RuntimeCall,
} from '../src/runtime/index.ts'
import { fmt, opsPerSecond } from './measure.ts'
import { createPlainMachine } from './plain-map-machine.ts'

let ACCOUNTS: Uint8Array[] = []
// One runtime serves every chain, as one runtime serves a node for its whole life. A runtime per
// chain would start the JIT over for each measurement, and objects decoded by many runtimes'
// compiled codecs would make the pallet code they share polymorphic.
let RUNTIME: Runtime | undefined
const PLAIN_ACCOUNTS = Array.from({ length: 512 }, (_, i) => `account-${i}`)
const BLOCK = 1_000 // extrinsics per block: each block is finalized and committed inside the timing
const N = 20_000
const BATCH = 100

const account = (i: number) => ACCOUNTS[i % ACCOUNTS.length] as Uint8Array
const plainAccount = (i: number) => PLAIN_ACCOUNTS[i % PLAIN_ACCOUNTS.length] as string

const theRuntime = (): Runtime => {
  RUNTIME ??= createRuntime({ pallets: [createCritterNfts().pallet] })
  return RUNTIME
}

const freshChain = (): InMemoryChain => createInMemoryChain(theRuntime())

/** Ops/s of `body` (median of 3) after one untimed run, so that the JIT has compiled the path. */
const warmOpsPerSecond = (count: number, body: () => void): number => {
  body()
  return opsPerSecond(count, body)
}

/** Applies `count` calls, sealing a block every BLOCK extrinsics; throws if any is refused. */
const drive = (
  chain: InMemoryChain,
  count: number,
  call: (i: number) => [Uint8Array, RuntimeCall],
) => {
  for (let i = 0; i < count; i++) {
    const [who, c] = call(i)
    const result = chain.apply(who, c)
    if (result.type !== 'Ok' || result.value.type !== 'Ok')
      throw new Error(`call ${i} refused: ${JSON.stringify(result)}`)
    if ((i + 1) % BLOCK === 0) chain.seal()
  }
  chain.seal()
}

/**
 * Applies `count` calls straight through `beginBlock`, as a node applies extrinsics it has
 * decoded and checked itself: no codec round trip at an edge, nonces tracked by the caller.
 * Blocks of BLOCK extrinsics are finalized and committed, as in `drive`.
 */
const driveBlocks = (count: number, call: (i: number) => [Uint8Array, RuntimeCall]) => {
  const runtime = theRuntime()
  const backend = createMemoryBackend()
  backend.apply(buildGenesis(runtime))
  const nonces = new Map<Uint8Array, number>()
  let number = 1
  const open = () =>
    beginBlock(runtime, backend, { number, parentHash: blake2_256(encode(u32, number - 1)) })
  let block = open()
  const seal = () => {
    backend.apply(block.finalize().changes)
    number++
    block = open()
  }
  for (let i = 0; i < count; i++) {
    const [who, c] = call(i)
    const nonce = nonces.get(who) ?? 0
    const result = block.applyExtrinsic({ origin: { type: 'Signed', value: who }, nonce, call: c })
    if (result.type !== 'Ok' || result.value.type !== 'Ok')
      throw new Error(`call ${i} refused: ${JSON.stringify(result)}`)
    nonces.set(who, nonce + 1)
    if ((i + 1) % BLOCK === 0) seal()
  }
  seal()
}

const mintCall = (i: number): RuntimeCall =>
  critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8(`pet-${i}`) })

/** A chain where pet i belongs to account(i), minted outside the timing. */
const chainWithPets = (count: number): InMemoryChain => {
  const chain = freshChain()
  drive(chain, count, i => [account(i), mintCall(i)])
  return chain
}

/** Raw hashes per second through @polkadot/wasm-crypto: every new pet costs two (DNA, storage key). */
export const benchHashFloor = (): number => {
  const input = new Uint8Array(4)
  return opsPerSecond(200_000, () => {
    for (let i = 0; i < 200_000; i++) {
      input[0] = i
      blake2_128(input)
    }
  })
}

export interface RuntimeFigure {
  readonly call: string
  readonly perSecond: number
  readonly plainPerSecond: number
}

/** Accepted calls per second for each measured call, critter runtime beside the plain-Map machine. */
export const benchRuntime = (): RuntimeFigure[] => {
  ACCOUNTS = PLAIN_ACCOUNTS.map((_, i) => blake2_256(encode(u32, i)))
  const figures: RuntimeFigure[] = []
  const add = (call: string, perSecond: number, plainPerSecond: number) => {
    figures.push({ call, perSecond, plainPerSecond })
    console.log(
      `  ${call.padEnd(26)} ${fmt(perSecond).padStart(9)}/s   plain Map ${fmt(plainPerSecond).padStart(11)}/s`,
    )
  }

  add(
    'mint_pet_nft',
    warmOpsPerSecond(N, () => drive(freshChain(), N, i => [account(i), mintCall(i)])),
    warmOpsPerSecond(N, () => {
      const m = createPlainMachine()
      for (let i = 0; i < N; i++) m.mint(plainAccount(i), 'dragon', `pet-${i}`)
    }),
  )

  const batches = N / BATCH
  const batchCall = (b: number) =>
    critterCall('batch_mint_pet_nfts', {
      pets: Array.from(
        { length: BATCH },
        (_, j) => [utf8('dragon'), utf8(`pet-${b}-${j}`)] as [Uint8Array, Uint8Array],
      ),
    })
  add(
    'batch_mint_pet_nfts (per pet)',
    warmOpsPerSecond(N, () => drive(freshChain(), batches, b => [account(b), batchCall(b)])),
    warmOpsPerSecond(N, () => {
      const m = createPlainMachine()
      for (let b = 0; b < batches; b++)
        m.batchMint(
          plainAccount(b),
          Array.from({ length: BATCH }, (_, j) => `pet-${b}-${j}`),
        )
    }),
  )

  const plainBatch = figures[figures.length - 1]?.plainPerSecond ?? 0
  add(
    'batch_mint via beginBlock',
    warmOpsPerSecond(N, () => driveBlocks(batches, b => [account(b), batchCall(b)])),
    plainBatch,
  )

  const plainWithPets = () => {
    const m = createPlainMachine()
    for (let i = 0; i < N; i++) m.mint(plainAccount(i), 'dragon', `pet-${i}`)
    return m
  }
  {
    // Each round updates every pet from version 1, so each round (the warm-up included) gets a
    // fresh chain, built before the timing starts.
    const chains = [chainWithPets(N), chainWithPets(N), chainWithPets(N), chainWithPets(N)]
    add(
      'update_pet_metadata',
      warmOpsPerSecond(N, () =>
        drive(chains.pop() as InMemoryChain, N, i => [
          account(i),
          critterCall('update_pet_metadata', {
            pet_id: i,
            name: utf8(`new-${i}`),
            personality_traits: undefined,
            expected_version: 1,
          }),
        ]),
      ),
      warmOpsPerSecond(N, () => {
        const m = plainWithPets()
        for (let i = 0; i < N; i++) m.update(plainAccount(i), i, `new-${i}`, 1)
      }),
    )
  }
  {
    let version = 1
    const chain = chainWithPets(N)
    add(
      'transfer_pet_nft',
      warmOpsPerSecond(N, () => {
        // Pet i moves from account(i + k) to account(i + k + 1) in round k.
        const shift = version - 1
        drive(chain, N, i => [
          account(i + shift),
          critterCall('transfer_pet_nft', { recipient: account(i + shift + 1), pet_id: i }),
        ])
        version++
      }),
      warmOpsPerSecond(N, () => {
        const m = plainWithPets()
        for (let i = 0; i < N; i++) m.transfer(plainAccount(i), plainAccount(i + 1), i)
      }),
    )
  }
  {
    const chain = chainWithPets(N)
    add(
      'feed_pet',
      warmOpsPerSecond(N, () =>
        drive(chain, N, i => [account(i), critterCall('feed_pet', { pet_id: i, food_item_id: 1 })]),
      ),
      warmOpsPerSecond(N, () => {
        const m = plainWithPets()
        for (let i = 0; i < N; i++) m.feed(plainAccount(i), i)
      }),
    )
  }
  return figures
}

// A pet's life on the critter runtime, using only the public API: mint, rename with an expected
// version, lose a race (ConcurrentModification), transfer, and rebuild the pet from events alone,
// as an off-chain follower does. Run it with `npm start` (or `npx tsx examples/pet-lifecycle.ts`).
import { blake2_256, fromUtf8, initCrypto, utf8 } from '../src/primitives/index.ts'
import {
  applyCritterEvent,
  type CritterEvent,
  createCritterNfts,
  createInMemoryChain,
  createRuntime,
  critterCall,
  type ReplayedPet,
} from '../src/runtime/index.ts'

/** Runs the walkthrough and returns what a test can check; prints when `log` is given. */
export const runPetLifecycle = async (log: (line: string) => void = () => {}) => {
  await initCrypto()
  const alice = blake2_256(utf8('example/alice'))
  const bob = blake2_256(utf8('example/bob'))
  const critter = createCritterNfts()
  const chain = createInMemoryChain(createRuntime({ pallets: [critter.pallet] }))
  const pet = () => chain.read(io => critter.storage.PetNfts.get(io, 0))
  const outcome = (result: ReturnType<typeof chain.apply>) =>
    result.type === 'Ok' && result.value.type === 'Err'
      ? chain.runtime.describeError(result.value.value)
      : 'Ok'

  chain.apply(alice, critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8('Ember') }))
  const minted = pet()
  log(
    `minted pet 0 "${fromUtf8(minted?.current_pet_name ?? new Uint8Array())}", ${minted?.primary_elemental_affinity}, version ${minted?.state_version}`,
  )

  const rename = (name: string, expected: number) =>
    critterCall('update_pet_metadata', {
      pet_id: 0,
      name: utf8(name),
      personality_traits: undefined,
      expected_version: expected,
    })
  log(`rename at version 1: ${outcome(chain.apply(alice, rename('Blaze', 1)))}`)
  const raced = outcome(chain.apply(alice, rename('Cinder', 1)))
  log(`second rename still expecting version 1: ${raced}`)

  chain.apply(alice, critterCall('transfer_pet_nft', { recipient: bob, pet_id: 0 }))
  const block = chain.seal()
  const final = pet()
  log(
    `after the transfer: version ${final?.state_version}, sync flags 0b${final?.sync_flags.toString(2).padStart(8, '0')}`,
  )

  // An off-chain follower sees only the block's events, and ends with the same pet.
  const replica = new Map<number, ReplayedPet>()
  for (const record of block.events) {
    if (record.event.type === 'CritterNfts')
      applyCritterEvent(replica, record.event.value as CritterEvent)
  }
  const rebuilt = replica.get(0)
  log(
    `rebuilt from ${block.events.length} events: version ${rebuilt?.pet.state_version}, name "${fromUtf8(rebuilt?.pet.current_pet_name ?? new Uint8Array())}"`,
  )
  return { raced, final, rebuilt }
}

if (import.meta.url === `file://${process.argv[1]}`) await runPetLifecycle(console.log)

import { _void, Bytes, Struct, u8, u32, Variant, Vector } from '@polkadot-api/substrate-bindings'
import { bytesToRawHex, decode, EncodeError, encode, utf8 } from '../src/primitives/index.ts'
import { createCritterNfts, ELEMENTS, type PetNft } from '../src/runtime/index.ts'
import { fmt, opsPerSecond } from './measure.ts'

// The same PetNft type built with substrate-bindings, the reference codec (ADR 0002).
const ReferencePet = Struct({
  id: u32,
  dna_hash: Bytes(32),
  initial_species: Bytes(),
  current_pet_name: Bytes(),
  base_strength: u8,
  base_agility: u8,
  base_intelligence: u8,
  base_vitality: u8,
  primary_elemental_affinity: Variant(
    Object.fromEntries(ELEMENTS.map(name => [name, _void])) as never,
    ELEMENTS.map((_, i) => i) as never,
  ),
  level: u32,
  experience_points: u32,
  mood_indicator: u8,
  last_fed_block: u32,
  last_played_block: u32,
  personality_traits: Vector(Bytes()),
  last_state_update_block: u32,
  state_version: u32,
  sync_flags: u8,
})

/** Pet encode+decode round trips per second: our compiled shapes beside substrate-bindings. */
export const benchCodec = (): { ours: number; reference: number } => {
  const PetNft = createCritterNfts().schema.types.PetNft
  const pet: PetNft = {
    id: 5,
    dna_hash: new Uint8Array(32).fill(7),
    initial_species: utf8('dragon'),
    current_pet_name: utf8('Ember'),
    base_strength: 5,
    base_agility: 6,
    base_intelligence: 7,
    base_vitality: 8,
    primary_elemental_affinity: 'Neutral',
    level: 1,
    experience_points: 0,
    mood_indicator: 100,
    last_fed_block: 1,
    last_played_block: 1,
    personality_traits: [utf8('brave')],
    last_state_update_block: 1,
    state_version: 1,
    sync_flags: 1,
  }
  const reference = { ...pet, primary_elemental_affinity: { type: 'Neutral', value: undefined } }
  // Compare like with like: both sides must produce the same bytes.
  const same =
    bytesToRawHex(encode(PetNft, pet)) === bytesToRawHex(ReferencePet.enc(reference as never))
  if (!same) throw new EncodeError('the reference codec encodes the pet differently')
  const n = 100_000
  const ours = opsPerSecond(n, () => {
    for (let i = 0; i < n; i++) decode(PetNft, encode(PetNft, pet))
  })
  const theirs = opsPerSecond(n, () => {
    for (let i = 0; i < n; i++) ReferencePet.dec(ReferencePet.enc(reference as never))
  })
  console.log(
    `  PetNft encode+decode   ours ${fmt(ours).padStart(11)}/s   substrate-bindings ${fmt(theirs).padStart(9)}/s`,
  )
  return { ours, reference: theirs }
}

import {
  type AccountId,
  AccountId32,
  blake2_256,
  bytes,
  encode,
  tuple,
  u32,
} from '../../primitives/index.ts'
import { H256 } from '../frame/types.ts'
import { ELEMENTS, type ElementType } from './types.ts'

const DnaInput = tuple(H256, AccountId32, u32, bytes, bytes)

// A mint derives one DNA per pet; writing its input into one reused buffer spares an encoder
// pass and an allocation each time (the hash copies its input, so reuse is safe).
let scratch = new Uint8Array(256)

const isU32 = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff

const putCompact = (out: Uint8Array, at: number, n: number): number => {
  if (n < 1 << 6) {
    out[at] = n << 2
    return at + 1
  }
  if (n < 1 << 14) {
    out[at] = ((n << 2) | 1) & 0xff
    out[at + 1] = n >>> 6
    return at + 2
  }
  if (n < 1 << 30) {
    const v = ((n << 2) | 2) >>> 0
    out[at] = v & 0xff
    out[at + 1] = (v >>> 8) & 0xff
    out[at + 2] = (v >>> 16) & 0xff
    out[at + 3] = v >>> 24
    return at + 4
  }
  out[at] = 3
  out[at + 1] = n & 0xff
  out[at + 2] = (n >>> 8) & 0xff
  out[at + 3] = (n >>> 16) & 0xff
  out[at + 4] = n >>> 24
  return at + 5
}

/** `SCALE(parent hash, owner, pet id, species, name)`, as `encode(DnaInput, ...)` gives it. */
const dnaInput = (
  parentHash: Uint8Array,
  owner: AccountId,
  petId: number,
  species: Uint8Array,
  name: Uint8Array,
): Uint8Array => {
  // Anything unusual (wrong lengths, not bytes) goes through the encoder, which throws its error.
  if (
    !(parentHash instanceof Uint8Array && parentHash.length === 32) ||
    !(owner instanceof Uint8Array && owner.length === 32) ||
    !(species instanceof Uint8Array && name instanceof Uint8Array) ||
    !isU32(petId)
  )
    return encode(DnaInput, [parentHash, owner, petId, species, name])
  const length = 68 + 10 + species.length + name.length
  if (scratch.length < length) scratch = new Uint8Array(length * 2)
  const out = scratch
  out.set(parentHash, 0)
  out.set(owner, 32)
  out[64] = petId & 0xff
  out[65] = (petId >>> 8) & 0xff
  out[66] = (petId >>> 16) & 0xff
  out[67] = petId >>> 24
  let at = putCompact(out, 68, species.length)
  out.set(species, at)
  at = putCompact(out, at + species.length, name.length)
  out.set(name, at)
  return out.subarray(0, at + name.length)
}

/** A pet's immutable charter, derived from its DNA. */
export interface Charter {
  readonly dna: Uint8Array
  readonly strength: number
  readonly agility: number
  readonly intelligence: number
  readonly vitality: number
  readonly element: ElementType
}

/**
 * Derives a pet's DNA and charter: `dna = blake2_256(SCALE(parent hash, owner, pet id, species,
 * name))`; each base stat is `dna[i] % 16 + 5` (5 to 20); the element is `ElementType` index
 * `dna[4] % 8`. Deterministic: every node derives the same pet.
 */
export const deriveCharter = (
  parentHash: Uint8Array,
  owner: AccountId,
  petId: number,
  species: Uint8Array,
  name: Uint8Array,
): Charter => {
  const dna = blake2_256(dnaInput(parentHash, owner, petId, species, name))
  const stat = (i: number): number => ((dna[i] as number) % 16) + 5
  return {
    dna,
    strength: stat(0),
    agility: stat(1),
    intelligence: stat(2),
    vitality: stat(3),
    element: ELEMENTS[(dna[4] as number) % 8] as ElementType,
  }
}

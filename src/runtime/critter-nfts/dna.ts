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
  const dna = blake2_256(encode(DnaInput, [parentHash, owner, petId, species, name]))
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

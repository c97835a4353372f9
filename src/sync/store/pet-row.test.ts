import { describe, expect, it } from 'vitest'
import { utf8 } from '../../primitives/index.ts'
import type { ReplicaPet } from '../types.ts'
import { PET_COLUMNS, petFromRow, petValues } from './pet-row.ts'
import type { RawRow } from './row-check.ts'

const pet: ReplicaPet = {
  pet: {
    id: 0xffff_ffff,
    dna_hash: new Uint8Array(32).fill(7),
    initial_species: utf8('Dragon'),
    current_pet_name: Uint8Array.of(0xff, 0x00, 0xc3),
    base_strength: 0,
    base_agility: 255,
    base_intelligence: 3,
    base_vitality: 4,
    primary_elemental_affinity: 'Water',
    level: 0xffff_ffff,
    experience_points: 9,
    mood_indicator: 100,
    last_fed_block: 1,
    last_played_block: 2,
    personality_traits: [Uint8Array.of(1, 2), new Uint8Array(0)],
    last_state_update_block: 3,
    state_version: 4,
    sync_flags: 0x81,
  },
  owner: new Uint8Array(32).fill(1),
  locked: true,
  updatedAtBlock: 5,
}

/** The row a driver would hand back for `petValues(pet)`. */
const rowOf = (p: ReplicaPet): Record<string, unknown> =>
  Object.fromEntries(PET_COLUMNS.map((c, i) => [c, petValues(p)[i]]))

describe('pet rows', () => {
  it('round-trips a pet through its column values', () => {
    const row = rowOf(pet)
    expect(row['personality_traits']).toBe('["0x0102","0x"]')
    expect(row['locked']).toBe(1)
    expect(petFromRow(row)).toEqual(pet)
  })

  it('reads PostgreSQL shapes too: booleans, parsed jsonb, Buffers', () => {
    const row = {
      ...rowOf(pet),
      locked: false,
      personality_traits: ['0x0102', '0x'],
      owner: Buffer.from(pet.owner),
    }
    const read = petFromRow(row)
    expect(read.locked).toBe(false)
    expect(read.pet.personality_traits).toEqual(pet.pet.personality_traits)
    // A plain Uint8Array, not the driver's Buffer.
    expect(Object.getPrototypeOf(read.owner)).toBe(Uint8Array.prototype)
  })

  const bad: [string, unknown][] = [
    ['id', -1],
    ['level', 2 ** 32],
    ['level', 1.5],
    ['level', '7'],
    ['base_strength', 256],
    ['sync_flags', null],
    ['dna_hash', new Uint8Array(31)],
    ['owner', 'not bytes'],
    ['current_pet_name', undefined],
    ['primary_elemental_affinity', 'Plasma'],
    ['personality_traits', 'not json'],
    ['personality_traits', '["0x0"]'],
    ['personality_traits', '[1]'],
    ['personality_traits', { 0: '0x' }],
    ['locked', 2],
    ['updated_at_block', -5],
  ]
  it.each(bad)('refuses %s = %j with CORRUPT_ROW naming table, row and column', (column, value) => {
    const row: RawRow = { ...rowOf(pet), [column]: value }
    expect(() => petFromRow(row)).toThrow(
      expect.objectContaining({
        code: 'CORRUPT_ROW',
        message: expect.stringContaining(`pets row id ${String(row['id'])}: column ${column}`),
      }),
    )
  })
})

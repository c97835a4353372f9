import { describe, expect, test } from 'vitest'
import { bytes, named, option, struct, u8, u32, vec } from '../../primitives/index.ts'
import { MetadataFault } from './metadata-fault.ts'
import { createTypeRegistry } from './registry.ts'

describe('createTypeRegistry', () => {
  test('ids are positions and children come first', () => {
    const registry = createTypeRegistry()
    const Pair = struct(['x', 'Pair'], { a: u32, b: vec(u8) })
    const id = registry.idOf(Pair.def)
    expect(registry.types.map(t => t.id)).toEqual(registry.types.map((_, i) => i))
    expect(id).toBe(registry.types.length - 1)
    const entry = registry.types[id]
    expect(entry?.path).toEqual(['x', 'Pair'])
    expect(entry?.def).toEqual({
      tag: 'composite',
      value: [
        { name: 'a', type: 0, typeName: undefined, docs: [] },
        { name: 'b', type: 2, typeName: undefined, docs: [] },
      ],
    })
  })

  test('structurally equal types share one id, different ones do not', () => {
    const registry = createTypeRegistry()
    const a = registry.idOf(option(named(bytes, 'Vec<u8>')).def)
    const b = registry.idOf(option(named(bytes, 'Other')).def)
    expect(a).toBe(b)
    expect(registry.idOf(option(u32).def)).not.toBe(a)
    expect(registry.idOf(struct(['x', 'Pair'], { a: u32 }).def)).not.toBe(
      registry.idOf(struct(['x', 'Pair'], { b: u32 }).def),
    )
    const keys = registry.types.map(t => JSON.stringify({ ...t, id: 0 }))
    expect(new Set(keys).size).toBe(keys.length)
  })

  test('a bare field list is not a type', () => {
    const registry = createTypeRegistry()
    expect(() => registry.idOf({ tag: 'fields', fields: [] })).toThrow(MetadataFault)
  })
})

import type { V14Lookup } from '@polkadot-api/substrate-bindings'
import type { FieldDef, TypeDef } from '../../primitives/index.ts'
import { MetadataFault } from './metadata-fault.ts'

/** One entry of a `PortableRegistry`, in substrate-bindings' form. */
export type LookupEntry = V14Lookup[number]
type LookupField = Extract<LookupEntry['def'], { tag: 'composite' }>['value'][number]

/** A `PortableRegistry` being filled: `idOf` registers a type (and everything it uses) once. */
export interface TypeRegistryBuilder {
  /** The id of `def`, registering it first if needed. Structurally equal types share one id. */
  idOf(def: TypeDef): number
  /** The registry so far; ids equal positions. */
  readonly types: readonly LookupEntry[]
}

/**
 * Starts an empty `PortableRegistry`. Children are registered before the types that use them, so
 * an entry only ever points to lower ids; identical descriptions (the same `Option<Vec<u8>>`
 * built twice, say) become one entry, as scale-info does.
 *
 * @example
 * const registry = createTypeRegistry()
 * registry.idOf(u32.def) // 0
 */
export const createTypeRegistry = (): TypeRegistryBuilder => {
  const types: LookupEntry[] = []
  const byDef = new Map<TypeDef, number>()
  const byKey = new Map<string, number>()

  const field = (f: FieldDef): LookupField => ({
    name: f.name,
    type: idOf(f.type),
    typeName: f.typeName,
    docs: [...f.docs],
  })

  const describe = (def: TypeDef): Omit<LookupEntry, 'id'> => {
    const plain = (d: LookupEntry['def']) => ({ path: [], params: [], def: d, docs: [] })
    switch (def.tag) {
      case 'primitive':
        return plain({ tag: 'primitive', value: { tag: def.name, value: undefined } })
      case 'compact':
        return plain({ tag: 'compact', value: idOf(def.of) })
      case 'sequence':
        return plain({ tag: 'sequence', value: idOf(def.of) })
      case 'array':
        return plain({ tag: 'array', value: { len: def.length, type: idOf(def.of) } })
      case 'tuple':
        return plain({ tag: 'tuple', value: def.items.map(idOf) })
      case 'composite':
        return {
          path: [...def.path],
          params: def.params.map(p => ({
            name: p.name,
            type: p.type === undefined ? undefined : idOf(p.type),
          })),
          def: { tag: 'composite', value: def.fields.map(field) },
          docs: [...def.docs],
        }
      case 'variant':
        return {
          path: [...def.path],
          params: def.params.map(p => ({
            name: p.name,
            type: p.type === undefined ? undefined : idOf(p.type),
          })),
          def: {
            tag: 'variant',
            value: [...def.variants]
              .sort((a, b) => a.index - b.index)
              .map(v => ({
                name: v.name,
                fields: v.fields.map(field),
                index: v.index,
                docs: [...v.docs],
              })),
          },
          docs: [...def.docs],
        }
      case 'fields':
        // A field list is the payload of a variant, never a type of its own.
        throw new MetadataFault(
          `a field list (${def.fields.map(f => f.name ?? '_').join(', ')}) is used as a type`,
        )
    }
  }

  const idOf = (def: TypeDef): number => {
    const known = byDef.get(def)
    if (known !== undefined) return known
    const entry = describe(def)
    // Children already have ids, so this key is small and exact.
    const key = JSON.stringify(entry)
    let id = byKey.get(key)
    if (id === undefined) {
      id = types.length
      types.push({ id, ...entry })
      byKey.set(key, id)
    }
    byDef.set(def, id)
    return id
  }

  return { idOf, types }
}

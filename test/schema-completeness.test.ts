import { describe, expect, test } from 'vitest'
import type { TypeDef } from '../src/primitives/index.ts'
import { type AnyStorageItem, createCritterNfts, createRuntime } from '../src/runtime/index.ts'

// Metadata v14 (issue 3) is generated from these TypeDefs. This checks now that every type the
// runtime exposes can be registered: the rules below are the ones scale-info and the clients rely
// on (../shared/docs/substrate-wire.md section 2.1).
const critter = createCritterNfts()
const runtime = createRuntime({ pallets: [critter.pallet] })

const roots = (): [string, TypeDef][] => {
  const out: [string, TypeDef][] = [
    ['RuntimeCall', runtime.RuntimeCall.def],
    ['RuntimeEvent', runtime.RuntimeEvent.def],
    ['EventRecord', runtime.EventRecord.def],
  ]
  for (const pallet of runtime.pallets) {
    for (const [name, item] of Object.entries(pallet.storage?.items ?? {}) as [
      string,
      AnyStorageItem,
    ][]) {
      out.push([`${pallet.name}.${name}`, item.shape.def])
      if (item.kind === 'map') out.push([`${pallet.name}.${name} key`, item.key.def])
    }
    for (const [name, c] of Object.entries(pallet.constants))
      out.push([`${pallet.name}::${name}`, c.shape.def])
    if (pallet.errors !== undefined) out.push([`${pallet.name} errors`, pallet.errors.shape.def])
  }
  return out
}

const walk = (
  def: TypeDef,
  where: string,
  problems: string[],
  seen: Set<TypeDef>,
  insideVariant = false,
) => {
  if (seen.has(def)) return
  seen.add(def)
  switch (def.tag) {
    case 'primitive':
      return
    case 'compact':
      if (def.of.tag !== 'primitive') problems.push(`${where}: Compact of a non-primitive`)
      return walk(def.of, where, problems, seen)
    case 'sequence':
    case 'array':
      return walk(def.of, where, problems, seen)
    case 'tuple':
      for (const item of def.items) walk(item, where, problems, seen)
      return
    case 'fields':
      if (!insideVariant) problems.push(`${where}: an anonymous field list outside a variant`)
      for (const f of def.fields) walk(f.type, `${where}.${f.name ?? '_'}`, problems, seen)
      return
    case 'composite': {
      if (def.path.length === 0) problems.push(`${where}: composite without a path`)
      const named = def.fields.filter(f => f.name !== undefined).length
      if (named !== 0 && named !== def.fields.length)
        problems.push(`${where}: mixes named and unnamed fields`)
      for (const f of def.fields)
        walk(f.type, `${def.path.join('::')}.${f.name ?? '_'}`, problems, seen)
      return
    }
    case 'variant': {
      if (def.path.length === 0) problems.push(`${where}: variant without a path`)
      const indices = def.variants.map(v => v.index)
      if (new Set(indices).size !== indices.length)
        problems.push(`${where}: repeated variant index`)
      if (indices.some(i => i < 0 || i > 255)) problems.push(`${where}: variant index outside u8`)
      for (const v of def.variants) {
        const named = v.fields.filter(f => f.name !== undefined).length
        if (named !== 0 && named !== v.fields.length)
          problems.push(`${where}::${v.name}: mixes named and unnamed fields`)
        for (const f of v.fields)
          walk(f.type, `${def.path.join('::')}::${v.name}`, problems, seen, true)
      }
      return
    }
  }
}

describe('the runtime schema is complete for metadata v14', () => {
  test('every exposed type is registrable', () => {
    const problems: string[] = []
    const seen = new Set<TypeDef>()
    const all = roots()
    for (const [where, def] of all) walk(def, where, problems, seen)
    expect(problems).toEqual([])
    expect(all.length).toBeGreaterThan(30)
  })

  test('the outer enums follow the pallet indices and name types the clients pattern-match on', () => {
    const call = runtime.RuntimeCall.def
    const event = runtime.RuntimeEvent.def
    if (call.tag !== 'variant' || event.tag !== 'variant')
      throw new Error('outer enums must be variants')
    expect(call.path).toEqual(['critter_runtime', 'RuntimeCall'])
    expect(call.variants.map(v => [v.name, v.index])).toEqual([
      ['System', 0],
      ['CritterNfts', 8],
    ])
    expect(event.variants.map(v => [v.name, v.index])).toEqual([
      ['System', 0],
      ['CritterNfts', 8],
    ])
    const record = runtime.EventRecord.def
    expect(record.tag === 'composite' && record.path).toEqual(['frame_system', 'EventRecord'])
    expect(record.tag === 'composite' && record.fields.map(f => f.name)).toEqual([
      'phase',
      'event',
      'topics',
    ])
  })

  test('every call, event and error has docs', () => {
    const undocumented: string[] = []
    for (const pallet of runtime.pallets) {
      for (const shape of [pallet.calls, pallet.events, pallet.errors?.shape]) {
        const def = shape?.def
        if (def?.tag !== 'variant') continue
        for (const v of def.variants)
          if (v.docs.length === 0) undocumented.push(`${pallet.name}::${v.name}`)
      }
    }
    expect(undocumented).toEqual([])
  })
})

test('the checker itself finds the problems it looks for', () => {
  const problems: string[] = []
  const u8: TypeDef = { tag: 'primitive', name: 'u8' }
  walk({ tag: 'composite', path: [], params: [], fields: [], docs: [] }, 'a', problems, new Set())
  walk({ tag: 'fields', fields: [] }, 'b', problems, new Set())
  walk(
    {
      tag: 'variant',
      path: ['X'],
      params: [],
      variants: [
        { name: 'A', index: 1, fields: [], docs: [] },
        { name: 'B', index: 1, fields: [], docs: [] },
      ],
      docs: [],
    },
    'c',
    problems,
    new Set(),
  )
  walk({ tag: 'compact', of: { tag: 'sequence', of: u8 } }, 'd', problems, new Set())
  expect(problems).toEqual([
    'a: composite without a path',
    'b: an anonymous field list outside a variant',
    'c: repeated variant index',
    'd: Compact of a non-primitive',
  ])
})

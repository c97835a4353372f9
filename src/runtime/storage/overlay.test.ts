import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { RuntimeFault } from '../frame/runtime-fault.ts'
import { createMemoryBackend } from './memory-backend.ts'
import { StorageOverlay } from './overlay.ts'

type Op =
  | { op: 'set'; key: string; value: number }
  | { op: 'delete'; key: string }
  | { op: 'begin' }
  | { op: 'commit' }
  | { op: 'revert' }
  | { op: 'keys'; prefix: string; after: string | null }

// Short keys from a tiny alphabet so that prefixes, collisions and ordering all get exercised;
// the two-character bucket prefix stands in for the 32-byte item prefix.
const key = fc
  .constantFrom('aa', 'ab', 'ba')
  .chain(bucket =>
    fc.string({ unit: fc.constantFrom('0', 'f'), maxLength: 1 }).map(rest => bucket + rest),
  )
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set'), key, value: fc.nat(255) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete'), key }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('begin') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('commit') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('revert') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('keys'),
      prefix: fc.constantFrom('', 'a', 'aa', 'ab0', 'b', 'ba0'),
      after: fc.option(key),
    }),
  },
)

/** The reference: a stack of full copies of the state. */
const model = (base: Map<string, number>) => {
  const stack = [new Map(base)]
  const top = () => stack[stack.length - 1] as Map<string, number>
  return {
    top,
    apply(o: Op) {
      if (o.op === 'set') top().set(o.key, o.value)
      else if (o.op === 'delete') top().delete(o.key)
      else if (o.op === 'begin') stack.push(new Map(top()))
      else if (o.op === 'commit' && stack.length > 1) {
        const done = stack.pop() as Map<string, number>
        stack[stack.length - 1] = done
      } else if (o.op === 'revert' && stack.length > 1) stack.pop()
    },
    depth: () => stack.length - 1,
  }
}

describe('StorageOverlay', () => {
  test('matches a copy-on-layer model under random writes, layers and prefix scans', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.nat(255))),
        fc.array(op, { maxLength: 80 }),
        (initial, ops) => {
          const backend = createMemoryBackend()
          backend.apply(new Map(initial.map(([k, v]) => [k, new Uint8Array([v])])))
          const overlay = new StorageOverlay(backend)
          const reference = model(new Map(initial.map(([k, v]) => [k, v])))
          for (const o of ops) {
            if (o.op === 'keys') {
              const expected = [...reference.top().keys()]
                .filter(k => k.startsWith(o.prefix) && (o.after === null || k > o.after))
                .sort()
              expect(overlay.keys(o.prefix, o.after ?? undefined)).toEqual(expected)
              continue
            }
            if ((o.op === 'commit' || o.op === 'revert') && overlay.depth === 0) continue
            if (o.op === 'set') overlay.set(o.key, new Uint8Array([o.value]))
            else if (o.op === 'delete') overlay.delete(o.key)
            else if (o.op === 'begin') overlay.begin()
            else if (o.op === 'commit') overlay.commit()
            else overlay.revert()
            reference.apply(o)
            expect(overlay.depth).toBe(reference.depth())
          }
          for (const [k, v] of reference.top()) expect(overlay.get(k)).toEqual(new Uint8Array([v]))
          while (overlay.depth > 0) overlay.commit()
          // The change set applied to the backend reproduces the overlay's view exactly.
          backend.apply(overlay.changes())
          expect(new Map([...backend.entries()].map(([k, v]) => [k, v[0]]))).toEqual(
            new Map([...reference.top()].sort(([a], [b]) => (a < b ? -1 : 1))),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  test('closing a layer that is not open is a fault', () => {
    const overlay = new StorageOverlay(createMemoryBackend())
    expect(() => overlay.commit()).toThrow(RuntimeFault)
    expect(() => overlay.revert()).toThrow(RuntimeFault)
  })

  test('an empty value is present, a deleted one is not', () => {
    const overlay = new StorageOverlay(createMemoryBackend())
    overlay.set('aa', new Uint8Array())
    expect(overlay.has('aa')).toBe(true)
    overlay.delete('aa')
    expect(overlay.has('aa')).toBe(false)
    expect(overlay.changes().get('aa')).toBeNull()
  })
})

describe('createMemoryBackend', () => {
  test('iterates in key order after interleaved adds and removes, starting strictly after a key', () => {
    const backend = createMemoryBackend()
    backend.apply(
      new Map([
        ['ab02', new Uint8Array([1])],
        ['ab01', new Uint8Array([1])],
        ['aa', new Uint8Array([1])],
      ]),
    )
    expect([...backend.keys('ab')]).toEqual(['ab01', 'ab02'])
    backend.apply(
      new Map<string, Uint8Array | null>([
        ['ab01', null],
        ['ab00', new Uint8Array([2])],
      ]),
    )
    backend.apply(new Map([['ab01', new Uint8Array([3])]]))
    expect([...backend.keys('')]).toEqual(['aa', 'ab00', 'ab01', 'ab02'])
    expect([...backend.keys('ab', 'ab00')]).toEqual(['ab01', 'ab02'])
    expect(backend.size).toBe(4)
  })
})

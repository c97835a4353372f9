import { TypeRegistry } from '@polkadot/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { headerFromJson } from '../src/client/index.ts'
import { decodeHeader, encodeHeader, headerToJson } from '../src/node/index.ts'
import { bytesToHex, hexToBytes } from '../src/primitives/index.ts'
import { type Header, headerHash } from '../src/runtime/index.ts'

const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 })
const arbitraryHeader: fc.Arbitrary<Header> = fc.record({
  parentHash: hash32,
  number: fc.integer({ min: 0, max: 0xffff_ffff }),
  stateRoot: hash32,
  extrinsicsRoot: hash32,
  digest: fc.record({
    logs: fc.array(
      fc.oneof(
        fc.record({ type: fc.constant('Other' as const), value: fc.uint8Array({ maxLength: 40 }) }),
        fc.constant({ type: 'RuntimeEnvironmentUpdated' as const }),
      ),
      { maxLength: 3 },
    ),
  }),
})

describe('header (served JSON, hash, @polkadot/types)', () => {
  it('round-trips through SCALE and through its JSON form', () => {
    fc.assert(
      fc.property(arbitraryHeader, header => {
        const bytes = encodeHeader(header)
        expect(encodeHeader(decodeHeader(bytes))).toEqual(bytes)
        const back = headerFromJson(headerToJson(header))
        expect(back.hash).toEqual(headerHash(header))
        const { hash: _, ...fields } = back
        expect(encodeHeader(fields)).toEqual(bytes)
      }),
      { numRuns: 200 },
    )
  })

  it('hashes exactly as @polkadot/types hashes the served JSON', () => {
    const registry = new TypeRegistry()
    fc.assert(
      fc.property(arbitraryHeader, header => {
        const json = headerToJson(header)
        const theirs = registry.createType('Header', json)
        expect(theirs.hash.toHex()).toBe(bytesToHex(headerHash(header)))
      }),
      { numRuns: 100 },
    )
  })

  it('serves the number as hex and digest logs as SCALE hex', () => {
    const json = headerToJson({
      parentHash: new Uint8Array(32),
      number: 26,
      stateRoot: new Uint8Array(32).fill(1),
      extrinsicsRoot: new Uint8Array(32).fill(2),
      digest: { logs: [{ type: 'RuntimeEnvironmentUpdated' }] },
    })
    expect(json.number).toBe('0x1a')
    expect(json.digest.logs).toEqual(['0x08'])
    expect(hexToBytes(json.stateRoot)).toEqual(new Uint8Array(32).fill(1))
  })
})

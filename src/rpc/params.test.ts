import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AccountParam,
  BlockHashParam,
  BlockNumberParam,
  BytesParam,
  describeParamsError,
  MAX_BLOCK_NUMBER,
  optional,
  positional,
  required,
  StorageKeyParam,
} from './index.ts'

const hash = `0x${'AB'.repeat(32)}`

describe('BlockNumberParam', () => {
  it('accepts numbers and hex strings alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_BLOCK_NUMBER }), n => {
        expect(BlockNumberParam.parse(n)).toBe(n)
        expect(BlockNumberParam.parse(`0x${n.toString(16)}`)).toBe(n)
        expect(BlockNumberParam.parse(`0x${n.toString(16).toUpperCase().padStart(12, '0')}`)).toBe(
          n,
        )
      }),
    )
  })

  it('refuses what is not a u32', () => {
    for (const bad of [
      -1,
      1.5,
      MAX_BLOCK_NUMBER + 1,
      '0x100000000',
      '0x',
      '12',
      '0xzz',
      null,
      true,
      [],
      {},
      Number.POSITIVE_INFINITY,
      `0x${'f'.repeat(70)}`,
    ]) {
      expect(BlockNumberParam.safeParse(bad).success, String(bad)).toBe(false)
    }
  })
})

describe('hex params', () => {
  it('normalises hashes and keys to lowercase', () => {
    expect(BlockHashParam.parse(hash)).toBe(hash.toLowerCase())
    expect(StorageKeyParam.parse('0xABCD')).toBe('0xabcd')
    expect(StorageKeyParam.parse('0x')).toBe('0x')
  })

  it('refuses bad hex', () => {
    for (const bad of ['0x1', 'abcd', '0xgg', `0x${'ab'.repeat(31)}`, 12, null]) {
      expect(BlockHashParam.safeParse(bad).success).toBe(false)
    }
    for (const bad of ['0x1', 'ab', '0x0g', `0x${'00'.repeat(4097)}`, 1]) {
      expect(StorageKeyParam.safeParse(bad).success).toBe(false)
    }
  })

  it('decodes bytes', () => {
    expect(BytesParam.parse('0x01ff')).toEqual(new Uint8Array([1, 255]))
  })

  it('decodes accounts from SS58 and hex', () => {
    const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
    const bytes = AccountParam.parse(alice)
    expect(bytes).toHaveLength(32)
    expect(AccountParam.parse(`0x${Buffer.from(bytes).toString('hex')}`)).toEqual(bytes)
    expect(AccountParam.safeParse('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ').success).toBe(
      false,
    )
    expect(AccountParam.safeParse('0x1234').success).toBe(false)
  })
})

describe('positional', () => {
  const schema = positional(required('key', StorageKeyParam), optional('at', BlockHashParam))

  it('treats absent and null trailing params alike', () => {
    expect(schema.parse(['0x00'])).toEqual({ key: '0x00', at: undefined })
    expect(schema.parse(['0x00', null])).toEqual({ key: '0x00', at: undefined })
    expect(schema.parse(['0x00', hash])).toEqual({ key: '0x00', at: hash.toLowerCase() })
  })

  it('reports missing, extra and wrong params by position', () => {
    const missing = schema.safeParse([])
    expect(missing.success).toBe(false)
    if (!missing.success) expect(describeParamsError(missing.error)).toContain('at least 1')
    const extra = schema.safeParse(['0x00', null, 1])
    expect(extra.success).toBe(false)
    if (!extra.success) expect(describeParamsError(extra.error)).toContain('at most 2')
    const wrong = schema.safeParse(['0x00', 5])
    expect(wrong.success).toBe(false)
    if (!wrong.success) expect(describeParamsError(wrong.error)).toMatch(/^params\[1\]: at: /)
  })
})

import { describe, expect, it } from 'vitest'
import { NodeFault } from './errors.ts'
import { checkNodeOptions } from './node-options.ts'

describe('createNode options', () => {
  it('accepts what the CLI and tests pass', () => {
    expect(() =>
      checkNodeOptions({ dev: true, rpcPort: 0, seal: { type: 'interval', value: 50 } }),
    ).not.toThrow()
  })

  it.each([
    [{ rpcPort: 70_000 }, /rpcPort/],
    [{ seal: { type: 'interval', value: 0 } }, /seal/],
    [{ seal: { type: 'sometimes' } }, /seal/],
    [{ blockLimits: { maxWeight: 0n, maxLength: 10 } }, /blockLimits/],
    [{ verifierThreads: 0 }, /verifierThreads/],
    [{ basePath: '' }, /basePath/],
  ])('refuses %o with INVALID_OPTIONS', (options, reason) => {
    expect(() => checkNodeOptions(options)).toThrow(NodeFault)
    expect(() => checkNodeOptions(options)).toThrow(reason)
  })
})

import { describe, expect, it } from 'vitest'
import { UsageError } from '../cli-error.ts'
import { parseNodeFlags } from './node.ts'

describe('critter node flags', () => {
  it('defaults to instant sealing on 127.0.0.1:9944', () => {
    expect(parseNodeFlags(['--dev'])).toEqual({
      dev: true,
      rpcPort: 9944,
      rpcHost: '127.0.0.1',
      seal: { type: 'instant' },
    })
  })

  it('turns --block-time into interval sealing and keeps a base path', () => {
    expect(parseNodeFlags(['--base-path', '/tmp/c', '--block-time', '500'])).toMatchObject({
      dev: false,
      basePath: '/tmp/c',
      seal: { type: 'interval', value: 500 },
    })
    expect(parseNodeFlags(['--dev', '--seal', 'manual']).seal).toEqual({ type: 'manual' })
  })

  it.each([
    [[], /--dev or --base-path/],
    [['--dev', '--rpc-port', '65536'], /rpc-port/],
    [['--dev', '--rpc-port', 'x'], /rpc-port/],
    [['--dev', '--seal', 'sometimes'], /seal/],
    [['--dev', '--seal', 'manual', '--block-time', '10'], /block-time/],
    [['--dev', '--block-time', '0'], /block-time/],
    [['--dev', '--verifier-threads', '0'], /verifier-threads/],
    [['--dev', '--unknown'], /unknown/i],
    [['--dev', 'extra'], /argument/i],
  ])('refuses %j', (args, reason) => {
    expect(() => parseNodeFlags(args)).toThrow(UsageError)
    expect(() => parseNodeFlags(args)).toThrow(reason)
  })
})

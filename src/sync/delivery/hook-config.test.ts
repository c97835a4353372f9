import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytesToHex, devKeypair, keypairFromSeed } from '../../primitives/index.ts'
import { SyncFault } from '../errors.ts'
import {
  ackSigners,
  DEFAULT_RETRY,
  deliveryTargets,
  loadHookConfig,
  parseHookConfig,
  signerKeypair,
} from './index.ts'

const SEED = `0x${'07'.repeat(32)}`

const valid = {
  hooks: [
    {
      id: 0,
      endpoint: { type: 'webhook', url: 'http://127.0.0.1:8080/hook', secret: 's3cret' },
      ack: { signer: '//Alice', scheme: 'sr25519' },
    },
    {
      id: 1,
      endpoint: {
        type: 'nats',
        servers: ['nats://127.0.0.1:4222'],
        subject: 'critter.pets',
        stream: 'CRITTER',
      },
    },
  ],
  retry: { initialMs: 500, maxMs: 60000, maxAttempts: 8, timeoutMs: 10000 },
}

/** `valid` with the value at `path` replaced (or added). */
const withField = (path: readonly (string | number)[], value: unknown): unknown => {
  const copy: unknown = structuredClone(valid)
  let at = copy as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>
  at[path.at(-1) as string | number] = value
  return copy
}

const rejects = async (input: unknown, field: string) => {
  const error = await parseHookConfig(input, 'hooks.json').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(SyncFault)
  expect((error as SyncFault).code).toBe('INVALID_OPTIONS')
  expect((error as SyncFault).message).toContain(`hooks.json: ${field}:`)
  return (error as SyncFault).message
}

describe('hook config', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'critter-hook-config-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('loads webhook and NATS endpoints with their ack keys, and derives the planner targets', async () => {
    const path = join(dir, 'hooks.json')
    await writeFile(path, JSON.stringify(valid))
    const config = await loadHookConfig(path)
    expect(config.retry).toEqual(valid.retry)
    expect(config.hooks[0]?.endpoint).toEqual(valid.hooks[0]?.endpoint)
    expect(config.hooks[1]?.endpoint).toEqual(valid.hooks[1]?.endpoint)
    expect(config.hooks[0]?.ack?.keypair.publicKey).toEqual(devKeypair('Alice').publicKey)
    expect(config.hooks[1]?.ack).toBeUndefined()
    expect(deliveryTargets(config)).toEqual(
      new Map([
        [0, { ack: true }],
        [1, { ack: false }],
      ]),
    )
    expect([...ackSigners(config).keys()]).toEqual([0])
  })

  it('defaults the retry policy and the ack scheme', async () => {
    const config = await parseHookConfig({
      hooks: [
        {
          id: 3,
          endpoint: { type: 'webhook', url: 'https://example.com/', secret: 'x' },
          ack: { signer: '//Bob' },
        },
      ],
    })
    expect(config.retry).toEqual(DEFAULT_RETRY)
    expect(config.hooks[0]?.ack?.scheme).toBe('sr25519')
    expect(config.hooks[0]?.ack?.keypair.publicKey).toEqual(devKeypair('Bob').publicKey)
    const partial = await parseHookConfig({ hooks: [], retry: { maxAttempts: 3 } })
    expect(partial.retry).toEqual({ ...DEFAULT_RETRY, maxAttempts: 3 })
  })

  it('derives signers from //junctions, phrases and hex seeds in either scheme', () => {
    expect(signerKeypair('//Alice', 'ed25519').publicKey).toEqual(
      devKeypair('Alice', 'Ed25519').publicKey,
    )
    expect(
      signerKeypair(
        'bottom drive obey lake curtain smoke basket hold race lonely fit walk//Bob',
        'sr25519',
      ).publicKey,
    ).toEqual(devKeypair('Bob').publicKey)
    expect(bytesToHex(signerKeypair(SEED, 'ed25519').publicKey)).toBe(
      bytesToHex(keypairFromSeed(new Uint8Array(32).fill(7), 'Ed25519').publicKey),
    )
  })

  it('names the file when it is missing or not JSON', async () => {
    const missing = join(dir, 'missing.json')
    await expect(loadHookConfig(missing)).rejects.toThrow(`${missing}: cannot read`)
    const bad = join(dir, 'bad.json')
    await writeFile(bad, '{ "hooks": [ }')
    const error = await loadHookConfig(bad).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SyncFault)
    expect((error as SyncFault).message).toMatch(new RegExp(`^${bad}: not JSON`))
  })

  it('names the bad field', async () => {
    const cases: [readonly (string | number)[], unknown, string][] = [
      [['hooks', 0, 'endpoint', 'headers'], {}, 'hooks[0].endpoint.headers'],
      [['extra'], true, 'extra'],
      [['hooks', 1, 'id'], 0, 'hooks[1].id'],
      [['hooks', 0, 'id'], -1, 'hooks[0].id'],
      [['hooks', 0, 'endpoint', 'url'], 'ftp://example.com/', 'hooks[0].endpoint.url'],
      [['hooks', 0, 'endpoint', 'url'], 'not a url', 'hooks[0].endpoint.url'],
      [['hooks', 0, 'endpoint', 'secret'], '', 'hooks[0].endpoint.secret'],
      [['hooks', 0, 'endpoint', 'type'], 'smtp', 'hooks[0].endpoint.type'],
      [['hooks', 1, 'endpoint', 'subject'], 'critter.*', 'hooks[1].endpoint.subject'],
      [['hooks', 1, 'endpoint', 'servers'], [], 'hooks[1].endpoint.servers'],
      [
        ['hooks', 1, 'endpoint', 'servers', 0],
        'http://127.0.0.1:4222',
        'hooks[1].endpoint.servers[0]',
      ],
      [['retry', 'initialMs'], 120_000, 'retry.initialMs'],
      [['retry', 'maxAttempts'], 0, 'retry.maxAttempts'],
      [['hooks', 0, 'ack', 'scheme'], 'ecdsa', 'hooks[0].ack.scheme'],
    ]
    for (const [path, value, field] of cases) await rejects(withField(path, value), field)
  })

  it('refuses a signer that does not derive, without repeating it', async () => {
    for (const signer of ['0x1234', '//Alice/soft', '//Alice///password', 'not a phrase//x']) {
      const message = await rejects(
        withField(['hooks', 0, 'ack', 'signer'], signer),
        'hooks[0].ack.signer',
      )
      expect(message).not.toContain(signer)
    }
  })

  it('refuses two hooks that share a stream under different subjects (one copy would be dropped)', async () => {
    const other = {
      id: 5,
      endpoint: {
        type: 'nats',
        servers: ['nats://127.0.0.1:4222'],
        subject: 'critter.other',
        stream: 'CRITTER',
      },
    }
    const message = await rejects(withField(['hooks', 0], other), 'hooks[1].endpoint.stream')
    expect(message).toContain('duplicate')
  })
})

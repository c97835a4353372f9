import { describe, expect, it } from 'vitest'
import { lookupMethod, RPC_METHODS, type RpcHandlers, rpcMethodNames } from './index.ts'

/** Every method of substrate-wire §1.1 (and §1.2's `chain_getHead`), with its aliases. */
const WIRE_METHODS = [
  'rpc_methods',
  'system_chain',
  'system_name',
  'system_version',
  'system_properties',
  'system_health',
  'system_chainType',
  'system_accountNextIndex',
  'account_nextIndex',
  'chain_getBlockHash',
  'chain_getHead',
  'chain_getHeader',
  'chain_getBlock',
  'chain_getFinalizedHead',
  'chain_getFinalisedHead',
  'chain_subscribeNewHead',
  'chain_subscribeNewHeads',
  'chain_unsubscribeNewHead',
  'chain_unsubscribeNewHeads',
  'subscribe_newHead',
  'unsubscribe_newHead',
  'chain_subscribeFinalizedHeads',
  'chain_subscribeFinalisedHeads',
  'chain_unsubscribeFinalizedHeads',
  'chain_unsubscribeFinalisedHeads',
  'chain_subscribeAllHeads',
  'chain_unsubscribeAllHeads',
  'state_getRuntimeVersion',
  'chain_getRuntimeVersion',
  'state_subscribeRuntimeVersion',
  'state_unsubscribeRuntimeVersion',
  'chain_subscribeRuntimeVersion',
  'chain_unsubscribeRuntimeVersion',
  'state_getMetadata',
  'state_getStorage',
  'state_getStorageAt',
  'state_getStorageHash',
  'state_getStorageHashAt',
  'state_getStorageSize',
  'state_getStorageSizeAt',
  'state_queryStorageAt',
  'state_subscribeStorage',
  'state_unsubscribeStorage',
  'state_getKeysPaged',
  'state_getKeysPagedAt',
  'state_getKeys',
  'state_call',
  'state_callAt',
  'author_submitExtrinsic',
  'author_submitAndWatchExtrinsic',
  'author_unwatchExtrinsic',
  'author_pendingExtrinsics',
  'payment_queryInfo',
  'system_peers',
  'dev_newBlock',
  'dev_setSealMode',
]

describe('rpcMethodNames', () => {
  it('lists exactly the methods of substrate-wire §1.1 with their aliases', () => {
    expect([...rpcMethodNames()].sort()).toEqual([...WIRE_METHODS].sort())
  })

  it('is sorted and has no notification names or chainHead_v1 methods', () => {
    const names = rpcMethodNames()
    expect([...names].sort()).toEqual(names)
    for (const notification of ['chain_newHead', 'state_storage', 'author_extrinsicUpdate'])
      expect(names).not.toContain(notification)
    expect(names.some(n => n.startsWith('chainHead'))).toBe(false)
  })

  it('covers every key polkadot-js keeps a method for', () => {
    // polkadot-js deletes api.rpc.<section>.<method> unless `section_method` is listed.
    for (const key of [
      'chain_subscribeNewHeads',
      'chain_subscribeFinalizedHeads',
      'chain_subscribeAllHeads',
      'state_subscribeStorage',
      'state_subscribeRuntimeVersion',
      'author_submitAndWatchExtrinsic',
      'system_accountNextIndex',
    ])
      expect(rpcMethodNames()).toContain(key)
  })
})

describe('lookupMethod', () => {
  it('sends aliases to their canonical entry', () => {
    const pairs: [string, string][] = [
      ['chain_getHead', 'chain_getBlockHash'],
      ['chain_getFinalisedHead', 'chain_getFinalizedHead'],
      ['state_getStorageAt', 'state_getStorage'],
      ['chain_getRuntimeVersion', 'state_getRuntimeVersion'],
      ['chain_subscribeNewHead', 'chain_subscribeNewHeads'],
      ['subscribe_newHead', 'chain_subscribeNewHeads'],
      ['account_nextIndex', 'system_accountNextIndex'],
    ]
    for (const [alias, canonical] of pairs) expect(lookupMethod(alias)?.def.name).toBe(canonical)
  })

  it('resolves unsubscribe names to their subscription', () => {
    const resolved = lookupMethod('chain_unsubscribeNewHead')
    expect(resolved?.kind).toBe('unsubscribe')
    expect(resolved?.def.name).toBe('chain_subscribeNewHeads')
    expect(lookupMethod('author_unwatchExtrinsic')?.def.name).toBe('author_submitAndWatchExtrinsic')
    expect(lookupMethod('nope_nothing')).toBeUndefined()
    expect(lookupMethod('__proto__')).toBeUndefined()
  })

  it('names each subscription notification as Substrate does', () => {
    expect(RPC_METHODS.chain_subscribeNewHeads.notification).toBe('chain_newHead')
    expect(RPC_METHODS.chain_subscribeFinalizedHeads.notification).toBe('chain_finalizedHead')
    expect(RPC_METHODS.chain_subscribeAllHeads.notification).toBe('chain_allHead')
    expect(RPC_METHODS.state_subscribeStorage.notification).toBe('state_storage')
    expect(RPC_METHODS.state_subscribeRuntimeVersion.notification).toBe('state_runtimeVersion')
    expect(RPC_METHODS.author_submitAndWatchExtrinsic.notification).toBe('author_extrinsicUpdate')
  })
})

describe('param schemas', () => {
  const hash = `0x${'11'.repeat(32)}`

  it('parse block numbers as numbers or hex, and absent/null as best', () => {
    const p = RPC_METHODS.chain_getBlockHash.params
    expect(p.parse([])).toEqual({ number: undefined })
    expect(p.parse([null])).toEqual({ number: undefined })
    expect(p.parse([31])).toEqual({ number: 31 })
    expect(p.parse(['0x1f'])).toEqual({ number: 31 })
    expect(p.safeParse(['31']).success).toBe(false)
    expect(p.safeParse([[1, 2]]).success).toBe(false)
  })

  it('parse state_getKeysPaged as polkadot-js and PAPI send it', () => {
    const p = RPC_METHODS.state_getKeysPaged.params
    expect(p.parse(['0xaa', 1000, '0xaa'])).toEqual({
      prefix: '0xaa',
      count: 1000,
      startKey: '0xaa',
      at: undefined,
    })
    expect(p.parse([null, 10, null, hash])).toEqual({
      prefix: '0x',
      count: 10,
      startKey: undefined,
      at: hash,
    })
    const check = RPC_METHODS.state_getKeysPaged.check
    expect(check?.(p.parse(['0x', 1001]))?.code).toBe(4002)
    expect(check?.(p.parse(['0x', 1000]))).toBeUndefined()
  })

  it('decode state_call data and extrinsics to bytes', () => {
    expect(
      RPC_METHODS.state_call.params.parse(['Metadata_metadata_at_version', '0x0e000000']),
    ).toEqual({
      method: 'Metadata_metadata_at_version',
      data: new Uint8Array([14, 0, 0, 0]),
      at: undefined,
    })
    expect(RPC_METHODS.author_submitExtrinsic.params.parse(['0x0400'])).toEqual({
      extrinsic: new Uint8Array([4, 0]),
    })
    expect(RPC_METHODS.author_submitExtrinsic.params.safeParse([]).success).toBe(false)
  })

  it('parse the dev namespace', () => {
    const newBlock = RPC_METHODS.dev_newBlock.params
    expect(newBlock.parse([])).toEqual({ count: 1 })
    expect(newBlock.parse([null])).toEqual({ count: 1 })
    expect(newBlock.parse([{}])).toEqual({ count: 1 })
    expect(newBlock.parse([{ count: 5 }])).toEqual({ count: 5 })
    expect(newBlock.safeParse([{ count: 0 }]).success).toBe(false)
    expect(newBlock.safeParse([{ cnt: 5 }]).success).toBe(false)
    const seal = RPC_METHODS.dev_setSealMode.params
    expect(seal.parse(['interval', 500])).toEqual({ mode: 'interval', intervalMs: 500 })
    expect(seal.parse(['manual'])).toEqual({ mode: 'manual', intervalMs: undefined })
    expect(seal.safeParse(['sometimes']).success).toBe(false)
  })

  it('parse no-param methods from [] only', () => {
    expect(RPC_METHODS.system_chain.params.parse([])).toEqual({})
    expect(RPC_METHODS.system_chain.params.safeParse([1]).success).toBe(false)
  })
})

describe('RpcHandlers', () => {
  it('has one key per canonical method except rpc_methods', () => {
    type Keys = keyof RpcHandlers
    const keys: Keys[] = Object.keys(RPC_METHODS).filter(k => k !== 'rpc_methods') as Keys[]
    expect(keys).toHaveLength(Object.keys(RPC_METHODS).length - 1)
  })
})

import { blake2_256, bytesToHex } from '../../primitives/index.ts'
import type { SubscriptionSink as Sink } from '../../rpc/index.ts'
import { RpcError, rpcError, type StorageChangeSetJson } from '../../rpc/index.ts'
import { metadataAtVersion } from '../../runtime/index.ts'
import { callRuntimeApi } from '../runtime-api/call.ts'
import { type NodeRpcContext, resolveAt } from './context.ts'
import { runtimeVersionToJson } from './json.ts'

type At = { at?: string | undefined }

// RPC keys are `0x`-hex; the store keys are the same bytes as raw lowercase hex.
const rawKey = (key: string): string => key.slice(2).toLowerCase()
const valueHex = (value: Uint8Array | undefined): string | null =>
  value === undefined ? null : bytesToHex(value)

/** The most keys `state_getKeys` returns; past that, callers must page (`state_getKeysPaged`). */
export const MAX_GET_KEYS = 100_000

/** state_*: storage at any block, runtime API calls, metadata, version, subscriptions. */
export const createStateHandlers = (ctx: NodeRpcContext) => {
  const { chain } = ctx
  const version = runtimeVersionToJson(chain.runtime.version)
  return {
    async state_call(p: { method: string; data: Uint8Array } & At): Promise<string> {
      const block = resolveAt(ctx, p.at)
      const result = await callRuntimeApi(ctx, p.method, p.data, block)
      switch (result.type) {
        case 'Ok':
          return bytesToHex(result.value)
        case 'UnknownMethod':
          throw rpcError('StateClient', {
            detail: `Execution failed: Other: Exported method ${result.value} is not found`,
          })
        case 'BadInput':
          throw rpcError('StateClient', {
            detail: `Execution failed: Execution aborted due to trap: ${result.value}`,
          })
      }
    },
    state_getKeys(p: { prefix: string } & At): string[] {
      const { state } = resolveAt(ctx, p.at)
      const keys: string[] = []
      for (const key of state.keys(rawKey(p.prefix))) {
        if (keys.length === MAX_GET_KEYS) {
          throw rpcError('StateClient', {
            detail: `more than ${MAX_GET_KEYS} keys under this prefix: use state_getKeysPaged`,
          })
        }
        keys.push(`0x${key}`)
      }
      return keys
    },
    state_getKeysPaged(
      p: { prefix: string; count: number; startKey?: string | undefined } & At,
    ): string[] {
      const { state } = resolveAt(ctx, p.at)
      const keys: string[] = []
      if (p.count === 0) return keys
      const start = p.startKey === undefined ? undefined : rawKey(p.startKey)
      for (const key of state.keys(rawKey(p.prefix), start)) {
        keys.push(`0x${key}`)
        if (keys.length === p.count) break
      }
      return keys
    },
    state_getStorage(p: { key: string } & At): string | null {
      return valueHex(resolveAt(ctx, p.at).state.get(rawKey(p.key)))
    },
    state_getStorageHash(p: { key: string } & At): string | null {
      const value = resolveAt(ctx, p.at).state.get(rawKey(p.key))
      return value === undefined ? null : bytesToHex(blake2_256(value))
    },
    state_getStorageSize(p: { key: string } & At): number | null {
      return resolveAt(ctx, p.at).state.get(rawKey(p.key))?.length ?? null
    },
    state_getMetadata(p: At): string {
      resolveAt(ctx, p.at)
      const metadata = metadataAtVersion(chain.runtime, 14)
      if (metadata === undefined) throw new RpcError(-32603, 'metadata v14 is unavailable')
      return bytesToHex(metadata)
    },
    state_getRuntimeVersion(p: At) {
      resolveAt(ctx, p.at)
      return version
    },
    state_queryStorageAt(p: { keys: readonly string[] } & At): StorageChangeSetJson[] {
      const block = resolveAt(ctx, p.at)
      return [
        {
          block: bytesToHex(block.hash),
          changes: p.keys.map(key => [key, valueHex(block.state.get(rawKey(key)))] as const),
        },
      ]
    },
    // One runtime for the chain's life: the current version once, never a change.
    state_subscribeRuntimeVersion(_p: unknown, sink: Sink<typeof version>) {
      sink.send(version)
      return () => undefined
    },
    state_subscribeStorage(
      p: { keys?: readonly string[] | undefined },
      sink: Sink<StorageChangeSetJson>,
    ) {
      const best = resolveAt(ctx, undefined)
      const keys = p.keys === undefined ? undefined : [...new Set(p.keys)]
      sink.send({
        block: bytesToHex(best.hash),
        changes: (keys ?? []).map(key => [key, valueHex(best.state.get(rawKey(key)))] as const),
      })
      const raw = keys?.map(key => [key, rawKey(key)] as const)
      return chain.onBlock(block => {
        const changes: (readonly [string, string | null])[] = []
        if (raw === undefined) {
          for (const [key, value] of block.changes)
            changes.push([`0x${key}`, value === null ? null : bytesToHex(value)])
        } else {
          for (const [key, rk] of raw) {
            if (!block.changes.has(rk)) continue
            const value = block.changes.get(rk)
            changes.push([key, value === null || value === undefined ? null : bytesToHex(value)])
          }
        }
        if (changes.length > 0) sink.send({ block: bytesToHex(block.hash), changes })
      })
    },
  }
}

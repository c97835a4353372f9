import { bytesToHex } from '../../primitives/index.ts'
import type { HeaderJson, SignedBlockJson, SubscriptionSink as Sink } from '../../rpc/index.ts'
import type { ImportedBlock } from '../chain/chain.ts'
import { headerToJson } from '../chain/header.ts'
import type { NodeRpcContext } from './context.ts'
import { resolveAt } from './context.ts'

/** chain_*: block hashes, headers, bodies and head subscriptions. */
export const createChainHandlers = (ctx: NodeRpcContext) => {
  const { chain } = ctx
  const lookup = (hash: string | undefined) => {
    try {
      return resolveAt(ctx, hash, 'chain')
    } catch {
      // chain_getHeader / chain_getBlock answer an unknown hash with null, as Substrate does.
      return undefined
    }
  }
  // Every head subscription starts with the current best block, then follows each new one.
  const followHeads = (sink: Sink<HeaderJson>) => {
    sink.send(headerToJson(chain.best.header))
    return chain.onBlock((block: ImportedBlock) => sink.send(headerToJson(block.header)))
  }
  return {
    chain_getBlockHash(p: { number?: number | undefined }): string | null {
      const number = p.number ?? chain.best.number
      if (number > chain.best.number) return null
      const hash = chain.store.hashAt(number)
      return hash === undefined ? null : bytesToHex(hash)
    },
    chain_getHeader(p: { hash?: string | undefined }): HeaderJson | null {
      const block = lookup(p.hash)
      return block === undefined ? null : headerToJson(block.header)
    },
    chain_getBlock(p: { hash?: string | undefined }): SignedBlockJson | null {
      const block = lookup(p.hash)
      if (block === undefined) return null
      const extrinsics = chain.store.extrinsics(block.hash) ?? []
      return {
        block: { header: headerToJson(block.header), extrinsics: extrinsics.map(bytesToHex) },
        justifications: null,
      }
    },
    chain_getFinalizedHead: (): string => bytesToHex(chain.best.hash),
    chain_subscribeNewHeads: (_p: unknown, sink: Sink<HeaderJson>) => followHeads(sink),
    chain_subscribeFinalizedHeads: (_p: unknown, sink: Sink<HeaderJson>) => followHeads(sink),
    // All heads are only the imports from now on (Substrate sends no current head here).
    chain_subscribeAllHeads: (_p: unknown, sink: Sink<HeaderJson>) =>
      chain.onBlock(block => sink.send(headerToJson(block.header))),
  }
}

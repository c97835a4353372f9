import type { SignatureCheck } from '../../primitives/index.ts'
import { bytesToHex, hexToBytes } from '../../primitives/index.ts'
import { unknownBlock } from '../../rpc/index.ts'
import type { ParsedExtrinsic, StorageBackend } from '../../runtime/index.ts'
import type { BlockAuthor } from '../chain/block-author.ts'
import type { BlockRef, Chain } from '../chain/chain.ts'
import type { TxPool } from '../txpool/index.ts'

/** What the JSON-RPC handlers read and drive. */
export interface NodeRpcContext {
  readonly chain: Chain
  readonly pool: TxPool<ParsedExtrinsic>
  readonly author: BlockAuthor
  readonly verify: (checks: readonly SignatureCheck[]) => Promise<boolean[]>
  /** `system_chain`. */
  readonly chainName: string
  /** `system_chainType`. */
  readonly chainType: 'Development' | 'Local' | 'Live'
}

/** A block a state method reads at, with its state. */
export interface ResolvedBlock extends BlockRef {
  readonly state: StorageBackend
  readonly isBest: boolean
}

/**
 * The block a trailing `at` parameter names: the best block when absent or null, else the block
 * with that hash. Unknown hashes are an error whose message contains " not found".
 */
export const resolveAt = (
  ctx: NodeRpcContext,
  at: string | null | undefined,
  module: 'state' | 'chain' = 'state',
): ResolvedBlock => {
  const { chain } = ctx
  const best = chain.best
  if (at === undefined || at === null || at === bytesToHex(best.hash)) {
    // Not `store.state`: while the next block is being made durable, that is already ahead.
    const state = chain.store.stateAt(best.number)
    if (state === undefined) throw unknownBlock(bytesToHex(best.hash), module)
    return { ...best, state, isBest: true }
  }
  const hash = hexToBytes(at)
  const number = chain.store.numberOf(hash)
  const header = number === undefined || number > best.number ? undefined : chain.header(hash)
  const state = number === undefined ? undefined : chain.store.stateAt(number)
  if (number === undefined || header === undefined || state === undefined)
    throw unknownBlock(at, module)
  return { number, hash, header, state, isBest: false }
}

import { bytesToHex } from '../../primitives/index.ts'
import type { SealMode } from '../chain/block-author.ts'
import type { NodeRpcContext } from './context.ts'

/** dev_*: test controls (manual sealing). */
export const createDevHandlers = (ctx: NodeRpcContext) => ({
  async dev_newBlock(p: { count: number }): Promise<string> {
    const blocks = await ctx.author.newBlocks(p.count)
    const last = blocks.at(-1)
    return bytesToHex(last === undefined ? ctx.chain.best.hash : last.hash)
  },
  dev_setSealMode(p: { mode: SealMode['type']; intervalMs?: number | undefined }): null {
    const mode: SealMode =
      p.mode === 'interval' ? { type: 'interval', value: p.intervalMs ?? 6000 } : { type: p.mode }
    ctx.author.setMode(mode)
    return null
  },
})

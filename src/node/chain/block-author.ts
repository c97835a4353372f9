import type { TxPool } from '../txpool/index.ts'
import type { Chain, ImportedBlock } from './chain.ts'

/**
 * When blocks are made: `instant` as soon as transactions are ready, `interval` every `value`
 * milliseconds, `manual` only on request (`dev_newBlock`).
 */
export type SealMode =
  | { readonly type: 'instant' }
  | { readonly type: 'interval'; readonly value: number }
  | { readonly type: 'manual' }

/** Options of `createBlockAuthor`. */
export interface BlockAuthorOptions {
  readonly chain: Chain
  readonly pool: TxPool
  readonly mode: SealMode
  /** Told when producing a block failed; after a failed commit the chain refuses further blocks. */
  readonly onError: (error: unknown) => void
}

/** Drives block production in the chosen seal mode. */
export interface BlockAuthor {
  readonly mode: SealMode
  /** Switches mode; takes effect at once. */
  setMode(mode: SealMode): void
  /** Produces `count` blocks now, whatever the mode, and returns them. */
  newBlocks(count: number): Promise<ImportedBlock[]>
  /** Stops producing; waits for the block in production. */
  close(): Promise<void>
}

/**
 * Starts the block author.
 *
 * @example const author = createBlockAuthor({ chain, pool, mode: { type: 'instant' }, onError })
 */
export const createBlockAuthor = (options: BlockAuthorOptions): BlockAuthor => {
  const { chain, pool, onError } = options
  let mode = options.mode
  let timer: ReturnType<typeof setInterval> | undefined
  let stopReady: (() => void) | undefined
  let running = false
  let again = false
  let closed = false

  // Instant mode: one loop at a time; readiness that arrives mid-block asks for one more pass.
  const drain = async (): Promise<void> => {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        while (!closed && mode.type === 'instant' && pool.status().ready > 0) {
          const block = await chain.produceBlock()
          // Nothing fitted or everything was invalid: wait for the pool to change.
          if (block.extrinsics.length === 0) break
        }
      } while (again && !closed && mode.type === 'instant')
    } catch (error) {
      onError(error)
    } finally {
      running = false
    }
  }

  const tick = (): void => {
    if (running) return
    running = true
    chain
      .produceBlock()
      .catch(onError)
      .finally(() => {
        running = false
      })
  }

  const apply = (next: SealMode): void => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
    stopReady?.()
    stopReady = undefined
    mode = next
    if (closed) return
    if (next.type === 'instant') {
      stopReady = pool.onReady(() => void drain())
      void drain()
    } else if (next.type === 'interval') {
      timer = setInterval(tick, next.value)
    }
  }
  apply(mode)

  return {
    get mode() {
      return mode
    },
    setMode: apply,
    async newBlocks(count) {
      const blocks: ImportedBlock[] = []
      for (let i = 0; i < count; i++) blocks.push(await chain.produceBlock())
      return blocks
    },
    async close() {
      closed = true
      apply(mode)
      await chain.close()
    },
  }
}

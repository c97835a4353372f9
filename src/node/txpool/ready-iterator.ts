import { bytesToBinaryString } from '../../primitives/index.ts'
import { BinaryHeap } from './binary-heap.ts'
import { type AccountQueue, comesBefore, type PoolEntry } from './entry.ts'
import type { PoolExtrinsic, PoolTransaction, ReadyTransactions } from './types.ts'

/**
 * Walks the ready transactions in block-building order, as Substrate's `BestIterator` does: a
 * heap holds each sender's next transaction; taking one puts that sender's following nonce in.
 * So every sender's transactions come strictly by nonce, and between senders the higher tip (then
 * the earlier arrival) goes first. It reads the queues live: iterate without awaiting in between.
 *
 * @example
 * const ready = createReadyIterator(accounts.values())
 * for (const tx of ready) if (!apply(tx)) ready.skipSender(tx)
 */
export const createReadyIterator = <P extends PoolExtrinsic>(
  accounts: Iterable<AccountQueue<P>>,
): ReadyTransactions<P> => {
  const heads: PoolEntry<P>[] = []
  for (const account of accounts) {
    if (account.readyEnd === account.nonce) continue
    const head = account.txs.get(account.nonce)
    if (head !== undefined) heads.push(head)
  }
  const heap = new BinaryHeap<PoolEntry<P>>(comesBefore, heads)
  const skipped = new Set<string>()
  let last: PoolEntry<P> | undefined

  const queueNext = (): void => {
    if (last === undefined) return
    const account = last.account
    const nonce = last.nonce + 1
    last = undefined
    if (skipped.has(account.key) || nonce >= account.readyEnd) return
    const next = account.txs.get(nonce)
    if (next?.ready) heap.push(next)
  }

  const iterator: ReadyTransactions<P> = {
    next(): IteratorResult<PoolTransaction<P>> {
      queueNext()
      for (;;) {
        const entry = heap.pop()
        if (entry === undefined) return { done: true, value: undefined }
        // Left the pool (or went back to future) since it was queued.
        if (!entry.ready || entry.account.txs.get(entry.nonce) !== entry) continue
        if (skipped.has(entry.account.key)) continue
        last = entry
        return { done: false, value: entry }
      }
    },
    skipSender(tx) {
      skipped.add(bytesToBinaryString(tx.signer))
    },
    [Symbol.iterator]() {
      return iterator
    },
  }
  return iterator
}

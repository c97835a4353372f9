import type { SubmittableExtrinsic } from '@polkadot/api/types'
import type { AugmentedEvent, SignerOptions } from '@polkadot/api-base/types'
import type { KeyringPair } from '@polkadot/keyring/types'
import type { AnyTuple, IEvent, ISubmittableResult } from '@polkadot/types/types'

/** A transaction did not reach finality the way a wallet expects. */
export class PjsTxFault extends Error {
  override readonly name = 'PjsTxFault'
  readonly code: 'TX_TIMEOUT' | 'TX_STATUS'
  /** Every status seen, in order. */
  readonly statuses: readonly string[]
  constructor(code: PjsTxFault['code'], message: string, statuses: readonly string[]) {
    super(message)
    this.code = code
    this.statuses = statuses
  }
}

/** What `signAndSend` reported for one transaction, up to finality. */
export interface TxOutcome {
  /** `status.type` of every callback, in order (`Ready`, `InBlock`, `Finalized`). */
  readonly statuses: readonly string[]
  /**
   * The result delivered with `isInBlock`; absent when polkadot-js never reported it (it drops
   * InBlock when Finalized arrives before it has fetched the block's events).
   */
  readonly inBlock: ISubmittableResult | undefined
  /** The result delivered with `isFinalized`. */
  readonly finalized: ISubmittableResult
  /** The block the transaction is in (hex). */
  readonly blockHash: string
  /** The transaction hash polkadot-js computed (hex). */
  readonly txHash: string
}

/** How `signAndFinalize` watches a transaction. */
export interface WatchOptions {
  /** Give up (and reject) after this long. Default 10 s. */
  readonly timeoutMs?: number
  /** Told of every status callback, before it is handled. */
  readonly onStatus?: (result: ISubmittableResult) => void
}

const FAILED_STATUSES = new Set(['Invalid', 'Dropped', 'Usurped', 'Retracted', 'FinalityTimeout'])

/**
 * `tx.signAndSend(signer, options, callback)` as a wallet uses it, resolved once the status
 * callback reports `isFinalized` (whether or not `isInBlock` was reported: callers assert it). Rejects with the RPC error when the node refuses the
 * transaction, and with `PjsTxFault` on a terminal status or when finality does not come.
 *
 * @example const { finalized } = await signAndFinalize(api.tx.critterNfts.feedPet(0, 1), alice)
 */
export const signAndFinalize = (
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  options: Partial<SignerOptions> = {},
  watch: WatchOptions = {},
): Promise<TxOutcome> =>
  new Promise((resolve, reject) => {
    const timeoutMs = watch.timeoutMs ?? 10_000
    const statuses: string[] = []
    let inBlock: ISubmittableResult | undefined
    let unsubscribe: (() => void) | undefined
    let settled = false
    const settle = (then: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      unsubscribe?.()
      then()
    }
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new PjsTxFault('TX_TIMEOUT', `not finalized after ${timeoutMs} ms`, [...statuses]),
          ),
        ),
      timeoutMs,
    )
    tx.signAndSend(signer, options, result => {
      statuses.push(result.status.type)
      watch.onStatus?.(result)
      if (result.status.isInBlock) inBlock = result
      if (result.status.isFinalized) {
        const finalized = result
        settle(() =>
          resolve({
            statuses,
            inBlock,
            finalized,
            blockHash: finalized.status.asFinalized.toHex(),
            txHash: finalized.txHash.toHex(),
          }),
        )
      } else if (FAILED_STATUSES.has(result.status.type)) {
        settle(() =>
          reject(new PjsTxFault('TX_STATUS', `status ${result.status.type}`, [...statuses])),
        )
      }
    }).then(
      stop => {
        if (settled) stop()
        else unsubscribe = stop
      },
      (error: unknown) => settle(() => reject(error)),
    )
  })

/**
 * The events of a result that match a decorated event (`api.events.<pallet>.<Event>`), typed.
 *
 * @example eventsOf(result, api.events.critterNfts.PetNftMinted)[0]?.data.petId
 */
export const eventsOf = <T extends AnyTuple, N>(
  result: ISubmittableResult,
  kind: AugmentedEvent<'promise', T, N>,
): IEvent<T, N>[] => {
  const found: IEvent<T, N>[] = []
  for (const { event } of result.events) if (kind.is(event)) found.push(event)
  return found
}

/** `section.method` of every event of a result, in order (readable in assertion failures). */
export const eventNames = (result: ISubmittableResult): string[] =>
  result.events.map(({ event }) => `${event.section}.${event.method}`)

/**
 * A promise that resolves the first time a status of `type` is reported to its `onStatus`.
 *
 * @example const ready = statusReached('Ready'); signAndFinalize(tx, alice, {}, ready); await ready.reached
 */
export const statusReached = (
  type: string,
): { reached: Promise<void>; onStatus: (result: ISubmittableResult) => void } => {
  let resolve: () => void = () => {}
  const reached = new Promise<void>(r => {
    resolve = r
  })
  return {
    reached,
    onStatus: result => {
      if (result.status.type === type) resolve()
    },
  }
}

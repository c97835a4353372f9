import { silentLogger } from '../primitives/index.ts'
import {
  ackSigners,
  createAcknowledger,
  createDeliveryWorker,
  createTransports,
  deliveryTargets,
  type HookConfig,
} from './delivery/index.ts'
import { createSync, type SyncOptions, type SyncService } from './sync-service.ts'

/** Options of `createSyncWithHooks`: the follower's, plus the hook endpoints. */
export interface SyncWithHooksOptions extends Omit<SyncOptions, 'targets'> {
  /** Hook endpoints and acknowledgement keys (`loadHookConfig`); none: the replica alone. */
  readonly hooks?: HookConfig
}

/**
 * The whole sync service: the follower that keeps the replica, and, for the hooks in `hooks`, the
 * delivery worker that hands each change to its endpoint (woken by every committed batch) and the
 * acknowledger that clears delivered flags on chain. One `run` drives all three and stops them
 * together; deliveries cut short by the stop stay in the outbox for the next start.
 *
 * @example
 * const hooks = await loadHookConfig('./hooks.json')
 * await createSyncWithHooks({ api, critter, store, hooks, logger }).run(controller.signal)
 */
export const createSyncWithHooks = (options: SyncWithHooksOptions): SyncService => {
  const { hooks, ...rest } = options
  if (hooks === undefined) return createSync(rest)
  const logger = options.logger ?? silentLogger
  const { store, api } = options

  const run = async (signal?: AbortSignal): Promise<void> => {
    const transports = createTransports(hooks)
    const worker = createDeliveryWorker({
      store,
      transports: transports.transports,
      retry: hooks.retry,
      logger,
    })
    const signers = ackSigners(hooks)
    const acknowledger =
      signers.size === 0 ? undefined : createAcknowledger({ store, client: api, signers, logger })
    const loops = new AbortController()
    let signersChecked = false
    const follower = createSync({
      ...rest,
      targets: deliveryTargets(hooks),
      onBatch: progress => {
        options.onBatch?.(progress)
        worker.wake()
        acknowledger?.wake()
        // Once the hook mirror has caught up with the chain, a key that is not its hook's
        // account is worth a warning: the chain would refuse its acknowledgements.
        if (!signersChecked && progress.checkpoint.number >= progress.finalized) {
          signersChecked = true
          void acknowledger?.checkSigners()
        }
      },
    })
    const running = [worker.run(loops.signal), acknowledger?.run(loops.signal)]
    try {
      await follower.run(signal)
    } finally {
      loops.abort()
      await Promise.all(running)
      await transports.close()
    }
  }
  return { run }
}

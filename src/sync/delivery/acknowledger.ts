import {
  type CallOutcome,
  ConnectionError,
  type CritterClient,
  RequestTimeoutError,
  TransactionError,
} from '../../client/index.ts'
import {
  bytesEqual,
  bytesToHex,
  type Keypair,
  type Logger,
  silentLogger,
  ss58Encode,
} from '../../primitives/index.ts'
import { critterCall } from '../../runtime/index.ts'
import type { SyncStore } from '../store/sync-store.ts'
import type { AckStatus, DeliveryRow, HookRow } from '../types.ts'
import { type AckPlan, planAck } from './ack-plan.ts'
import { reasonOf } from './failure-reason.ts'
import { createPassLoop, type PassLoop } from './pass-loop.ts'

/** The dispatch error for an acknowledgement of a version the pet has moved past. */
export const STALE_ACK = 'CritterNfts.StaleSyncAcknowledgement'

/** Options of `createAcknowledger`. */
export interface AcknowledgerOptions {
  /** The replica store: pending acknowledgements, the pets and the hook mirror. */
  readonly store: Pick<SyncStore, 'pendingAcks' | 'setAckStatus' | 'pet' | 'hooks' | 'deliveries'>
  /** Submits `acknowledge_sync`. */
  readonly client: Pick<CritterClient, 'submit'>
  /** The key of every hook that acknowledges, by hook id (`ackSigners(config)`). */
  readonly signers: ReadonlyMap<number, Keypair>
  readonly logger?: Logger
  /** Pending acknowledgements read per pass (default 256). */
  readonly batchSize?: number
  /** Acknowledgements in flight at once (default 16); each waits for its block. */
  readonly concurrency?: number
  /** Poll interval when nobody calls `wake` (default 1000 ms). */
  readonly pollMs?: number
}

/** A configured ack signer that is not its hook's on-chain account. */
export interface SignerProblem {
  readonly hookId: number
  readonly reason: string
}

/** What one pass did, counted in delivery rows. */
export interface AckSummary {
  /** `acknowledge_sync` calls that landed `Ok`. */
  readonly submitted: number
  readonly acked: number
  readonly superseded: number
  readonly failed: number
  /** Rows of hooks that no longer acknowledge (`none`). */
  readonly dropped: number
  /** Rows left pending: waiting for a newer delivery, for the replica, or for the node. */
  readonly waiting: number
}

/** Acknowledges delivered changes on chain. */
export interface Acknowledger extends PassLoop<AckSummary> {
  /**
   * Checks that each signer's public key is its hook's account in the replica's hook mirror,
   * logging a warning for each that is not (the chain would answer `NoSyncPermission`).
   */
  checkSigners(): Promise<SignerProblem[]>
}

/** One hook's delivered, unacknowledged changes of one pet, oldest first. */
interface Group {
  readonly hookId: number
  readonly petId: number
  readonly rows: DeliveryRow[]
}

/** Deliveries read per page when looking at one hook's changes of one pet. */
const PAGE = 1000

const counts = () => ({ submitted: 0, acked: 0, superseded: 0, failed: 0, dropped: 0, waiting: 0 })

/** Faults that say nothing about the acknowledgement itself: try again on a later pass. */
const isTransient = (error: unknown): boolean =>
  error instanceof ConnectionError ||
  error instanceof RequestTimeoutError ||
  error instanceof TransactionError

const accountName = (account: Uint8Array): string => {
  try {
    return ss58Encode(account)
  } catch {
    return bytesToHex(account)
  }
}

/**
 * Acknowledges delivered changes on chain with `acknowledge_sync`, signed by each hook's key, so
 * that the pets' `sync_flags` clear.
 *
 * Each pass reads the delivered changes whose acknowledgement is due and groups them by hook and
 * pet; one call covers a group. The chain takes only the pet's current version, and a hook must
 * never clear the flag of a change it did not get, so for each group it looks at everything the
 * hook was sent about the pet from the group's oldest change on:
 *
 * - a change still pending delivery (retrying, or put back from the dead letters): wait, and
 *   let the call made once it is delivered carry these flags too;
 * - otherwise the flags are those aspects whose latest change for this hook was delivered (an
 *   aspect whose latest change was dead-lettered keeps its flag), within the hook's current
 *   interests, and the version is the replica's: the replica and the outbox are written in one
 *   transaction, so any change since the newest delivery was of no interest to this hook;
 * - `Ok`: the latest delivered change of each acknowledged aspect is `acked`, older ones
 *   `superseded` (the newer change's acknowledgement covered them);
 * - `StaleSyncAcknowledgement` (the chain is ahead of the replica): wait until the replica's
 *   version of the pet moves on, then decide again, without resubmitting meanwhile;
 * - any other dispatch error: `failed` with its name (a wrong signer, detected before submitting,
 *   likewise); a dropped connection, a timeout or a dropped transaction: retried on a later pass.
 *
 * Rows that wait stay first in `pendingAcks`; they are released as the delivery worker goes on.
 *
 * @example
 * const acks = createAcknowledger({ store, client: api, signers: ackSigners(config), logger })
 * await acks.checkSigners()
 * void acks.run(stop.signal)
 */
export const createAcknowledger = (options: AcknowledgerOptions): Acknowledger => {
  const { store, client, signers } = options
  const logger = options.logger ?? silentLogger
  const batchSize = options.batchSize ?? 256
  const concurrency = Math.max(1, options.concurrency ?? 16)
  // Groups the chain called stale, by `hook:pet`: the replica version they were tried at.
  const staleAt = new Map<string, number>()
  const warnedUnsigned = new Set<number>()

  const signerProblem = (hookId: number, hook: HookRow | undefined): string | undefined => {
    const signer = signers.get(hookId)
    if (signer === undefined) return undefined
    if (hook === undefined)
      return `hook ${hookId} is not registered on chain (as the replica sees it)`
    if (!bytesEqual(signer.publicKey, hook.account))
      return `the ack signer of hook ${hookId} is ${accountName(signer.publicKey)}, but the hook belongs to ${accountName(hook.account)}: the chain would answer NoSyncPermission`
    return undefined
  }

  const checkSigners = async (): Promise<SignerProblem[]> => {
    const hooks = new Map((await store.hooks()).map(h => [h.id, h]))
    const problems: SignerProblem[] = []
    for (const hookId of signers.keys()) {
      const reason = signerProblem(hookId, hooks.get(hookId))
      if (reason === undefined) continue
      problems.push({ hookId, reason })
      logger.warn('ack signer does not match its hook', { hookId, reason })
    }
    return problems
  }

  /** Every delivery of one hook and pet from id `after` on, all pages. */
  const deliveriesAfter = async (hookId: number, petId: number, after: number) => {
    const rows: DeliveryRow[] = []
    for (;;) {
      const page = await store.deliveries({ hookId, petId, after, limit: PAGE })
      rows.push(...page)
      const last = page.at(-1)
      if (last === undefined || page.length < PAGE) return rows
      after = last.id
    }
  }

  const decide = async (group: Group, hook: HookRow | undefined): Promise<AckPlan> => {
    const { hookId, petId } = group
    const groupIds = group.rows.map(r => r.id)
    if (!signers.has(hookId)) return { type: 'settle', ids: groupIds, status: 'none' }
    const problem = signerProblem(hookId, hook)
    if (problem !== undefined || hook === undefined)
      return {
        type: 'settle',
        ids: groupIds,
        status: 'failed',
        reason: problem ?? `hook ${hookId} is gone`,
      }
    if (!hook.enabled)
      return {
        type: 'settle',
        ids: groupIds,
        status: 'failed',
        reason: `hook ${hookId} is disabled on chain`,
      }
    // Everything this hook was sent about this pet from the group's oldest change on.
    const firstId = group.rows.reduce((id, r) => Math.min(id, r.id), Number.MAX_SAFE_INTEGER)
    const rows = await deliveriesAfter(hookId, petId, firstId - 1)
    const pet = await store.pet(petId)
    if (pet === undefined)
      return {
        type: 'settle',
        ids: groupIds,
        status: 'failed',
        reason: `pet ${petId} is not in the replica`,
      }
    const current = pet.pet.state_version
    if (staleAt.get(`${hookId}:${petId}`) === current)
      return { type: 'wait', reason: 'the chain is ahead of the replica' }
    return planAck({ hookId, petId, rows, interests: hook.interests, current })
  }

  const settle = async (ids: readonly number[], status: AckStatus, reason?: string) => {
    if (ids.length === 0) return
    await (reason === undefined
      ? store.setAckStatus(ids, status)
      : store.setAckStatus(ids, status, reason))
  }

  const handle = async (
    group: Group,
    hook: HookRow | undefined,
    tally: ReturnType<typeof counts>,
  ): Promise<void> => {
    const { hookId, petId } = group
    const key = `${hookId}:${petId}`
    const decision = await decide(group, hook)
    if (decision.type === 'wait') {
      tally.waiting += group.rows.length
      return
    }
    if (decision.type === 'settle') {
      await settle(decision.ids, decision.status, decision.reason)
      staleAt.delete(key)
      const n = decision.ids.length
      if (decision.status === 'none') {
        tally.dropped += n
        if (!warnedUnsigned.has(hookId)) {
          warnedUnsigned.add(hookId)
          logger.warn('hook no longer acknowledges (no ack signer in the config)', { hookId })
        }
      } else if (decision.status === 'superseded') {
        tally.superseded += n
        logger.info('acknowledgement superseded', { hookId, petId, reason: decision.reason })
      } else {
        tally.failed += n
        logger.warn('acknowledgement failed', { hookId, petId, reason: decision.reason })
      }
      return
    }
    const signer = signers.get(hookId)
    if (signer === undefined) return
    const { flags, version } = decision
    const fields = { hookId, petId, version, flags }
    let outcome: CallOutcome
    try {
      const call = critterCall('acknowledge_sync', { pet_id: petId, flags, version })
      outcome = (await client.submit(call, signer)).result
    } catch (error) {
      if (isTransient(error)) {
        tally.waiting += decision.ready.length
        logger.warn('acknowledgement not submitted; will retry', {
          ...fields,
          reason: reasonOf(error),
        })
        return
      }
      const reason = `${error instanceof Error ? error.name : 'Error'}: ${reasonOf(error)}`
      await settle(decision.ready, 'failed', reason)
      tally.failed += decision.ready.length
      logger.warn('acknowledgement failed', { ...fields, reason })
      return
    }
    if (outcome.type === 'Ok') {
      await settle(decision.acked, 'acked')
      await settle(decision.superseded, 'superseded')
      await settle(
        decision.uninterested,
        'failed',
        `hook ${hookId} is no longer interested in this change`,
      )
      staleAt.delete(key)
      tally.submitted++
      tally.acked += decision.acked.length
      tally.superseded += decision.superseded.length
      tally.failed += decision.uninterested.length
      return
    }
    if (outcome.name === STALE_ACK) {
      // Not resubmitted while the replica still has the pet at this version; decided again once
      // it has the newer one.
      staleAt.set(key, version)
      tally.waiting += decision.ready.length
      logger.info(
        'acknowledgement stale: the chain is ahead of the replica; will decide again',
        fields,
      )
      return
    }
    await settle(decision.ready, 'failed', outcome.name)
    staleAt.delete(key)
    tally.failed += decision.ready.length
    logger.warn('acknowledgement failed', { ...fields, reason: outcome.name })
  }

  const pass = async (): Promise<AckSummary> => {
    const tally = counts()
    const rows = await store.pendingAcks(batchSize)
    if (rows.length === 0) return tally
    const hooks = new Map((await store.hooks()).map(h => [h.id, h]))
    const groups = new Map<string, Group>()
    for (const row of rows) {
      const key = `${row.hookId}:${row.petId}`
      let group = groups.get(key)
      if (group === undefined) {
        group = { hookId: row.hookId, petId: row.petId, rows: [] }
        groups.set(key, group)
      }
      group.rows.push(row)
    }
    // Different pets (and hooks) are independent calls: a few in flight at once, since each
    // waits for its block. The client reserves nonces, so one signer's calls do not collide.
    const queue = [...groups.values()]
    const lane = async () => {
      for (let group = queue.shift(); group !== undefined; group = queue.shift())
        await handle(group, hooks.get(group.hookId), tally)
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane))
    return tally
  }

  const loop = createPassLoop({
    pass,
    pollMs: options.pollMs ?? 1000,
    logger,
    name: 'acknowledgement',
  })
  return { ...loop, checkSigners }
}

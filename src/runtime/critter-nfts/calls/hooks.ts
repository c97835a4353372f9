import { type AccountId, bytesEqual } from '../../../primitives/index.ts'
import type { ExecutionContext } from '../../frame/context.ts'
import { type DispatchResult, OK } from '../../frame/dispatch.ts'
import { type Critter, critterError, PALLET_NAME } from '../critter.ts'
import type { HookInfo } from '../types.ts'

const MAX_HOOK_ID = 0xffff_ffff

/**
 * `register_sync_hook`: registers an off-chain subscriber owned by the caller. The chain assigns
 * the id (reported in `HookRegistered`), so ids cannot be squatted; `MaxHooksPerAccount` and
 * `MaxRegisteredHooks` bound the registry.
 */
export const registerSyncHook = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  interests: number,
  priority: number,
): DispatchResult => {
  if (interests === 0) return critterError('InvalidHookParameters')
  const io = ctx.storage
  const ids = c.storage.SyncHookIds.get(io)
  if (ids.length >= c.config.MaxRegisteredHooks) return critterError('TooManyHooks')
  const mine = c.storage.HooksPerAccount.get(io, who)
  if (mine >= c.config.MaxHooksPerAccount) return critterError('TooManyHooksForAccount')
  const id = c.storage.NextHookId.get(io)
  if (id >= MAX_HOOK_ID) return critterError('NextHookIdOverflow')
  const info: HookInfo = {
    account_id: who,
    interests,
    priority,
    enabled: true,
    last_execution: 0,
    execution_count: 0,
  }
  c.storage.SyncHookRegistry.set(io, id, info)
  c.storage.NextHookId.set(io, id + 1)
  // Ids only grow, so appending keeps the list ascending.
  c.storage.SyncHookIds.set(io, [...ids, id])
  c.storage.HooksPerAccount.set(io, who, mine + 1)
  ctx.deposit(
    PALLET_NAME,
    { type: 'HookRegistered', value: { hook_id: id, account_id: who, interests, priority } },
    [who],
  )
  return OK
}

const ownHook = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  hookId: number,
): { type: 'Ok'; info: HookInfo } | { type: 'Err'; result: DispatchResult } => {
  const info = c.storage.SyncHookRegistry.get(ctx.storage, hookId)
  if (info === undefined) return { type: 'Err', result: critterError('HookNotFound') }
  if (!bytesEqual(info.account_id, who))
    return { type: 'Err', result: critterError('NotHookOwner') }
  return { type: 'Ok', info }
}

/** `unregister_sync_hook`. */
export const unregisterSyncHook = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  hookId: number,
): DispatchResult => {
  const found = ownHook(c, ctx, who, hookId)
  if (found.type === 'Err') return found.result
  const io = ctx.storage
  c.storage.SyncHookRegistry.remove(io, hookId)
  c.storage.SyncHookIds.set(
    io,
    c.storage.SyncHookIds.get(io).filter(x => x !== hookId),
  )
  const mine = c.storage.HooksPerAccount.get(io, who) - 1
  if (mine === 0) c.storage.HooksPerAccount.remove(io, who)
  else c.storage.HooksPerAccount.set(io, who, mine)
  ctx.deposit(
    PALLET_NAME,
    { type: 'HookUnregistered', value: { hook_id: hookId, account_id: who } },
    [who],
  )
  return OK
}

/** `set_hook_enabled`: the event names the state the hook is in afterwards. */
export const setHookEnabled = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  hookId: number,
  enabled: boolean,
): DispatchResult => {
  const found = ownHook(c, ctx, who, hookId)
  if (found.type === 'Err') return found.result
  c.storage.SyncHookRegistry.set(ctx.storage, hookId, { ...found.info, enabled })
  ctx.deposit(
    PALLET_NAME,
    { type: enabled ? 'HookEnabled' : 'HookDisabled', value: { hook_id: hookId } },
    [who],
  )
  return OK
}

/** `update_hook_interests`. */
export const updateHookInterests = (
  c: Critter,
  ctx: ExecutionContext,
  who: AccountId,
  hookId: number,
  interests: number,
): DispatchResult => {
  if (interests === 0) return critterError('InvalidHookParameters')
  const found = ownHook(c, ctx, who, hookId)
  if (found.type === 'Err') return found.result
  c.storage.SyncHookRegistry.set(ctx.storage, hookId, { ...found.info, interests })
  ctx.deposit(
    PALLET_NAME,
    { type: 'HookInterestsUpdated', value: { hook_id: hookId, interests } },
    [who],
  )
  return OK
}

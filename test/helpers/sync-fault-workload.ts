// A workload for the sync service's fault tests: dev accounts submit a seeded mix of every kind of
// CritterNfts call through src/client (mints, batch mints, metadata updates with the right and a
// stale expected_version, transfers, care, neglect checks, hooks registered, toggled, re-aimed and
// removed, acknowledgements), so the chain keeps growing with all the events the replica mirrors.
// Failed calls are part of the mix: they leave blocks without pet events.
import type { CritterClient, SubmitResult } from '../../src/client/index.ts'
import {
  bytesToHex,
  DEV_ACCOUNTS,
  devKeypair,
  type Keypair,
  utf8,
} from '../../src/primitives/index.ts'
import { type CritterEvent, type CritterNfts, critterCall } from '../../src/runtime/index.ts'
import type { Random } from './fuzz-random.ts'

/** What the workload submitted, for the test's log. */
export interface WorkloadStats {
  /** Submissions that landed in a block, by call name. */
  readonly calls: Record<string, number>
  /** Of those, how many the runtime refused (dispatch errors). */
  failed: number
  /** Submissions that threw (pool refusals, dropped connections while a node restarts). */
  errors: number
  /** The last thrown error, for a test that sees no progress. */
  lastError: unknown
}

/** A running workload. */
export interface Workload {
  readonly stats: WorkloadStats
  /** Successful submissions so far. */
  landed(): number
  /** Sets the pause between an actor's calls (ms): the chain grows slower or faster. */
  setPause(ms: number): void
  /** Stops submitting and waits for the calls in flight. */
  stop(): Promise<WorkloadStats>
}

/** Options of `startWorkload`. */
export interface WorkloadOptions {
  readonly api: CritterClient
  readonly critter: CritterNfts
  readonly random: Random
  /** How many dev accounts submit, each one call at a time (default all six). */
  readonly actors?: number
  /** A pause between an actor's calls, in ms (default 0): throttles the chain's growth. */
  readonly pauseMs?: number
}

interface PetView {
  owner: number
  version: number
}

interface HookView {
  readonly owner: number
  enabled: boolean
  interests: number
}

const SPECIES = ['dragon', 'griffin', 'kitsune', 'axolotl', 'basilisk'].map(s => utf8(s))
const TRAITS = ['brave', 'sleepy', 'curious', 'loyal', 'grumpy', 'sly'].map(s => utf8(s))
/** Mints stop once the chain has this many pets: the rest of the mix works on them. */
const PET_CAP = 160

/**
 * Starts the workload: each actor loops, picking a call that fits what it knows of the chain
 * (tracked from the events of its own and the others' calls, and re-read from the chain after a
 * call that failed), until `stop()`.
 *
 * @example
 * const load = startWorkload({ api, critter, random: createRandom(7) })
 * // ... faults ...
 * const stats = await load.stop()
 */
export const startWorkload = (options: WorkloadOptions): Workload => {
  const { api, critter, random } = options
  const signers: Keypair[] = DEV_ACCOUNTS.slice(0, options.actors ?? DEV_ACCOUNTS.length).map(
    name => devKeypair(name),
  )
  const actorOf = new Map(signers.map((s, i) => [bytesToHex(s.publicKey), i]))
  const pets = new Map<number, PetView>()
  const hooks = new Map<number, HookView>()
  const stats: WorkloadStats = { calls: {}, failed: 0, errors: 0, lastError: undefined }
  let landed = 0
  let running = true
  let pauseMs = options.pauseMs ?? 0
  let counter = 0

  const owned = (actor: number): number[] =>
    [...pets].filter(([, p]) => p.owner === actor).map(([id]) => id)
  const hooksOf = (actor: number): [number, HookView][] =>
    [...hooks].filter(([, h]) => h.owner === actor)

  /** Learns pet versions, owners and hooks from a result's events. */
  const learn = (result: SubmitResult): void => {
    for (const record of result.events) {
      if (record.event.type !== 'CritterNfts') continue
      const event = record.event.value as CritterEvent
      switch (event.type) {
        case 'PetNftMinted':
          pets.set(event.value.pet_id, {
            owner: actorOf.get(bytesToHex(event.value.owner)) ?? -1,
            version: event.value.version,
          })
          break
        case 'PetNftTransferred':
          pets.set(event.value.pet_id, {
            owner: actorOf.get(bytesToHex(event.value.to)) ?? -1,
            version: event.value.version,
          })
          break
        case 'HookRegistered':
          hooks.set(event.value.hook_id, {
            owner: actorOf.get(bytesToHex(event.value.account_id)) ?? -1,
            enabled: true,
            interests: event.value.interests,
          })
          break
        case 'HookUnregistered':
          hooks.delete(event.value.hook_id)
          break
        case 'HookEnabled':
        case 'HookDisabled': {
          const hook = hooks.get(event.value.hook_id)
          if (hook !== undefined) hook.enabled = event.type === 'HookEnabled'
          break
        }
        case 'HookInterestsUpdated': {
          const hook = hooks.get(event.value.hook_id)
          if (hook !== undefined) hook.interests = event.value.interests
          break
        }
        default: {
          const value = event.value as { pet_id?: number; version?: number }
          if (value.pet_id === undefined || value.version === undefined) break
          const pet = pets.get(value.pet_id)
          if (pet !== undefined) pet.version = Math.max(pet.version, value.version)
        }
      }
    }
  }

  /** Re-reads pets from the chain after a call about them failed: our view was stale. */
  const refresh = async (ids: readonly number[]): Promise<void> => {
    const rows = await api.query(io =>
      ids.map(id => ({
        version: critter.storage.PetStateVersions.get(io, id),
        owner: critter.storage.PetNftOwner.get(io, id),
      })),
    )
    rows.forEach((row, i) => {
      const id = ids[i] as number
      if (row.owner === undefined) pets.delete(id)
      else
        pets.set(id, {
          owner: actorOf.get(bytesToHex(row.owner)) ?? -1,
          version: row.version ?? 0,
        })
    })
  }

  /** A call to submit; `about` names the pets it touches. */
  type Choice = { name: string; call: ReturnType<typeof critterCall>; about: number[] }

  /** One call for `actor`, chosen from what it owns and the hooks it has. */
  const choose = (actor: number): Choice => {
    const mine = owned(actor)
    const myHooks = hooksOf(actor)
    const name = () => utf8(`pet-${actor}-${counter++}`)
    const roll = random.next()
    const pick = () => random.pick(mine)
    /** The calls that need no pet of one's own: hooks, acknowledgements, neglect checks. */
    function hookOrAck(): Choice {
      const roll = random.next()
      if (roll < 0.25 && pets.size > 0) {
        // Anyone may check any pet; most are not neglected (a refusal), some are.
        const id = random.pick([...pets.keys()])
        return {
          name: 'apply_neglect_check',
          call: critterCall('apply_neglect_check', { pet_id: id }),
          about: [id],
        }
      }
      if (roll < 0.45 && myHooks.length < 2)
        return {
          name: 'register_sync_hook',
          call: critterCall('register_sync_hook', {
            interests: random.range(1, 0xff),
            priority: random.int(256),
          }),
          about: [],
        }
      if (roll < 0.6 && myHooks.length > 0) {
        const [id, hook] = random.pick(myHooks)
        const which = random.int(4)
        if (which === 0)
          return {
            name: 'unregister_sync_hook',
            call: critterCall('unregister_sync_hook', { hook_id: id }),
            about: [],
          }
        if (which === 1)
          return {
            name: 'update_hook_interests',
            call: critterCall('update_hook_interests', {
              hook_id: id,
              interests: random.range(1, 0xff),
            }),
            about: [],
          }
        return {
          name: 'set_hook_enabled',
          call: critterCall('set_hook_enabled', { hook_id: id, enabled: !hook.enabled }),
          about: [],
        }
      }
      const usable = myHooks.filter(([, h]) => h.enabled)
      if (usable.length > 0 && pets.size > 0) {
        // Acknowledge some pet's flags this actor's hook covers, at the version we believe current.
        const [, hook] = random.pick(usable)
        const id = random.pick([...pets.keys()])
        return {
          name: 'acknowledge_sync',
          call: critterCall('acknowledge_sync', {
            pet_id: id,
            flags: hook.interests,
            version: pets.get(id)?.version ?? 0,
          }),
          about: [id],
        }
      }
      const id = random.pick([...pets.keys()])
      return {
        name: 'apply_neglect_check',
        call: critterCall('apply_neglect_check', { pet_id: id }),
        about: [id],
      }
    }

    const room = pets.size < PET_CAP
    if (pets.size === 0 || (room && (mine.length === 0 || roll < 0.12)))
      return {
        name: 'mint_pet_nft',
        call: critterCall('mint_pet_nft', { species: random.pick(SPECIES), name: name() }),
        about: [],
      }
    if (room && roll < 0.18) {
      const size = random.range(2, 5)
      return {
        name: 'batch_mint_pet_nfts',
        call: critterCall('batch_mint_pet_nfts', {
          pets: Array.from({ length: size }, () => [random.pick(SPECIES), name()] as const).map(
            ([s, n]) => [s, n] as [Uint8Array, Uint8Array],
          ),
        }),
        about: [],
      }
    }
    if (mine.length === 0) return hookOrAck()
    if (roll < 0.32) {
      const id = pick()
      const version = pets.get(id)?.version ?? 0
      // One in ten is deliberately stale: ConcurrentModification, no pet event.
      const expected = random.chance(0.1) ? Math.max(0, version - 1) : version
      const traits = random.chance(0.5)
        ? Array.from({ length: random.range(0, 3) }, () => random.pick(TRAITS))
        : undefined
      return {
        name: 'update_pet_metadata',
        call: critterCall('update_pet_metadata', {
          pet_id: id,
          name: traits === undefined || random.chance(0.5) ? name() : undefined,
          personality_traits: traits,
          expected_version: expected,
        }),
        about: [id],
      }
    }
    if (roll < 0.37 && mine.length >= 2) {
      const ids = [...new Set([pick(), pick(), pick()])]
      return {
        name: 'batch_update_pet_metadata',
        call: critterCall('batch_update_pet_metadata', {
          updates: ids.map(id => ({
            pet_id: id,
            name: name(),
            personality_traits: undefined,
            expected_version: pets.get(id)?.version ?? 0,
          })),
        }),
        about: ids,
      }
    }
    if (roll < 0.45) {
      const id = pick()
      let to = random.int(signers.length - 1)
      if (to >= actor) to += 1
      return {
        name: 'transfer_pet_nft',
        call: critterCall('transfer_pet_nft', {
          recipient: (signers[to] as Keypair).publicKey,
          pet_id: id,
        }),
        about: [id],
      }
    }
    if (roll < 0.6) {
      const id = pick()
      return {
        name: 'feed_pet',
        call: critterCall('feed_pet', { pet_id: id, food_item_id: random.int(8) }),
        about: [id],
      }
    }
    if (roll < 0.75) {
      const id = pick()
      return {
        name: 'play_with_pet',
        call: critterCall('play_with_pet', { pet_id: id, toy_item_id: random.int(8) }),
        about: [id],
      }
    }
    return hookOrAck()
  }

  const loop = async (actor: number): Promise<void> => {
    const signer = signers[actor] as Keypair
    while (running) {
      const { name, call, about } = choose(actor)
      try {
        const result = await api.submit(call, signer)
        landed++
        stats.calls[name] = (stats.calls[name] ?? 0) + 1
        learn(result)
        if (result.result.type === 'Err') {
          stats.failed++
          if (about.length > 0) await refresh(about)
        }
      } catch (error) {
        stats.errors++
        stats.lastError = error
        // A node restarting or a socket dropped: give it a moment, then re-read what we touched.
        await new Promise(resolve => setTimeout(resolve, 50))
        if (about.length > 0) await refresh(about).catch(() => undefined)
      }
      if (pauseMs > 0) await new Promise(resolve => setTimeout(resolve, pauseMs))
    }
  }

  const loops = signers.map((_, i) => loop(i))
  return {
    stats,
    landed: () => landed,
    setPause: ms => {
      pauseMs = ms
    },
    async stop() {
      running = false
      await Promise.all(loops)
      return stats
    },
  }
}

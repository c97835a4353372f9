import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { type AccountId, bytesToRawHex, encode, utf8 } from '../src/primitives/index.ts'
import {
  applyCritterEvent,
  type CritterCall,
  type CritterEvent,
  critterCall,
  flagOf,
  type NftManager,
  type PetNft,
  type ReplayedPet,
  type RuntimeCall,
} from '../src/runtime/index.ts'
import { createActivityPallet, createAuditPallet, createEscrowPallet } from './fixtures/pallets.ts'
import { account } from './helpers/accounts.ts'
import { createCritterChain, critterEventsOf } from './helpers/critter-chain.ts'

// Small limits so that random calls hit every boundary often.
const config = {
  MaxOwnedPets: 10,
  MaxBatchSize: 4,
  MaxPetNameLen: 6,
  MaxSpeciesNameLen: 6,
  MaxTraitStringLen: 5,
  MaxPetPersonalityTraits: 3,
  MaxRegisteredHooks: 5,
  MaxHooksPerAccount: 2,
  NeglectThresholdBlocks: 3,
  NeglectMoodPenalty: 30,
  FeedXpGain: 60,
  PlayXpGain: 45,
}
const USERS = ['u0', 'u1', 'u2', 'u3'].map(account)
const RUNS = 20
const CALLS_PER_RUN = 500 // 20 runs x 500 calls = 10,000 calls checked per `npm test`

type Hint = 'current' | 'stale' | 'future'
type Action =
  | { kind: 'mint'; who: number; species: number; name: number }
  | { kind: 'batchMint'; who: number; count: number; longAt: number }
  | {
      kind: 'update'
      who: number
      pet: number
      name: number | null
      traits: number[] | null
      hint: Hint
    }
  | { kind: 'batchUpdate'; who: number; pets: number[]; hints: Hint[] }
  | { kind: 'transfer'; who: number; to: number; pet: number }
  | { kind: 'care'; call: 'feed_pet' | 'play_with_pet'; who: number; pet: number }
  | { kind: 'neglect'; who: number; pet: number }
  | { kind: 'register'; who: number; interests: number; priority: number }
  | {
      kind: 'hookAdmin'
      who: number
      hook: number
      op: 'unregister' | 'enable' | 'disable' | 'interests'
      interests: number
    }
  | { kind: 'ack'; who: number; pet: number; flags: number; hint: Hint }
  | { kind: 'escrow'; op: 'list' | 'delist' | 'sell'; who: number; pet: number; to: number }
  | { kind: 'seal'; blocks: number }

const who = fc.nat(USERS.length - 1)
const pet = fc.nat(40)
const hint = fc.constantFrom<Hint>('current', 'current', 'current', 'stale', 'future')
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('mint'), who, species: fc.nat(8), name: fc.nat(8) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('batchMint'),
      who,
      count: fc.nat(5),
      longAt: fc.nat(9),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('update'),
      who,
      pet,
      name: fc.option(fc.nat(8)),
      traits: fc.option(fc.array(fc.nat(7), { maxLength: 4 })),
      hint,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('batchUpdate'),
      who,
      pets: fc.array(pet, { maxLength: 5 }),
      hints: fc.array(hint, { minLength: 5, maxLength: 5 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('transfer'), who, to: who, pet }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('care'),
      call: fc.constantFrom('feed_pet', 'play_with_pet'),
      who,
      pet,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('neglect'), who, pet }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('register'),
      who,
      interests: fc.nat(255),
      priority: fc.nat(255),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('hookAdmin'),
      who,
      hook: fc.nat(6),
      op: fc.constantFrom('unregister', 'enable', 'disable', 'interests'),
      interests: fc.nat(255),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('ack'), who, pet, flags: fc.nat(255), hint }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('escrow'),
      op: fc.constantFrom('list', 'delist', 'sell'),
      who,
      pet,
      to: who,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('seal'), blocks: fc.integer({ min: 1, max: 3 }) }),
  },
)

const text = (n: number) => utf8('abcdefghij'.slice(0, n))

const createWorld = () => {
  const activity = createActivityPallet()
  const audit = createAuditPallet()
  let nfts: NftManager | undefined
  const t = createCritterChain({
    config,
    hooks: [audit.hook, activity.hook],
    extraPallets: m => {
      nfts = m
      return [createEscrowPallet(m)]
    },
  })
  return { t, nfts: () => nfts as NftManager }
}

type World = ReturnType<typeof createWorld>

interface PetRow {
  readonly pet: PetNft
  /** The pet's SCALE bytes as hex: exact and cheap to compare. */
  readonly bytes: string
  readonly owner: string
  readonly locked: boolean
  readonly version: number
}

/** Fails the property with `message` (vitest's `expect` is too slow for millions of checks). */
const check = (condition: boolean, message: () => string): void => {
  if (!condition) throw new Error(message())
}

const key = (a: AccountId) => bytesToRawHex(a)
const hexify = (_: string, v: unknown) => (v instanceof Uint8Array ? bytesToRawHex(v) : v)

const allPets = (w: World): Map<number, PetRow> => {
  const { t } = w
  const shape = t.critter.schema.types.PetNft
  return t.chain.read(io => {
    const out = new Map<number, PetRow>()
    for (const [id, pet] of t.storage.PetNfts.entries(io)) {
      const owner = t.storage.PetNftOwner.get(io, id)
      check(owner !== undefined, () => `pet ${id} has no owner`)
      out.set(id, {
        pet,
        bytes: bytesToRawHex(encode(shape, pet)),
        owner: key(owner as AccountId),
        locked: t.storage.LockedNfts.contains(io, id),
        version: t.storage.PetStateVersions.get(io, id),
      })
    }
    return out
  })
}

/** Turns an action into a call, reading what it needs (versions, owners) from the chain. */
const toCall = (w: World, a: Action): { who: AccountId; call: RuntimeCall } | undefined => {
  const { t } = w
  // Pet selectors land on an existing pet, or (one time in `next + 1`) on the next, missing id.
  const next = t.chain.read(io => t.storage.NextPetId.get(io))
  const petOf = (n: number) => n % (next + 1)
  const version = (id: number, h: Hint) => {
    const v = t.version(id)
    return h === 'current' ? v : h === 'stale' ? Math.max(v - 1, 0) : v + 1
  }
  // Most calls come from the pet's owner, so that they can succeed.
  const caller = (id: number, n: number) =>
    (n === 0 ? USERS[1] : (t.owner(id) ?? USERS[n])) as AccountId
  const c = <K extends CritterCall['type']>(
    by: AccountId,
    type: K,
    args: Parameters<typeof critterCall<K>>[1],
  ) => ({
    who: by,
    call: critterCall(type, args),
  })
  switch (a.kind) {
    case 'mint':
      return c(USERS[a.who] as AccountId, 'mint_pet_nft', {
        species: text(a.species),
        name: text(a.name),
      })
    case 'batchMint':
      return c(USERS[a.who] as AccountId, 'batch_mint_pet_nfts', {
        pets: Array.from(
          { length: a.count },
          (_, i) => [text(3), text(i === a.longAt ? 9 : 4)] as [Uint8Array, Uint8Array],
        ),
      })
    case 'update':
      return c(caller(petOf(a.pet), a.who), 'update_pet_metadata', {
        pet_id: petOf(a.pet),
        name: a.name === null ? undefined : text(a.name),
        personality_traits: a.traits === null ? undefined : a.traits.map(text),
        expected_version: version(petOf(a.pet), a.hint),
      })
    case 'batchUpdate': {
      const by = caller(petOf(a.pets[0] ?? 0), a.who)
      return c(by, 'batch_update_pet_metadata', {
        updates: a.pets.map(petOf).map((id, i) => ({
          pet_id: id,
          name: text(i + 1),
          personality_traits: undefined,
          expected_version: version(id, a.hints[i] ?? 'current'),
        })),
      })
    }
    case 'transfer':
      return c(caller(petOf(a.pet), a.who), 'transfer_pet_nft', {
        recipient: USERS[a.to] as AccountId,
        pet_id: petOf(a.pet),
      })
    case 'care':
      return c(caller(petOf(a.pet), a.who), a.call, {
        pet_id: petOf(a.pet),
        food_item_id: 1,
        toy_item_id: 2,
      })
    case 'neglect':
      return c(USERS[a.who] as AccountId, 'apply_neglect_check', { pet_id: petOf(a.pet) })
    case 'register':
      return c(USERS[a.who] as AccountId, 'register_sync_hook', {
        interests: a.interests,
        priority: a.priority,
      })
    case 'hookAdmin': {
      const info = t.chain.read(io => t.storage.SyncHookRegistry.get(io, a.hook))
      const by = (info?.account_id ?? USERS[a.who]) as AccountId
      if (a.op === 'unregister') return c(by, 'unregister_sync_hook', { hook_id: a.hook })
      if (a.op === 'interests')
        return c(by, 'update_hook_interests', { hook_id: a.hook, interests: a.interests })
      return c(by, 'set_hook_enabled', { hook_id: a.hook, enabled: a.op === 'enable' })
    }
    case 'ack':
      return c(USERS[a.who] as AccountId, 'acknowledge_sync', {
        pet_id: petOf(a.pet),
        flags: a.flags,
        version: version(petOf(a.pet), a.hint),
      })
    case 'escrow': {
      const id = petOf(a.pet)
      const by = caller(id, a.who)
      const value = a.op === 'sell' ? { pet_id: id, buyer: USERS[a.to] } : { pet_id: id }
      return { who: by, call: { type: 'Escrow', value: { type: a.op, value } } }
    }
    case 'seal':
      return undefined
  }
}

type Args = Record<string, unknown>

/** Aspects a successful call must announce for one pet. */
const expectedAspects = (call: RuntimeCall, args: Args): string[] | 'care' | undefined => {
  const inner = call.value as { type: string }
  if (call.type === 'Escrow') return inner.type === 'sell' ? ['Ownership'] : ['Other']
  switch (inner.type) {
    case 'mint_pet_nft':
    case 'batch_mint_pet_nfts':
      return ['BasicInfo']
    case 'transfer_pet_nft':
      return ['Ownership']
    case 'apply_neglect_check':
      return ['Mood']
    case 'feed_pet':
    case 'play_with_pet':
      return 'care'
    case 'update_pet_metadata':
    case 'batch_update_pet_metadata':
      return [
        ...(args['name'] === undefined ? [] : ['BasicInfo']),
        ...(args['personality_traits'] === undefined ? [] : ['Traits']),
      ]
    default:
      return undefined
  }
}

const checkInvariants = (
  w: World,
  pets: Map<number, PetRow>,
  replica: Map<number, ReplayedPet>,
) => {
  const { t } = w
  const shape = t.critter.schema.types.PetNft
  const seen = new Set<number>()
  for (const user of USERS) {
    const ids = t.owned(user)
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number
      check(i === 0 || (ids[i - 1] as number) < id, () => `owner list not sorted: ${ids}`)
      check(!seen.has(id), () => `pet ${id} is in two owner lists`)
      seen.add(id)
      check(
        pets.get(id)?.owner === key(user),
        () => `PetNftOwner disagrees with OwnerOfPet for pet ${id}`,
      )
    }
  }
  for (const [id, p] of pets) {
    check(
      p.version === p.pet.state_version,
      () => `PetStateVersions[${id}] = ${p.version} but state_version = ${p.pet.state_version}`,
    )
    check(seen.has(id), () => `pet ${id} is not listed under its owner`)
    const replayed = replica.get(id)
    check(
      replayed !== undefined &&
        bytesToRawHex(encode(shape, replayed.pet)) === p.bytes &&
        key(replayed.owner) === p.owner &&
        replayed.locked === p.locked,
      () =>
        `replaying events does not rebuild pet ${id}: ${JSON.stringify(replayed, hexify)} vs ${JSON.stringify(p, hexify)}`,
    )
  }
  check(replica.size === pets.size, () => `replica has ${replica.size} pets, chain ${pets.size}`)
}

type Pending = Map<number, { aspect: number; version: number }[]>

const applyEventToModel = (
  event: CritterEvent,
  replica: Map<number, ReplayedPet>,
  pending: Pending,
) => {
  applyCritterEvent(replica, event)
  if (event.type === 'PetStateSynchronized') {
    const list = pending.get(event.value.pet_id) ?? []
    list.push({ aspect: flagOf(event.value.change_type), version: event.value.version })
    pending.set(event.value.pet_id, list)
  }
  if (event.type === 'SyncAcknowledged') {
    const list = pending.get(event.value.pet_id) ?? []
    const { flags, version } = event.value
    pending.set(
      event.value.pet_id,
      list.filter(c => c.version > version || (c.aspect & flags) === 0),
    )
  }
}

/** Checks what a successful call did to pets: versions, untouched pets, announced aspects, batches. */
const checkSuccess = (
  call: RuntimeCall,
  before: Map<number, PetRow>,
  after: Map<number, PetRow>,
  events: CritterEvent[],
) => {
  const inner = call.value as { type: string; value: Args }
  const ack = inner.type === 'acknowledge_sync'
  for (const [id, p] of after) {
    const old = before.get(id)
    if (old === undefined) {
      check(p.pet.state_version === 1, () => `new pet ${id} is at version ${p.pet.state_version}`)
      continue
    }
    const delta = p.pet.state_version - old.pet.state_version
    check(delta === 0 || delta === 1, () => `${inner.type} moved pet ${id} by ${delta} versions`)
    if (delta === 0) {
      // sync_flags is the last byte of a pet's encoding: an acknowledgement may change only it.
      const same = ack ? p.bytes.slice(0, -2) === old.bytes.slice(0, -2) : p.bytes === old.bytes
      check(same, () => `${inner.type} changed pet ${id} without a version bump`)
    }
  }
  const announced = new Map<number, string[]>()
  for (const e of events) {
    if (e.type !== 'PetStateSynchronized') continue
    announced.set(e.value.pet_id, [...(announced.get(e.value.pet_id) ?? []), e.value.change_type])
  }
  const updates =
    inner.type === 'batch_update_pet_metadata' ? (inner.value['updates'] as Args[]) : [inner.value]
  for (const [id, aspects] of announced) {
    const expected = expectedAspects(call, updates.find(u => u['pet_id'] === id) ?? inner.value)
    const ok =
      expected === 'care'
        ? aspects[0] === 'Interactions' &&
          aspects.every(x => ['Interactions', 'Mood', 'LevelAndXp'].includes(x))
        : JSON.stringify(aspects) === JSON.stringify(expected)
    check(
      ok,
      () => `${inner.type} announced ${aspects} for pet ${id}, expected ${String(expected)}`,
    )
  }
  // Batches are all or nothing: a successful batch touched every entry.
  if (inner.type === 'batch_update_pet_metadata') {
    for (const u of updates)
      check(announced.has(u['pet_id'] as number), () => 'a batch update skipped an entry')
  }
  if (inner.type === 'batch_mint_pet_nfts') {
    const count = (inner.value['pets'] as unknown[]).length
    check(after.size - before.size === count, () => 'a batch mint did not mint every pet')
  }
}

const runSequence = (actions: Action[]) => {
  const w = createWorld()
  const { t } = w
  const replica = new Map<number, ReplayedPet>()
  // Unacknowledged aspect changes per pet, (aspect, version), cleared by acknowledgements.
  const pending: Pending = new Map()
  const stats = { ok: 0, failed: 0 }

  for (const a of actions) {
    if (a.kind === 'seal') {
      for (let i = 0; i < a.blocks; i++) t.chain.seal()
      continue
    }
    const planned = toCall(w, a)
    if (planned === undefined) continue
    const before = allPets(w)
    const image = w.t.stateImage()
    const eventsBefore = t.chain.pendingEvents.length
    const result = t.chain.apply(planned.who, planned.call)
    check(result.type === 'Ok', () => 'a signed call with the right nonce was not included')
    const events = critterEventsOf(t.chain.pendingEvents.slice(eventsBefore))
    const after = allPets(w)
    const name = (planned.call.value as { type: string }).type

    if (result.type === 'Ok' && result.value.type === 'Err') {
      stats.failed++
      check(w.t.stateImage() === image, () => `failed ${name} changed storage`)
      check(events.length === 0, () => `failed ${name} left pet events`)
    } else {
      stats.ok++
      for (const event of events) applyEventToModel(event, replica, pending)
      checkSuccess(planned.call, before, after, events)
    }
    for (const [id, p] of after) {
      const flags = (pending.get(id) ?? []).reduce((f, c) => f | c.aspect, 0)
      check(
        p.pet.sync_flags === flags,
        () => `sync_flags of pet ${id} = ${p.pet.sync_flags}, unacknowledged = ${flags}`,
      )
    }
    checkInvariants(w, after, replica)
  }
  return stats
}

describe('CritterNfts under random call sequences', () => {
  test(`every invariant holds after each of ${RUNS * CALLS_PER_RUN} random calls`, () => {
    const total = { ok: 0, failed: 0 }
    fc.assert(
      fc.property(
        fc.array(action, { minLength: CALLS_PER_RUN, maxLength: CALLS_PER_RUN }),
        actions => {
          const stats = runSequence(actions)
          total.ok += stats.ok
          total.failed += stats.failed
        },
      ),
      // Shrinking 500-call sequences takes minutes; the printed seed and path replay a failure.
      { numRuns: RUNS, endOnFailure: true },
    )
    // Both paths must be exercised substantially, or the properties prove little.
    expect(total.ok).toBeGreaterThan(RUNS * CALLS_PER_RUN * 0.3)
    expect(total.failed).toBeGreaterThan(RUNS * CALLS_PER_RUN * 0.1)
  })
})

// Acceptance: the unmodified @polkadot/api 16.5.6 against our node, used as its users use it
// (ApiPromise over a WsProvider, keyring pairs, signAndSend with a status callback). Nothing
// here registers types by hand: every value is decoded through the metadata the node serves.
import { ApiPromise, WsProvider } from '@polkadot/api'
import type { SubmittableExtrinsic } from '@polkadot/api/types'
import type { ProviderInterface } from '@polkadot/rpc-provider/types'
import type { EventRecord, Header } from '@polkadot/types/interfaces'
import type { ISubmittableResult } from '@polkadot/types/types'
import type { Vec } from '@polkadot/types-codec'
import { u8aToHex } from '@polkadot/util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEFAULT_CRITTER_CONFIG } from '../../src/runtime/index.ts'
import { startTestNode, type TestNode } from './helpers/node.ts'
import { connectPjs, type DevKeys, devKeys, type PjsConnection } from './helpers/pjs-api.ts'
import {
  eventNames,
  eventsOf,
  signAndFinalize,
  statusReached,
  type TxOutcome,
} from './helpers/pjs-tx.ts'

// Small enough that a pet minted a few blocks earlier counts as neglected; distinct from the
// defaults so the constants test shows values come from the node's configuration.
const CONFIG = { MaxOwnedPets: 200, NeglectThresholdBlocks: 2 } as const
const SYSTEM_EVENTS_KEY = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7'
const utf8 = (bytes: { toU8a(bare: true): Uint8Array }): string =>
  new TextDecoder().decode(bytes.toU8a(true))

let keys: DevKeys

beforeAll(async () => {
  keys = await devKeys()
})

/** The statuses a wallet sees (InBlock, then Finalized), each result with ExtrinsicSuccess. */
const expectSuccess = (outcome: TxOutcome): void => {
  expectInBlockThenFinalized(outcome)
  expectDispatched(outcome)
}

/** Finalized, and ExtrinsicSuccess in every result delivered (setup, where statuses are not the point). */
const expectDispatched = (outcome: TxOutcome): void => {
  expect(outcome.statuses.at(-1)).toBe('Finalized')
  for (const result of [outcome.inBlock, outcome.finalized]) {
    if (result === undefined) continue
    expect(result.dispatchError).toBeUndefined()
    expect(eventNames(result)).toContain('system.ExtrinsicSuccess')
    expect(eventNames(result)).not.toContain('system.ExtrinsicFailed')
  }
}

/**
 * `isInBlock` (for the block the transaction is in), then `isFinalized`. The InBlock check is soft
 * so that a missing InBlock is reported beside, not instead of, everything else a test checks.
 */
const expectInBlockThenFinalized = (outcome: TxOutcome): void => {
  expect(outcome.statuses.at(-1)).toBe('Finalized')
  expect
    .soft(outcome.statuses, 'the status callback reports isInBlock before isFinalized')
    .toContain('InBlock')
  if (outcome.inBlock !== undefined) {
    expect(outcome.statuses.indexOf('InBlock')).toBeLessThan(outcome.statuses.indexOf('Finalized'))
    expect(outcome.inBlock.status.asInBlock.toHex()).toBe(outcome.blockHash)
  }
}

/** The events `pick` finds in the finalized result, checked to be the same as at inBlock. */
const sameEvents = <E extends { toHex(): string }>(
  outcome: TxOutcome,
  pick: (result: ISubmittableResult) => readonly E[],
): readonly E[] => {
  const atFinalized = pick(outcome.finalized)
  expect(atFinalized.length).toBeGreaterThan(0)
  if (outcome.inBlock !== undefined) {
    expect(pick(outcome.inBlock).map(e => e.toHex())).toEqual(atFinalized.map(e => e.toHex()))
  }
  return atFinalized
}

/** The item must exist: narrows for the type checker and fails the test when absent. */
const one = <T>(items: readonly T[], index = 0): T => {
  const item = items[index]
  if (item === undefined) expect.fail(`expected an item at ${index}, got ${items.length} items`)
  return item
}

describe('@polkadot/api on an instant-seal node', () => {
  let test: TestNode
  let conn: PjsConnection
  let api: ApiPromise

  /** The block number of a block hash, through polkadot-js. */
  const numberOf = async (hash: string) => (await api.rpc.chain.getHeader(hash)).number.toNumber()
  const nonceOf = async (address: string) =>
    (await api.query.system.account(address)).nonce.toNumber()
  /** The signed extrinsic of an outcome, as polkadot-js decodes it from the block body. */
  const includedExtrinsic = async (outcome: TxOutcome) => {
    const { block } = await api.rpc.chain.getBlock(outcome.blockHash)
    const found = block.extrinsics.find(xt => xt.hash.toHex() === outcome.txHash)
    if (found === undefined) return expect.fail(`${outcome.txHash} is not in its block`)
    return found
  }
  const pet = async (id: number) => (await api.query.critterNfts.petNfts(id)).unwrap()
  const mint = async (species: string, name: string) => {
    const outcome = await signAndFinalize(api.tx.critterNfts.mintPetNft(species, name), keys.alice)
    expectDispatched(outcome)
    const minted = one(eventsOf(outcome.finalized, api.events.critterNfts.PetNftMinted))
    return { outcome, id: minted.data.petId.toNumber(), minted }
  }

  beforeAll(async () => {
    test = await startTestNode({ seal: { type: 'instant' }, critter: CONFIG })
    conn = await connectPjs(test.url)
    api = conn.api
  })

  afterAll(async () => {
    await conn?.disconnect()
    await test?.close()
  })

  describe('connect', () => {
    it('ApiPromise.create over a WsProvider reads the chain identity and constants', async () => {
      // Exactly as a script connects, on its own provider.
      const own = await ApiPromise.create({
        provider: new WsProvider(test.url) as ProviderInterface,
        noInitWarn: true,
      })
      try {
        const genesis = await own.rpc.chain.getBlockHash(0)
        expect(own.genesisHash.toHex()).toBe(genesis.toHex())
        expect(own.genesisHash.toHex()).toBe(u8aToHex(test.node.chain.genesisHash))
        const header = await own.rpc.chain.getHeader(genesis)
        expect(header.number.toNumber()).toBe(0)
        expect(header.hash.toHex()).toBe(genesis.toHex())
        expect(header.parentHash.toHex()).toBe(u8aToHex(new Uint8Array(32)))

        expect(own.runtimeVersion.specName.toString()).toBe('critter-node')
        expect(own.runtimeVersion.specVersion.toNumber()).toBeGreaterThan(0)
        expect(own.runtimeChain.toString()).toBe('Critter Dev')
        expect(own.registry.chainSS58).toBe(42)
        expect(own.consts.system.ss58Prefix.toNumber()).toBe(42)
        expect(own.consts.critterNfts.maxOwnedPets.toNumber()).toBe(CONFIG.MaxOwnedPets)
        expect(own.consts.critterNfts.neglectThresholdBlocks.toNumber()).toBe(
          CONFIG.NeglectThresholdBlocks,
        )
        expect(own.consts.critterNfts.maxPetNameLen.toNumber()).toBe(
          DEFAULT_CRITTER_CONFIG.MaxPetNameLen,
        )
        expect(own.consts.critterNfts.maxMoodValue.toNumber()).toBe(
          DEFAULT_CRITTER_CONFIG.MaxMoodValue,
        )
        // The pallet surface is decorated from the metadata.
        expect(Object.keys(own.tx.critterNfts)).toHaveLength(13)
        expect(own.tx.critterNfts.mintPetNft.meta.args.map(a => a.name.toString())).toEqual([
          'species',
          'name',
        ])
        expect(own.events.critterNfts.PetNftMinted.meta.fields.length).toBe(13)
      } finally {
        await own.disconnect()
      }
    })
  })

  describe('storage queries', () => {
    let petId: number
    let bobPetId: number
    let mintedAt: string
    let updatedAt: string
    let minted: Awaited<ReturnType<typeof mint>>['minted']

    beforeAll(async () => {
      const first = await mint('cat', 'Whiskers')
      petId = first.id
      mintedAt = first.outcome.blockHash
      minted = first.minted
      const update = await signAndFinalize(
        api.tx.critterNfts.updatePetMetadata(petId, 'Sir Whiskers', ['curious'], 1),
        keys.alice,
      )
      expectDispatched(update)
      updatedAt = update.blockHash
      const bob = await signAndFinalize(api.tx.critterNfts.mintPetNft('dog', 'Rex'), keys.bob)
      expectDispatched(bob)
      bobPetId = one(
        eventsOf(bob.finalized, api.events.critterNfts.PetNftMinted),
      ).data.petId.toNumber()
    })

    it('System.Account of a dev account', async () => {
      const info = await api.query.system.account(keys.alice.address)
      expect(info.providers.toNumber()).toBe(1)
      expect(info.nonce.toNumber()).toBe(2)
      const next = await api.rpc.system.accountNextIndex(keys.alice.address)
      expect(next.toNumber()).toBe(2)
      // An account that was never touched reads as the metadata default.
      const nobody = await api.query.system.account(u8aToHex(new Uint8Array(32).fill(7)))
      expect(nobody.nonce.toNumber()).toBe(0)
      expect(nobody.providers.toNumber()).toBe(0)
      expect(nobody.data.free.toBigInt()).toBe(0n)
    })

    it('PetNfts(id) decodes every field of a pet', async () => {
      const option = await api.query.critterNfts.petNfts(petId)
      expect(option.isSome).toBe(true)
      const p = option.unwrap()
      expect(p.id.toNumber()).toBe(petId)
      expect(utf8(p.initialSpecies)).toBe('cat')
      expect(utf8(p.currentPetName)).toBe('Sir Whiskers')
      expect(p.personalityTraits.map(utf8)).toEqual(['curious'])
      expect(p.stateVersion.toNumber()).toBe(2)
      expect(p.level.toNumber()).toBe(1)
      expect(p.experiencePoints.toNumber()).toBe(0)
      expect(p.moodIndicator.toNumber()).toBe(DEFAULT_CRITTER_CONFIG.MaxMoodValue)
      expect(p.lastStateUpdateBlock.toNumber()).toBe(await numberOf(updatedAt))
      expect(p.lastPlayedBlock.toNumber()).toBe(await numberOf(mintedAt))
      expect(p.syncFlags.toNumber() & 0x01).toBe(0x01) // BasicInfo changed
      // The charter is what the mint event announced.
      expect(p.dnaHash.toHex()).toBe(minted.data.dnaHash.toHex())
      expect(p.dnaHash.length).toBe(32)
      expect(p.baseStrength.toNumber()).toBe(minted.data.baseStrength.toNumber())
      expect(p.baseAgility.toNumber()).toBe(minted.data.baseAgility.toNumber())
      expect(p.baseIntelligence.toNumber()).toBe(minted.data.baseIntelligence.toNumber())
      expect(p.baseVitality.toNumber()).toBe(minted.data.baseVitality.toNumber())
      expect(p.primaryElementalAffinity.type).toBe(minted.data.elementalAffinity.type)

      expect((await api.query.critterNfts.petNftOwner(petId)).unwrap().toString()).toBe(
        keys.alice.address,
      )
      expect((await api.query.critterNfts.petStateVersions(petId)).toNumber()).toBe(2)
      expect((await api.query.critterNfts.ownerOfPet(keys.alice.address)).map(Number)).toContain(
        petId,
      )
      expect((await api.query.critterNfts.petNfts(999_999)).isNone).toBe(true)
    })

    it('.entries() of PetNfts and OwnerOfPet', async () => {
      const next = (await api.query.critterNfts.nextPetId()).toNumber()
      const pets = await api.query.critterNfts.petNfts.entries()
      const byId = new Map(pets.map(([key, value]) => [key.args[0].toNumber(), value.unwrap()]))
      expect([...byId.keys()].sort((a, b) => a - b)).toEqual([...Array(next).keys()])
      expect(utf8(byId.get(petId)?.currentPetName ?? api.createType('Bytes'))).toBe('Sir Whiskers')
      expect(utf8(byId.get(bobPetId)?.currentPetName ?? api.createType('Bytes'))).toBe('Rex')
      for (const [id, value] of byId) expect(value.id.toNumber()).toBe(id)

      const owners = await api.query.critterNfts.ownerOfPet.entries()
      const byOwner = new Map(owners.map(([key, ids]) => [key.args[0].toString(), ids.map(Number)]))
      expect(byOwner.get(keys.alice.address)).toContain(petId)
      expect(byOwner.get(keys.bob.address)).toEqual([bobPetId])
      expect([...byOwner.values()].flat().sort((a, b) => a - b)).toEqual([...Array(next).keys()])

      const ownerKeys = await api.query.critterNfts.petNftOwner.keys()
      expect(ownerKeys.map(k => k.args[0].toNumber()).sort((a, b) => a - b)).toEqual([
        ...Array(next).keys(),
      ])
    })

    it('.multi() reads several keys at once', async () => {
      const [a, b, none] = await api.query.critterNfts.petNfts.multi([petId, bobPetId, 999_999])
      expect(a && utf8(a.unwrap().currentPetName)).toBe('Sir Whiskers')
      expect(b && utf8(b.unwrap().initialSpecies)).toBe('dog')
      expect(none?.isNone).toBe(true)
      const accounts = await api.query.system.account.multi([keys.alice.address, keys.bob.address])
      expect(accounts.map(a => a.nonce.toNumber())).toEqual([2, 1])
    })

    it('api.at(hash) reads the state of an older block', async () => {
      const atMint = await api.at(mintedAt)
      const old = (await atMint.query.critterNfts.petNfts(petId)).unwrap()
      expect(old.stateVersion.toNumber()).toBe(1)
      expect(utf8(old.currentPetName)).toBe('Whiskers')
      expect(old.personalityTraits.length).toBe(0)
      expect((await atMint.query.system.number()).toNumber()).toBe(await numberOf(mintedAt))
      expect((await atMint.query.critterNfts.petNfts(bobPetId)).isNone).toBe(true)

      const atUpdate = await api.at(updatedAt)
      expect((await atUpdate.query.critterNfts.petStateVersions(petId)).toNumber()).toBe(2)
      const atGenesis = await api.at(api.genesisHash)
      expect((await atGenesis.query.critterNfts.petNfts(petId)).isNone).toBe(true)
      expect((await atGenesis.query.system.account(keys.alice.address)).nonce.toNumber()).toBe(0)
      // The current state has moved on.
      expect((await pet(petId)).stateVersion.toNumber()).toBe(2)
    })
  })

  describe('signAndSend of every CritterNfts call (sr25519, mortal)', () => {
    let petA: number
    let petB: number
    let petC: number
    let hookId: number

    it('mint_pet_nft', async () => {
      const { outcome, id } = await mint('fox', 'Fennec')
      expectSuccess(outcome)
      petA = id
      const event = one(sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetNftMinted)))
      expect(event.data.owner.toString()).toBe(keys.alice.address)
      expect(utf8(event.data.species)).toBe('fox')
      expect(utf8(event.data.name)).toBe('Fennec')
      expect(event.data.version.toNumber()).toBe(1)
      expect(event.data.blockNumber.toNumber()).toBe(await numberOf(outcome.blockHash))
      expect(event.data.mood.toNumber()).toBe(DEFAULT_CRITTER_CONFIG.MaxMoodValue)
      expect(utf8((await pet(petA)).currentPetName)).toBe('Fennec')
    })

    it('batch_mint_pet_nfts', async () => {
      const outcome = await signAndFinalize(
        api.tx.critterNfts.batchMintPetNfts([
          ['owl', 'Hoot'],
          ['newt', 'Slick'],
        ]),
        keys.alice,
      )
      expectSuccess(outcome)
      const events = sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetNftMinted))
      expect(events.map(e => utf8(e.data.name))).toEqual(['Hoot', 'Slick'])
      petB = one(events, 0).data.petId.toNumber()
      petC = one(events, 1).data.petId.toNumber()
      expect(petC).toBe(petB + 1)
      expect(utf8((await pet(petC)).initialSpecies)).toBe('newt')
    })

    it('update_pet_metadata', async () => {
      const outcome = await signAndFinalize(
        api.tx.critterNfts.updatePetMetadata(petA, 'Fennec II', ['sly', 'quick'], 1),
        keys.alice,
      )
      expectSuccess(outcome)
      const event = one(
        sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetNftMetadataUpdated)),
      )
      expect(event.data.petId.toNumber()).toBe(petA)
      expect(utf8(event.data.newName.unwrap())).toBe('Fennec II')
      expect(event.data.newTraits.unwrap().map(utf8)).toEqual(['sly', 'quick'])
      expect(event.data.version.toNumber()).toBe(2)
      expect((await pet(petA)).stateVersion.toNumber()).toBe(2)
    })

    it('batch_update_pet_metadata', async () => {
      const outcome = await signAndFinalize(
        api.tx.critterNfts.batchUpdatePetMetadata([
          { petId: petB, name: 'Hooty', personalityTraits: null, expectedVersion: 1 },
          { petId: petC, name: null, personalityTraits: ['wet'], expectedVersion: 1 },
        ]),
        keys.alice,
      )
      expectSuccess(outcome)
      const events = sameEvents(outcome, r =>
        eventsOf(r, api.events.critterNfts.PetNftMetadataUpdated),
      )
      expect(events.map(e => e.data.petId.toNumber())).toEqual([petB, petC])
      expect(one(events, 0).data.newName.isSome).toBe(true)
      expect(one(events, 1).data.newName.isNone).toBe(true)
      expect(utf8((await pet(petB)).currentPetName)).toBe('Hooty')
      expect((await pet(petC)).personalityTraits.map(utf8)).toEqual(['wet'])
    })

    it('transfer_pet_nft', async () => {
      const outcome = await signAndFinalize(
        api.tx.critterNfts.transferPetNft(keys.bob.address, petC),
        keys.alice,
      )
      expectSuccess(outcome)
      const event = one(
        sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetNftTransferred)),
      )
      expect(event.data.from.toString()).toBe(keys.alice.address)
      expect(event.data.to.toString()).toBe(keys.bob.address)
      expect(event.data.petId.toNumber()).toBe(petC)
      expect((await api.query.critterNfts.petNftOwner(petC)).unwrap().toString()).toBe(
        keys.bob.address,
      )
      expect(
        (await api.query.critterNfts.ownerOfPet(keys.alice.address)).map(Number),
      ).not.toContain(petC)
    })

    it('feed_pet', async () => {
      const before = await pet(petA)
      const outcome = await signAndFinalize(api.tx.critterNfts.feedPet(petA, 7), keys.alice)
      expectSuccess(outcome)
      const event = one(sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetFed)))
      const after = await pet(petA)
      expect(event.data.petId.toNumber()).toBe(petA)
      expect(event.data.foodItemId.toNumber()).toBe(7)
      expect(event.data.xpGain.toNumber()).toBe(DEFAULT_CRITTER_CONFIG.FeedXpGain)
      expect(event.data.version.toNumber()).toBe(before.stateVersion.toNumber() + 1)
      expect(event.data.experiencePoints.toNumber()).toBe(after.experiencePoints.toNumber())
      expect(event.data.newMood.toNumber()).toBe(after.moodIndicator.toNumber())
      expect(after.lastFedBlock.toNumber()).toBe(await numberOf(outcome.blockHash))
    })

    it('play_with_pet', async () => {
      const before = await pet(petA)
      const outcome = await signAndFinalize(api.tx.critterNfts.playWithPet(petA, 3), keys.alice)
      expectSuccess(outcome)
      const event = one(sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetPlayedWith)))
      expect(event.data.toyItemId.toNumber()).toBe(3)
      expect(event.data.xpGain.toNumber()).toBe(DEFAULT_CRITTER_CONFIG.PlayXpGain)
      expect(event.data.version.toNumber()).toBe(before.stateVersion.toNumber() + 1)
      expect((await pet(petA)).lastPlayedBlock.toNumber()).toBe(await numberOf(outcome.blockHash))
    })

    it('apply_neglect_check', async () => {
      const before = await pet(petB)
      // Bob may check Alice's pet: anyone may call it.
      const outcome = await signAndFinalize(api.tx.critterNfts.applyNeglectCheck(petB), keys.bob)
      expectSuccess(outcome)
      const event = one(sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetNeglected)))
      const block = await numberOf(outcome.blockHash)
      expect(block - before.lastPlayedBlock.toNumber()).toBeGreaterThan(
        CONFIG.NeglectThresholdBlocks,
      )
      expect(event.data.petId.toNumber()).toBe(petB)
      expect(event.data.oldMood.toNumber()).toBe(before.moodIndicator.toNumber())
      expect(event.data.newMood.toNumber()).toBe(
        before.moodIndicator.toNumber() - DEFAULT_CRITTER_CONFIG.NeglectMoodPenalty,
      )
      expect(event.data.neglectDuration.toNumber()).toBe(block - before.lastPlayedBlock.toNumber())
      expect((await pet(petB)).moodIndicator.toNumber()).toBe(event.data.newMood.toNumber())
    })

    it('register_sync_hook', async () => {
      const outcome = await signAndFinalize(
        api.tx.critterNfts.registerSyncHook(0xff, 7),
        keys.alice,
      )
      expectSuccess(outcome)
      const event = one(
        sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.HookRegistered)),
      )
      hookId = event.data.hookId.toNumber()
      expect(event.data.accountId.toString()).toBe(keys.alice.address)
      expect(event.data.interests.toNumber()).toBe(0xff)
      expect(event.data.priority.toNumber()).toBe(7)
      const info = (await api.query.critterNfts.syncHookRegistry(hookId)).unwrap()
      expect(info.enabled.isTrue).toBe(true)
      expect(info.accountId.toString()).toBe(keys.alice.address)
      expect((await api.query.critterNfts.syncHookIds()).map(Number)).toContain(hookId)
    })

    it('set_hook_enabled (off, then on)', async () => {
      const off = await signAndFinalize(
        api.tx.critterNfts.setHookEnabled(hookId, false),
        keys.alice,
      )
      expectSuccess(off)
      const disabled = one(sameEvents(off, r => eventsOf(r, api.events.critterNfts.HookDisabled)))
      expect(disabled.data.hookId.toNumber()).toBe(hookId)
      expect((await api.query.critterNfts.syncHookRegistry(hookId)).unwrap().enabled.isFalse).toBe(
        true,
      )
      const on = await signAndFinalize(api.tx.critterNfts.setHookEnabled(hookId, true), keys.alice)
      expectSuccess(on)
      const enabled = one(sameEvents(on, r => eventsOf(r, api.events.critterNfts.HookEnabled)))
      expect(enabled.data.hookId.toNumber()).toBe(hookId)
    })

    it('update_hook_interests', async () => {
      const outcome = await signAndFinalize(
        api.tx.critterNfts.updateHookInterests(hookId, 0x0f),
        keys.alice,
      )
      expectSuccess(outcome)
      const event = one(
        sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.HookInterestsUpdated)),
      )
      expect(event.data.hookId.toNumber()).toBe(hookId)
      expect(event.data.interests.toNumber()).toBe(0x0f)
      expect(
        (await api.query.critterNfts.syncHookRegistry(hookId)).unwrap().interests.toNumber(),
      ).toBe(0x0f)
    })

    it('acknowledge_sync', async () => {
      const before = await pet(petA)
      const flags = before.syncFlags.toNumber() & 0x0f
      expect(flags).not.toBe(0)
      const version = before.stateVersion.toNumber()
      const outcome = await signAndFinalize(
        api.tx.critterNfts.acknowledgeSync(petA, flags, version),
        keys.alice,
      )
      expectSuccess(outcome)
      const event = one(
        sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.SyncAcknowledged)),
      )
      expect(event.data.petId.toNumber()).toBe(petA)
      expect(event.data.hookId.toNumber()).toBe(hookId)
      expect(event.data.flags.toNumber()).toBe(flags)
      expect(event.data.remainingFlags.toNumber()).toBe(before.syncFlags.toNumber() & ~flags)
      expect(event.data.version.toNumber()).toBe(version)
      const after = await pet(petA)
      expect(after.syncFlags.toNumber()).toBe(event.data.remainingFlags.toNumber())
      expect(after.stateVersion.toNumber()).toBe(version)
    })

    it('unregister_sync_hook', async () => {
      const outcome = await signAndFinalize(
        api.tx.critterNfts.unregisterSyncHook(hookId),
        keys.alice,
      )
      expectSuccess(outcome)
      const event = one(
        sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.HookUnregistered)),
      )
      expect(event.data.hookId.toNumber()).toBe(hookId)
      expect(event.data.accountId.toString()).toBe(keys.alice.address)
      expect((await api.query.critterNfts.syncHookRegistry(hookId)).isNone).toBe(true)
    })
  })

  describe('signing variants', () => {
    it('sr25519, mortal by default: era period 64 from the finalized block', async () => {
      const { outcome } = await mint('bee', 'Buzz')
      expectSuccess(outcome)
      const xt = await includedExtrinsic(outcome)
      expect(xt.isSigned).toBe(true)
      expect(xt.signer.toString()).toBe(keys.alice.address)
      expect(xt.era.isMortalEra).toBe(true)
      expect(xt.era.asMortalEra.period.toNumber()).toBe(64)
    })

    it('sr25519 immortal ({ era: 0 })', async () => {
      const outcome = await signAndFinalize(
        api.tx.critterNfts.mintPetNft('yak', 'Yeti'),
        keys.alice,
        {
          era: 0,
        },
      )
      expectSuccess(outcome)
      sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetNftMinted))
      const xt = await includedExtrinsic(outcome)
      expect(xt.era.isImmortalEra).toBe(true)
    })

    it('{ nonce: -1 } asks the node for the next nonce', async () => {
      const nonce = await nonceOf(keys.alice.address)
      const outcome = await signAndFinalize(
        api.tx.critterNfts.mintPetNft('elk', 'Moss'),
        keys.alice,
        {
          nonce: -1,
        },
      )
      expectSuccess(outcome)
      expect((await includedExtrinsic(outcome)).nonce.toNumber()).toBe(nonce)
      expect(await nonceOf(keys.alice.address)).toBe(nonce + 1)
    })

    it('a payload over 256 bytes is signed hashed', async () => {
      const pets = Array.from({ length: 12 }, (_, i): [string, string] => [
        'salamander',
        `Pet number ${String(i).padStart(2, '0')} has a long name`.slice(0, 32),
      ])
      const tx = api.tx.critterNfts.batchMintPetNfts(pets)
      expect(tx.method.encodedLength).toBeGreaterThan(256)
      const outcome = await signAndFinalize(tx, keys.alice)
      expectSuccess(outcome)
      const events = sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetNftMinted))
      expect(events.map(e => utf8(e.data.name))).toEqual(pets.map(([, name]) => name))
    })

    it('ed25519 (//Alice on an ed25519 keyring)', async () => {
      expect(keys.aliceEd.type).toBe('ed25519')
      expect(keys.aliceEd.address).not.toBe(keys.alice.address)
      const outcome = await signAndFinalize(
        api.tx.critterNfts.mintPetNft('crab', 'Pinch'),
        keys.aliceEd,
      )
      expectSuccess(outcome)
      const event = one(sameEvents(outcome, r => eventsOf(r, api.events.critterNfts.PetNftMinted)))
      expect(event.data.owner.toString()).toBe(keys.aliceEd.address)
      expect((await includedExtrinsic(outcome)).signer.toString()).toBe(keys.aliceEd.address)
      expect(await nonceOf(keys.aliceEd.address)).toBe(1)
    })
  })

  describe('dispatch errors and fees', () => {
    it('ConcurrentModification decodes through registry.findMetaError; the nonce still advances', async () => {
      const { id } = await mint('ant', 'Tiny')
      const nonce = await nonceOf(keys.alice.address)
      const outcome = await signAndFinalize(
        api.tx.critterNfts.updatePetMetadata(id, 'Huge', null, 999),
        keys.alice,
      )
      expectInBlockThenFinalized(outcome)
      for (const result of [outcome.inBlock, outcome.finalized]) {
        if (result === undefined) continue
        const error = result.dispatchError
        if (error === undefined) return expect.fail('no dispatchError')
        expect(error.isModule).toBe(true)
        const meta = api.registry.findMetaError(error.asModule)
        expect(meta).toMatchObject({ section: 'critterNfts', name: 'ConcurrentModification' })
        expect(meta.docs.join(' ')).toMatch(/expected version/)
        expect(api.errors.critterNfts.ConcurrentModification.is(error.asModule)).toBe(true)
        expect(eventNames(result)).toContain('system.ExtrinsicFailed')
        expect(eventsOf(result, api.events.critterNfts.PetNftMetadataUpdated)).toEqual([])
      }
      expect(await nonceOf(keys.alice.address)).toBe(nonce + 1)
      const p = await pet(id)
      expect(p.stateVersion.toNumber()).toBe(1)
      expect(utf8(p.currentPetName)).toBe('Tiny')
    })

    it('paymentInfo returns a weight that grows with the work', async () => {
      const single = await api.tx.critterNfts.mintPetNft('cat', 'Tom').paymentInfo(keys.alice)
      expect(single.weight.refTime.toBigInt()).toBeGreaterThan(0n)
      expect(single.class.isNormal).toBe(true)
      expect(single.partialFee.toBigInt()).toBeGreaterThanOrEqual(0n)
      const ten = await api.tx.critterNfts
        .batchMintPetNfts(Array.from({ length: 10 }, (_, i): [string, string] => ['cat', `T${i}`]))
        .paymentInfo(keys.alice)
      expect(ten.weight.refTime.toBigInt()).toBeGreaterThan(single.weight.refTime.toBigInt())
    })
  })

  describe('rejections', () => {
    it('a stale nonce is refused with 1010', async () => {
      const nonce = await nonceOf(keys.alice.address)
      expect(nonce).toBeGreaterThan(0)
      await expect(
        signAndFinalize(api.tx.critterNfts.mintPetNft('cat', 'Late'), keys.alice, {
          nonce: nonce - 1,
        }),
      ).rejects.toMatchObject({ code: 1010, message: expect.stringMatching(/outdated/i) })
      expect(await nonceOf(keys.alice.address)).toBe(nonce)
    })

    it('a flipped signature byte is refused with 1010; the intact one is accepted', async () => {
      const nonce = await nonceOf(keys.alice.address)
      const tx: SubmittableExtrinsic<'promise'> = api.tx.critterNfts.mintPetNft('cat', 'Forged')
      await tx.signAsync(keys.alice)
      const bytes = tx.toU8a()
      const signature = tx.signature.toU8a()
      expect(signature.length).toBe(64)
      const at = indexOf(bytes, signature)
      expect(at).toBeGreaterThan(0)
      const forged = bytes.slice()
      forged[at + 10] = (forged[at + 10] ?? 0) ^ 0x01
      await expect(api.rpc.author.submitExtrinsic(u8aToHex(forged))).rejects.toMatchObject({
        code: 1010,
        message: expect.stringMatching(/bad signature/i),
      })
      const hash = await api.rpc.author.submitExtrinsic(u8aToHex(bytes))
      expect(hash.toHex()).toBe(tx.hash.toHex())
      await vi.waitFor(async () => expect(await nonceOf(keys.alice.address)).toBe(nonce + 1), {
        timeout: 5_000,
        interval: 20,
      })
    })
  })
})

describe('@polkadot/api on a manual-seal node', () => {
  let test: TestNode
  let conn: PjsConnection
  let api: ApiPromise
  const newBlock = (count = 1) => conn.provider.send<string>('dev_newBlock', [{ count }])

  beforeAll(async () => {
    test = await startTestNode({ seal: { type: 'manual' } })
    conn = await connectPjs(test.url)
    api = conn.api
  })

  afterAll(async () => {
    await conn?.disconnect()
    await test?.close()
  })

  it('subscribeNewHeads and subscribeFinalizedHeads deliver headers hashed as getBlockHash', async () => {
    const best = (await api.rpc.chain.getHeader()).number.toNumber()
    const fresh: Header[] = []
    const finalized: Header[] = []
    const stopNew = await api.rpc.chain.subscribeNewHeads(h => {
      if (h.number.toNumber() > best) fresh.push(h)
    })
    const stopFinal = await api.rpc.chain.subscribeFinalizedHeads(h => {
      if (h.number.toNumber() > best) finalized.push(h)
    })
    try {
      const last = await newBlock(3)
      await vi.waitFor(
        () => {
          expect(fresh.map(h => h.number.toNumber())).toEqual([best + 1, best + 2, best + 3])
          expect(finalized.at(-1)?.number.toNumber()).toBe(best + 3)
        },
        { timeout: 5_000, interval: 10 },
      )
      expect(fresh.at(-1)?.hash.toHex()).toBe(last)
      for (const header of [...fresh, ...finalized]) {
        const hash = await api.rpc.chain.getBlockHash(header.number.toNumber())
        expect(header.hash.toHex()).toBe(hash.toHex())
      }
      for (const [i, header] of fresh.entries()) {
        const parent = i === 0 ? await api.rpc.chain.getBlockHash(best) : fresh[i - 1]?.hash
        expect(header.parentHash.toHex()).toBe(parent?.toHex())
      }
      expect((await api.rpc.chain.getFinalizedHead()).toHex()).toBe(last)
    } finally {
      stopNew()
      stopFinal()
    }
  })

  it('system.events(cb) receives the events of a later block', async () => {
    const seen: Vec<EventRecord>[] = []
    const stop = await api.query.system.events(records => {
      seen.push(records)
    })
    try {
      const ready = statusReached('Ready')
      const sent = signAndFinalize(
        api.tx.critterNfts.mintPetNft('koi', 'Goldie'),
        keys.charlie,
        {},
        ready,
      )
      await ready.reached
      const hash = await newBlock()
      const outcome = await sent
      expect(outcome.blockHash).toBe(hash)
      const isGoldie = (records: Vec<EventRecord>) =>
        records.some(
          ({ event }) =>
            api.events.critterNfts.PetNftMinted.is(event) && utf8(event.data.name) === 'Goldie',
        )
      await vi.waitFor(() => expect(seen.some(isGoldie)).toBe(true), {
        timeout: 5_000,
        interval: 10,
      })
      const records = seen.find(isGoldie)
      const stored = await api.query.system.events.at(hash)
      expect(records?.toHex()).toBe(stored.toHex())
      // What polkadot-js subscribed to is the raw System.Events value of that block.
      const raw = await conn.provider.send<string>('state_getStorage', [SYSTEM_EVENTS_KEY, hash])
      expect(raw).toBe(stored.toHex())
      // The mint is the block's only extrinsic: its events are in phase ApplyExtrinsic(0).
      const mintRecord = stored.find(({ event }) => api.events.critterNfts.PetNftMinted.is(event))
      expect(mintRecord?.phase.isApplyExtrinsic).toBe(true)
      expect(mintRecord?.phase.asApplyExtrinsic.toNumber()).toBe(0)
    } finally {
      stop()
    }
  })

  it('status callbacks go Ready, InBlock, Finalized; { nonce: -1 } counts pending transactions', async () => {
    const nonce = (await api.query.system.account(keys.dave.address)).nonce.toNumber()
    const first = statusReached('Ready')
    const sentFirst = signAndFinalize(
      api.tx.critterNfts.mintPetNft('emu', 'One'),
      keys.dave,
      { nonce: -1 },
      first,
    )
    await first.reached
    const second = statusReached('Ready')
    const sentSecond = signAndFinalize(
      api.tx.critterNfts.mintPetNft('emu', 'Two'),
      keys.dave,
      { nonce: -1 },
      second,
    )
    await second.reached
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(2)
    const hash = await newBlock()
    const [a, b] = await Promise.all([sentFirst, sentSecond])
    for (const outcome of [a, b]) {
      expect.soft(outcome.statuses).toEqual(['Ready', 'InBlock', 'Finalized'])
      expect(outcome.blockHash).toBe(hash)
      expectSuccess(outcome)
    }
    const { block } = await api.rpc.chain.getBlock(hash)
    expect(block.extrinsics.map(xt => xt.nonce.toNumber())).toEqual([nonce, nonce + 1])
    expect(block.extrinsics.map(xt => xt.hash.toHex())).toEqual([a.txHash, b.txHash])
    const names = [a, b].map(o =>
      utf8(one(eventsOf(o.finalized, api.events.critterNfts.PetNftMinted)).data.name),
    )
    expect(names).toEqual(['One', 'Two'])
  })
})

/** Where `needle` first occurs in `haystack`, or -1. */
const indexOf = (haystack: Uint8Array, needle: Uint8Array): number => {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

// Acceptance: unmodified polkadot-api 2.2.2 against our node, through `polkadot-api/ws` (its
// legacy-RPC bridge: we list no chainHead_v1 methods, substrate-wire.md section 4.3), used the
// way an app uses it: the unsafe API for storage, constants and transactions, PAPI signers,
// dispatch errors and the finalized-block stream. A PAPI rejection means our node is wrong.
import { Binary, type PolkadotClient, type TxFinalizedPayload } from 'polkadot-api'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { bytesToHex } from '../../src/primitives/index.ts'
import { startTestNode, type TestNode } from './helpers/node.ts'
import { type CritterPapiApi, critterApi, eventsOf, type PapiPetNft } from './helpers/papi-api.ts'
import { connectPapi, type PapiAccount, papiAccount } from './helpers/papi-client.ts'

const MAX_OWNED_PETS = 50

let node: TestNode
let client: PolkadotClient
let api: CritterPapiApi
let alice: PapiAccount
let bob: PapiAccount

/** The events of `pallet.name` among a transaction's events. */
const eventsOfTx = (result: TxFinalizedPayload, pallet: string, name: string) =>
  eventsOf(result.events, pallet, name)

/** A pet that must exist. */
const existingPet = async (id: number, at?: string): Promise<PapiPetNft> => {
  const pet = await api.query.CritterNfts.PetNfts.getValue(id, at === undefined ? {} : { at })
  expect(pet, `pet ${id}`).toBeDefined()
  return pet as PapiPetNft
}

const mint = (species: string, name: string) =>
  api.tx.CritterNfts.mint_pet_nft({
    species: Binary.fromText(species),
    name: Binary.fromText(name),
  }).signAndSubmit(alice.signer)

beforeAll(async () => {
  node = await startTestNode({ critter: { MaxOwnedPets: MAX_OWNED_PETS } })
  client = connectPapi(node.url)
  api = critterApi(client)
  alice = await papiAccount('//Alice')
  bob = await papiAccount('//Bob')
}, 30_000)

afterAll(async () => {
  client?.destroy()
  await node?.close()
})

describe('polkadot-api 2.2.2 over polkadot-api/ws', () => {
  test('reads the chain spec through the bridge', async () => {
    const spec = await client.getChainSpecData()
    // The bridge names the chain by `system_name` (chainSpec_v1_chainName has no legacy twin).
    expect(spec.name).toBe('critter-node')
    expect(spec.properties).toMatchObject({ ss58Format: 42, tokenSymbol: 'PET' })
    expect(spec.genesisHash).toBe(bytesToHex(node.node.chain.genesisHash))
  })

  test('constants: CritterNfts.MaxOwnedPets is the value the node runs with', async () => {
    expect(await api.constants.CritterNfts.MaxOwnedPets()).toBe(MAX_OWNED_PETS)
    expect(await api.constants.System.SS58Prefix()).toBe(42)
  })

  test('System.Account.getValue reads a dev account at genesis', async () => {
    const account = await api.query.System.Account.getValue(alice.address)
    expect(account).toMatchObject({ nonce: 0, providers: 1 })
    expect(account.data.free).toBe(0n)
  })

  test('signAndSubmit mint_pet_nft: ok, PetNftMinted in events, PetNfts.getValue sees it', async () => {
    const result = await mint('dragon', 'Rex')
    expect(result.ok).toBe(true)
    expect(result.dispatchError).toBeUndefined()
    const [minted, ...more] = eventsOfTx(result, 'CritterNfts', 'PetNftMinted')
    expect(more).toEqual([])
    expect(minted?.value.value).toMatchObject({
      owner: alice.address,
      pet_id: 0,
      version: 1,
      block_number: result.block.number,
    })
    expect(Binary.toText(minted?.value.value['species'] as Uint8Array)).toBe('dragon')
    expect(eventsOfTx(result, 'System', 'ExtrinsicSuccess')).toHaveLength(1)

    const pet = await existingPet(0, result.block.hash)
    expect(pet).toMatchObject({ id: 0, state_version: 1, level: 1 })
    expect(Binary.toText(pet.current_pet_name)).toBe('Rex')
    expect(Binary.toText(pet.initial_species)).toBe('dragon')
    expect(pet.dna_hash).toBe(minted?.value.value['dna_hash'])
    expect(await api.query.CritterNfts.PetNftOwner.getValue(0)).toBe(alice.address)
    expect(await api.query.CritterNfts.OwnerOfPet.getValue(alice.address)).toEqual([0])
    expect(await api.query.CritterNfts.PetNfts.getValue(999)).toBeUndefined()
    expect((await api.query.System.Account.getValue(alice.address)).nonce).toBe(1)
  })

  test('getEntries lists every pet with its key args', async () => {
    const batch = await api.tx.CritterNfts.batch_mint_pet_nfts({
      pets: [
        [Binary.fromText('cat'), Binary.fromText('Tom')],
        [Binary.fromText('owl'), Binary.fromText('Hoot')],
      ],
    }).signAndSubmit(alice.signer)
    expect(batch.ok).toBe(true)
    expect(
      eventsOfTx(batch, 'CritterNfts', 'PetNftMinted').map(e => e.value.value['pet_id']),
    ).toEqual([1, 2])

    const entries = await api.query.CritterNfts.PetNfts.getEntries()
    const byId = new Map(
      entries.map(({ keyArgs, value }) => [keyArgs[0], Binary.toText(value.current_pet_name)]),
    )
    expect(byId).toEqual(
      new Map([
        [0, 'Rex'],
        [1, 'Tom'],
        [2, 'Hoot'],
      ]),
    )
    const versions = await api.query.CritterNfts.PetStateVersions.getEntries()
    expect(versions.map(({ keyArgs, value }) => [keyArgs[0], value]).sort()).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ])
  })

  test('a failing call: ok false, ConcurrentModification as a decoded dispatchError, nonce bumped', async () => {
    const before = (await api.query.System.Account.getValue(alice.address)).nonce
    const result = await api.tx.CritterNfts.update_pet_metadata({
      pet_id: 0,
      name: Binary.fromText('Rexy'),
      personality_traits: undefined,
      expected_version: 7,
    }).signAndSubmit(alice.signer)
    expect(result.ok).toBe(false)
    expect(result.dispatchError).toEqual({
      type: 'Module',
      value: { type: 'CritterNfts', value: { type: 'ConcurrentModification' } },
    })
    expect(eventsOfTx(result, 'System', 'ExtrinsicFailed')).toHaveLength(1)
    expect(eventsOfTx(result, 'CritterNfts', 'PetNftMetadataUpdated')).toEqual([])
    const pet = await existingPet(0)
    expect(pet.state_version).toBe(1)
    expect(Binary.toText(pet.current_pet_name)).toBe('Rex')
    expect((await api.query.System.Account.getValue(alice.address)).nonce).toBe(before + 1)
  })

  test('the right expected_version updates the pet and reports the new version', async () => {
    const result = await api.tx.CritterNfts.update_pet_metadata({
      pet_id: 0,
      name: Binary.fromText('Rexy'),
      personality_traits: [Binary.fromText('brave'), Binary.fromText('loud')],
      expected_version: 1,
    }).signAndSubmit(alice.signer)
    expect(result.ok).toBe(true)
    const [updated] = eventsOfTx(result, 'CritterNfts', 'PetNftMetadataUpdated')
    expect(updated?.value.value).toMatchObject({ pet_id: 0, version: 2 })
    const pet = await existingPet(0)
    expect(pet.state_version).toBe(2)
    expect(pet.personality_traits.map((t: Uint8Array) => Binary.toText(t))).toEqual([
      'brave',
      'loud',
    ])
  })

  test('a transfer signed by Alice, then a call signed by Bob (a second signer)', async () => {
    const transfer = await api.tx.CritterNfts.transfer_pet_nft({
      recipient: bob.address,
      pet_id: 2,
    }).signAndSubmit(alice.signer)
    expect(transfer.ok).toBe(true)
    expect(eventsOfTx(transfer, 'CritterNfts', 'PetNftTransferred')[0]?.value.value).toMatchObject({
      from: alice.address,
      to: bob.address,
      pet_id: 2,
      version: 2,
    })
    const fed = await api.tx.CritterNfts.feed_pet({ pet_id: 2, food_item_id: 1 }).signAndSubmit(
      bob.signer,
    )
    expect(fed.ok).toBe(true)
    expect(eventsOfTx(fed, 'CritterNfts', 'PetFed')[0]?.value.value).toMatchObject({
      owner: bob.address,
      pet_id: 2,
      version: 3,
    })
    expect(await api.query.CritterNfts.PetNftOwner.getValue(2)).toBe(bob.address)
  })

  test('an ed25519 PAPI signer is accepted too', async () => {
    const charlie = await papiAccount('//Charlie', 'Ed25519')
    const result = await api.tx.CritterNfts.mint_pet_nft({
      species: Binary.fromText('fox'),
      name: Binary.fromText('Ed'),
    }).signAndSubmit(charlie.signer)
    expect(result.ok).toBe(true)
    expect(eventsOfTx(result, 'CritterNfts', 'PetNftMinted')[0]?.value.value).toMatchObject({
      owner: charlie.address,
    })
  })

  test('an immortal transaction (mortality: { mortal: false }) is accepted', async () => {
    const result = await api.tx.CritterNfts.mint_pet_nft({
      species: Binary.fromText('eel'),
      name: Binary.fromText('Forever'),
    }).signAndSubmit(alice.signer, { mortality: { mortal: false } })
    expect(result.ok).toBe(true)
    expect(eventsOfTx(result, 'CritterNfts', 'PetNftMinted')).toHaveLength(1)
  })

  test('finalizedBlock$ and getFinalizedBlock advance with each block', async () => {
    const seen: number[] = []
    const subscription = client.finalizedBlock$.subscribe(block => seen.push(block.number))
    try {
      const start = await client.getFinalizedBlock()
      const result = await mint('bee', 'Buzz')
      expect(result.ok).toBe(true)
      expect(result.block.number).toBeGreaterThan(start.number)
      const after = await client.getFinalizedBlock()
      expect(after.number).toBeGreaterThanOrEqual(result.block.number)
      expect(seen).toContain(result.block.number)
      expect([...seen].sort((a, b) => a - b)).toEqual(seen)
      const header = await client.getBlockHeader(result.block.hash)
      expect(header.number).toBe(result.block.number)
    } finally {
      subscription.unsubscribe()
    }
  })
})

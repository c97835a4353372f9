// A client's view of a critter node, through src/client only: mint a pet, read it back with the
// runtime's own storage items, lose a race (ConcurrentModification, decoded by name), list every
// pet, and follow finalized blocks with their events, as the sync service does.
// Run it with `npx tsx examples/client-quickstart.ts [ws://127.0.0.1:9944]`; without a URL it
// starts a dev node in this process.
import {
  createClient,
  createCritterClient,
  createWsProvider,
  followFinalizedHeads,
  type SubmitResult,
} from '../src/client/index.ts'
import { createNode } from '../src/node/index.ts'
import { devKeypair, fromUtf8, initCrypto, utf8 } from '../src/primitives/index.ts'
import {
  type CritterEvent,
  createCritterNfts,
  createRuntime,
  critterCall,
} from '../src/runtime/index.ts'

const outcome = (result: SubmitResult) => (result.result.type === 'Ok' ? 'Ok' : result.result.name)

/** Runs the walkthrough against `url` (or a dev node of its own); prints when `log` is given. */
export const runClientQuickstart = async (log: (line: string) => void = () => {}, url?: string) => {
  await initCrypto()
  const node = url === undefined ? await createNode({ dev: true, rpcPort: 0 }) : undefined
  // The schema the node runs: the same pallets with the same config give the same runtime.
  const critter = createCritterNfts()
  const runtime = createRuntime({ pallets: [critter.pallet] })
  const client = createClient(createWsProvider(url ?? node?.url ?? ''))
  const api = createCritterClient({ client, runtime })
  try {
    const alice = devKeypair('Alice')
    const minted = await api.submit(
      critterCall('mint_pet_nft', { species: utf8('dragon'), name: utf8('Ember') }),
      alice,
    )
    const mintedEvent = minted.events
      .filter(r => r.event.type === 'CritterNfts')
      .map(r => r.event.value as CritterEvent)
      .find(e => e.type === 'PetNftMinted')
    if (mintedEvent?.type !== 'PetNftMinted') throw new TypeError('the mint deposited no event')
    const id = mintedEvent.value.pet_id
    log(`minted pet ${id} in block #${minted.blockNumber}, extrinsic ${minted.index}`)

    const pet = await api.query(io => critter.storage.PetNfts.get(io, id))
    log(
      `read back: "${fromUtf8(pet?.current_pet_name ?? new Uint8Array())}", version ${pet?.state_version}`,
    )

    const rename = (name: string, expected: number) =>
      critterCall('update_pet_metadata', {
        pet_id: id,
        name: utf8(name),
        personality_traits: undefined,
        expected_version: expected,
      })
    log(`rename expecting version 1: ${outcome(await api.submit(rename('Blaze', 1), alice))}`)
    const raced = await api.submit(rename('Cinder', 1), alice)
    log(`second rename still expecting version 1: ${outcome(raced)}`)

    const pets = await api.entries(critter.storage.PetNfts)
    log(`${pets.length} pet(s) on chain`)

    // Finalized blocks from genesis up to the race, with their events, in order.
    let blocks = 0
    let events = 0
    for await (const headers of followFinalizedHeads(client, { from: 0 })) {
      for (const header of headers) {
        blocks += 1
        events += (await api.events(header.hash)).length
      }
      if ((headers.at(-1)?.number ?? 0) >= raced.blockNumber) break
    }
    log(`followed ${blocks} finalized blocks holding ${events} events`)
    return { id, raced: outcome(raced), pets: pets.length, blocks }
  } finally {
    client.close()
    await node?.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runClientQuickstart(console.log, process.argv[2])

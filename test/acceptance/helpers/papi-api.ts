// The part of PAPI's unsafe API the acceptance tests use, typed by hand the way a TypeScript app
// without generated descriptors would. The values are exactly what PAPI decodes from our
// metadata: snake_case fields, SS58 addresses, Uint8Array for Vec<u8>, hex for [u8; 32].
import type { PolkadotClient, Transaction } from 'polkadot-api'

interface PullOptions {
  readonly at?: string
}

interface StorageMap<K, V> {
  getValue(key: K, options?: PullOptions): Promise<V>
  getEntries(options?: PullOptions): Promise<{ keyArgs: [K]; value: NonNullable<V> }[]>
}

/** `frame_system::AccountInfo`. */
export interface PapiAccountInfo {
  nonce: number
  consumers: number
  providers: number
  sufficients: number
  data: { free: bigint; reserved: bigint; frozen: bigint; flags: bigint }
}

/** `pallet_critter_nfts::PetNft`. */
export interface PapiPetNft {
  id: number
  dna_hash: string
  initial_species: Uint8Array
  current_pet_name: Uint8Array
  level: number
  experience_points: number
  mood_indicator: number
  personality_traits: Uint8Array[]
  state_version: number
  sync_flags: number
}

type Tx<A> = (args: A) => Transaction

/** A metadata update, as `update_pet_metadata` and `batch_update_pet_metadata` take it. */
export interface PapiMetadataUpdate {
  pet_id: number
  name: Uint8Array | undefined
  personality_traits: Uint8Array[] | undefined
  expected_version: number
}

/** The unsafe API of a critter chain, as far as the tests reach into it. */
export interface CritterPapiApi {
  query: {
    System: { Account: StorageMap<string, PapiAccountInfo> }
    CritterNfts: {
      PetNfts: StorageMap<number, PapiPetNft | undefined>
      PetNftOwner: StorageMap<number, string | undefined>
      OwnerOfPet: StorageMap<string, number[]>
      PetStateVersions: StorageMap<number, number>
    }
  }
  constants: {
    System: { SS58Prefix: () => Promise<number> }
    CritterNfts: { MaxOwnedPets: () => Promise<number> }
  }
  tx: {
    CritterNfts: {
      mint_pet_nft: Tx<{ species: Uint8Array; name: Uint8Array }>
      batch_mint_pet_nfts: Tx<{ pets: [Uint8Array, Uint8Array][] }>
      update_pet_metadata: Tx<PapiMetadataUpdate>
      batch_update_pet_metadata: Tx<{ updates: PapiMetadataUpdate[] }>
      transfer_pet_nft: Tx<{ recipient: string; pet_id: number }>
      feed_pet: Tx<{ pet_id: number; food_item_id: number }>
      play_with_pet: Tx<{ pet_id: number; toy_item_id: number }>
      apply_neglect_check: Tx<{ pet_id: number }>
      register_sync_hook: Tx<{ interests: number; priority: number }>
      unregister_sync_hook: Tx<{ hook_id: number }>
      set_hook_enabled: Tx<{ hook_id: number; enabled: boolean }>
      update_hook_interests: Tx<{ hook_id: number; interests: number }>
      acknowledge_sync: Tx<{ pet_id: number; flags: number; version: number }>
    }
  }
}

/**
 * `client.getUnsafeApi()`, with the shape above.
 *
 * @example const api = critterApi(client); await api.constants.CritterNfts.MaxOwnedPets()
 */
export const critterApi = (client: PolkadotClient): CritterPapiApi =>
  client.getUnsafeApi() as unknown as CritterPapiApi

/** An event as PAPI lists it in a transaction's `events`: `{ type: pallet, value: { type, value } }`. */
export interface PapiEvent {
  readonly type: string
  readonly value: { readonly type: string; readonly value: Record<string, unknown> }
}

/**
 * The events `pallet.name` among a finalized transaction's events.
 *
 * @example eventsOf(result.events, 'CritterNfts', 'PetNftMinted')
 */
export const eventsOf = (events: readonly unknown[], pallet: string, name?: string): PapiEvent[] =>
  (events as PapiEvent[]).filter(
    e => e.type === pallet && (name === undefined || e.value.type === name),
  )

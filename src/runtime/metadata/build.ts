import { metadata, type V14 } from '@polkadot-api/substrate-bindings'
import { bytesToHex, type EncodeError, encode, type TypeDef } from '../../primitives/index.ts'
import { EXTRINSIC_VERSION, SIGNED_EXTENSIONS, uncheckedExtrinsicDef } from '../extrinsic/types.ts'
import type { AnyPallet, AnyStorageItem } from '../frame/pallet.ts'
import type { Runtime } from '../runtime.ts'
import type { MapHasher } from '../storage/hashers.ts'
import { MetadataFault } from './metadata-fault.ts'
import { createTypeRegistry, type TypeRegistryBuilder } from './registry.ts'

/** `"meta"` as a little-endian u32: the first four bytes of every `RuntimeMetadataPrefixed`. */
export const METADATA_MAGIC = 0x6174656d

type PalletMetadata = V14['pallets'][number]
type StorageEntry = NonNullable<PalletMetadata['storage']>['items'][number]
type Hasher = Extract<StorageEntry['type'], { tag: 'map' }>['value']['hashers'][number]['tag']

const HASHERS: Record<MapHasher, Hasher> = {
  Blake2_128Concat: 'Blake2128Concat',
  Twox64Concat: 'Twox64Concat',
  Identity: 'Identity',
}

// Storage modifiers as metadata numbers them.
const OPTIONAL = 0
const DEFAULT = 1

/** SCALE of `value`, as hex; a value that does not fit its own declared type is a schema bug. */
const encodedHex = (
  shape: AnyStorageItem['shape'],
  value: unknown,
  what: string,
): `0x${string}` => {
  try {
    return bytesToHex(encode(shape, value)) as `0x${string}`
  } catch (error) {
    throw new MetadataFault(`${what}: ${(error as EncodeError).message}`, { cause: error })
  }
}

const storageEntry = (
  registry: TypeRegistryBuilder,
  pallet: string,
  name: string,
  item: AnyStorageItem,
): StorageEntry => ({
  name,
  modifier: item.query === 'Option' ? OPTIONAL : DEFAULT,
  type:
    item.kind === 'value'
      ? { tag: 'plain', value: registry.idOf(item.shape.def) }
      : {
          tag: 'map',
          value: {
            hashers: [{ tag: HASHERS[item.hasher], value: undefined }],
            key: registry.idOf(item.key.def),
            value: registry.idOf(item.shape.def),
          },
        },
  // An Optional item's default is `None`; a Default item's is its declared value.
  fallback:
    item.query === 'Option'
      ? '0x00'
      : encodedHex(item.shape, item.default, `${pallet}.${name} default`),
  docs: [...item.docs],
})

const palletMetadata = (registry: TypeRegistryBuilder, pallet: AnyPallet): PalletMetadata => {
  const typeOf = (def: TypeDef | undefined) => (def === undefined ? undefined : registry.idOf(def))
  const storage = pallet.storage
  return {
    name: pallet.name,
    storage:
      storage === undefined
        ? undefined
        : {
            prefix: storage.prefix,
            items: Object.entries(storage.items).map(([name, item]) =>
              storageEntry(registry, pallet.name, name, item),
            ),
          },
    calls: typeOf(pallet.calls?.def),
    events: typeOf(pallet.events?.def),
    constants: Object.entries(pallet.constants).map(([name, c]) => ({
      name,
      type: registry.idOf(c.shape.def),
      value: encodedHex(c.shape, c.value, `${pallet.name}::${name}`),
      docs: [...c.docs],
    })),
    errors: typeOf(pallet.errors?.shape.def),
    index: pallet.index,
    docs: [],
  }
}

/** The runtime's own type, `<x>_runtime::Runtime`: a marker with no fields. */
const RUNTIME_TYPE: TypeDef = {
  tag: 'composite',
  path: ['critter_runtime', 'Runtime'],
  params: [],
  fields: [],
  docs: [],
}

/** The `RuntimeMetadataV14` value of a runtime, before encoding. */
export const metadataV14 = (runtime: Runtime): V14 => {
  const registry = createTypeRegistry()
  const pallets = runtime.pallets.map(p => palletMetadata(registry, p))
  const extrinsic = {
    type: registry.idOf(uncheckedExtrinsicDef(runtime)),
    version: EXTRINSIC_VERSION,
    signedExtensions: SIGNED_EXTENSIONS.map(e => ({
      identifier: e.identifier,
      type: registry.idOf(e.type.def),
      additionalSigned: registry.idOf(e.additionalSigned.def),
    })),
  }
  const type = registry.idOf(RUNTIME_TYPE)
  return { lookup: [...registry.types], pallets, extrinsic, type, apis: [] }
}

const cache = new WeakMap<Runtime, Uint8Array>()

/**
 * The runtime's metadata as `RuntimeMetadataPrefixed` v14 bytes (`"meta"`, `14`, then V14), the
 * answer of `Metadata_metadata` and `state_getMetadata`. Built once per runtime from the same
 * `TypeDef`s the codecs use; each call returns a fresh copy.
 *
 * @example
 * const bytes = buildMetadata(runtime)
 * bytesToHex(bytes.subarray(0, 5)) // '0x6d6574610e'
 */
export const buildMetadata = (runtime: Runtime): Uint8Array => {
  let bytes = cache.get(runtime)
  if (bytes === undefined) {
    bytes = metadata.enc({
      magicNumber: METADATA_MAGIC,
      metadata: { tag: 'v14', value: metadataV14(runtime) },
    })
    cache.set(runtime, bytes)
  }
  return bytes.slice()
}

/** The metadata versions the runtime serves (`Metadata_metadata_versions`). */
export const metadataVersions = (): number[] => [14]

/**
 * The metadata at `version` (`Metadata_metadata_at_version`), or `undefined` for a version we do
 * not serve.
 *
 * @example metadataAtVersion(runtime, 15) // undefined
 */
export const metadataAtVersion = (runtime: Runtime, version: number): Uint8Array | undefined =>
  metadataVersions().includes(version) ? buildMetadata(runtime) : undefined

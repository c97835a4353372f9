import { parseArgs } from 'node:util'
import { z } from 'zod'
import { state } from '../../client/index.ts'
import { decode, encode } from '../../primitives/index.ts'
import type { AnyStorageItem, Runtime } from '../../runtime/index.ts'
import { UsageError } from '../cli-error.ts'
import { connectCritter, DEFAULT_NODE_URL } from '../connect.ts'
import { type Json, jsonToScale, scaleToJson } from '../json-scale.ts'

/** `critter query` usage. */
export const QUERY_USAGE = `critter query <Pallet>.<Item> [KEY_JSON] [--at BLOCK_HASH] [--node URL]

  <Pallet>.<Item>  a storage item, e.g. CritterNfts.PetNfts or System.Account
  KEY_JSON         the map key as JSON (7, "Alice", "5Grw..."); without it a map lists every entry
  --at             read the state at this block (default: the best block)
  --node           the node's JSON-RPC URL (default ${DEFAULT_NODE_URL})

Prints the value as JSON (null when absent), or [key, value] pairs for a whole map.`

const QueryFlags = z
  .object({
    at: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 32-byte block hash')
      .optional(),
    node: z
      .string()
      .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
      .default(DEFAULT_NODE_URL),
  })
  .strict()

const findItem = (runtime: Runtime, name: string): AnyStorageItem => {
  const [palletName, itemName] = name.split('.', 2)
  const pallet = runtime.pallets.find(p => p.name.toLowerCase() === palletName?.toLowerCase())
  const items = pallet?.storage?.items
  if (items === undefined) throw new UsageError(`no pallet '${palletName}' with storage`)
  const item = itemName === undefined ? undefined : items[itemName]
  if (item === undefined)
    throw new UsageError(
      `${pallet?.name} has no item '${itemName}'; items: ${Object.keys(items).join(', ')}`,
    )
  return item
}

/** Reads a storage item (or a whole map) and prints it as JSON. */
export const runQuery = async (args: readonly string[]): Promise<void> => {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...args],
      options: { at: { type: 'string' }, node: { type: 'string' } },
      allowPositionals: true,
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const [name, keyJson, ...rest] = parsed.positionals
  if (name === undefined) throw new UsageError('name the storage item, e.g. CritterNfts.PetNfts')
  if (rest.length > 0) throw new UsageError(`unexpected '${rest.join(' ')}'`)
  const flags = QueryFlags.safeParse(parsed.values)
  if (!flags.success) {
    const issue = flags.error.issues[0]
    throw new UsageError(`--${issue?.path.join('.')}: ${issue?.message}`)
  }
  const api = connectCritter(flags.data.node)
  const at = flags.data.at
  try {
    const item = findItem(api.runtime, name)
    // An absent Value-query item reads as its default, as the runtime itself reads it.
    const read = async (key: string): Promise<Json> => {
      const raw = await api.client.request(state.getStorage(`0x${key}`, at))
      if (raw !== undefined) return scaleToJson(item.shape.def, raw)
      return item.default === undefined
        ? null
        : scaleToJson(item.shape.def, encode(item.shape, item.default))
    }
    let output: Json
    if (item.kind === 'value') output = await read(item.storageKey)
    else if (keyJson !== undefined) {
      let json: unknown
      try {
        json = JSON.parse(keyJson)
      } catch {
        json = keyJson
      }
      const key = decode(item.key, jsonToScale(item.key.def, json))
      output = await read(item.keyOf(key))
    } else {
      const entries = await api.entries(item, at === undefined ? {} : { at })
      output = entries.map(([key, value]) => [
        scaleToJson(item.key.def, encode(item.key, key)),
        scaleToJson(item.shape.def, encode(item.shape, value)),
      ])
    }
    console.log(JSON.stringify(output, null, 2))
  } finally {
    await api.client.close()
  }
}

import { parseArgs } from 'node:util'
import { z } from 'zod'
import {
  bytesToHex,
  DEV_ACCOUNTS,
  type DevAccountName,
  decode,
  devKeypair,
  encode,
} from '../../primitives/index.ts'
import type { Runtime, RuntimeCall } from '../../runtime/index.ts'
import { UsageError } from '../cli-error.ts'
import { connectCritter, DEFAULT_NODE_URL } from '../connect.ts'
import { jsonToScale, scaleToJson } from '../json-scale.ts'

/** `critter tx` usage. */
export const TX_USAGE = `critter tx <call> [ARGS_JSON] [--signer NAME] [--scheme sr25519|ed25519] [--node URL] [--wait inBlock|finalized]

  <call>        a CritterNfts call (mint_pet_nft) or Pallet.call (System.remark)
  ARGS_JSON     the call's fields as JSON, e.g. '{"species":"dragon","name":"Ember"}'
                (bytes as text or 0x hex, accounts as SS58 or a dev name, options as null)
  --signer      a dev account: ${DEV_ACCOUNTS.join(', ')} (default Alice)
  --scheme      sr25519 (default) or ed25519
  --node        the node's JSON-RPC URL (default ${DEFAULT_NODE_URL})
  --wait        inBlock (default) or finalized

Prints the outcome as JSON: transaction and block hashes, Ok or the named dispatch error, events.`

const TxFlags = z
  .object({
    signer: z
      .string()
      .transform(s => DEV_ACCOUNTS.find(n => n.toLowerCase() === s.toLowerCase()))
      .pipe(z.enum(DEV_ACCOUNTS, { error: `must be one of ${DEV_ACCOUNTS.join(', ')}` }))
      .default('Alice'),
    scheme: z.enum(['sr25519', 'ed25519']).default('sr25519'),
    node: z
      .string()
      .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
      .default(DEFAULT_NODE_URL),
    wait: z.enum(['inBlock', 'finalized']).default('inBlock'),
  })
  .strict()

/** Builds the `RuntimeCall` named `name` from JSON fields, through the runtime's own codec. */
export const callFromJson = (runtime: Runtime, name: string, args: unknown): RuntimeCall => {
  const [palletName, callName] = name.includes('.') ? name.split('.', 2) : ['CritterNfts', name]
  const pallet = runtime.pallets.find(p => p.name.toLowerCase() === palletName?.toLowerCase())
  const calls = pallet?.calls?.def
  if (pallet === undefined || calls?.tag !== 'variant')
    throw new UsageError(`no pallet '${palletName}' with calls`)
  const variant = calls.variants.find(v => v.name === callName)
  if (variant === undefined) {
    throw new UsageError(
      `${pallet.name} has no call '${callName}'; calls: ${calls.variants.map(v => v.name).join(', ')}`,
    )
  }
  const fields = jsonToScale({ tag: 'fields', fields: variant.fields }, args ?? {})
  const bytes = new Uint8Array(2 + fields.length)
  bytes[0] = pallet.index
  bytes[1] = variant.index
  bytes.set(fields, 2)
  return decode(runtime.RuntimeCall, bytes)
}

/** Signs a call with a dev account, submits it and prints the outcome. */
export const runTx = async (args: readonly string[]): Promise<void> => {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        signer: { type: 'string' },
        scheme: { type: 'string' },
        node: { type: 'string' },
        wait: { type: 'string' },
      },
      allowPositionals: true,
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const [name, argsJson, ...rest] = parsed.positionals
  if (name === undefined) throw new UsageError('name the call')
  if (rest.length > 0) throw new UsageError(`unexpected '${rest.join(' ')}'`)
  const flags = TxFlags.safeParse(parsed.values)
  if (!flags.success) {
    const issue = flags.error.issues[0]
    throw new UsageError(`--${issue?.path.join('.')}: ${issue?.message}`)
  }
  let json: unknown = {}
  if (argsJson !== undefined) {
    try {
      json = JSON.parse(argsJson)
    } catch {
      throw new UsageError(`ARGS_JSON is not JSON: ${argsJson}`)
    }
  }
  const api = connectCritter(flags.data.node)
  try {
    const call = callFromJson(api.runtime, name, json)
    const signer = devKeypair(
      flags.data.signer as DevAccountName,
      flags.data.scheme === 'ed25519' ? 'Ed25519' : 'Sr25519',
    )
    const outcome = await api.submit(call, signer, { waitFor: flags.data.wait })
    const event = api.runtime.RuntimeEvent
    console.log(
      JSON.stringify(
        {
          txHash: bytesToHex(outcome.txHash),
          blockHash: bytesToHex(outcome.blockHash),
          blockNumber: outcome.blockNumber,
          index: outcome.index,
          result: outcome.result.type === 'Ok' ? 'Ok' : { Err: outcome.result.name },
          events: outcome.events.map(record => scaleToJson(event.def, encode(event, record.event))),
        },
        null,
        2,
      ),
    )
  } finally {
    await api.client.close()
  }
}

// The node fuzzer's last step: one block built with `dev_newBlock`, checked against the pool model.
// It must hold exactly the accepted transactions that were ready (each sender's run from its state
// nonce, in nonce order), and the state may change only as they explain: their senders' nonces,
// the pets they minted, and the block's own bookkeeping in System.
import { decode, hexToBytes } from '../../src/primitives/index.ts'
import type { CritterNfts, Runtime } from '../../src/runtime/index.ts'
import type { Original } from './fuzz-node-extrinsics.ts'
import type { OpenedSubscription } from './fuzz-node-lanes.ts'
import { type BlockSnapshot, type Request, snapshotBlock } from './fuzz-node-snapshot.ts'
import { nonceAt } from './fuzz-node-world.ts'

/** Options of `checkFinalBlock`. */
export interface FinalBlockOptions {
  readonly request: Request
  readonly runtime: Runtime
  /** The CritterNfts instance of `runtime` (its bound storage items). */
  readonly critter: CritterNfts
  /** The best block before it (unchanged by the cases). */
  readonly parent: BlockSnapshot
  /** Every original the pool accepted. */
  readonly accepted: readonly Original[]
  /** Author watches the lanes opened (their last statuses are checked). */
  readonly watches: readonly OpenedSubscription[]
  /** Waits for late notifications (finalized comes a moment after inBlock). */
  readonly settle: () => Promise<void>
}

/** What the final block held. */
export interface FinalBlockReport {
  readonly hash: string
  readonly included: number
  readonly stillPending: number
  readonly mints: number
  readonly problems: readonly string[]
}

const byHex = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Splits the accepted originals into the ready run of each sender and the rest (future). */
export const readyAndFuture = (
  accepted: readonly Original[],
  stateNonce: (who: Uint8Array) => number,
): { ready: Original[]; future: Original[] } => {
  const bySigner = new Map<string, Original[]>()
  for (const o of accepted) {
    const list = bySigner.get(o.signerName) ?? []
    list.push(o)
    bySigner.set(o.signerName, list)
  }
  const ready: Original[] = []
  const future: Original[] = []
  for (const list of bySigner.values()) {
    list.sort((a, b) => a.nonce - b.nonce)
    let next = stateNonce((list[0] as Original).signer)
    for (const o of list) {
      if (o.nonce === next) {
        ready.push(o)
        next++
      } else future.push(o)
    }
  }
  return { ready, future }
}

/**
 * Builds one block and checks it, the state change and the watchers against the model.
 *
 * @example const report = await checkFinalBlock({ request, runtime, critter, parent, accepted, watches, settle })
 */
export const checkFinalBlock = async (options: FinalBlockOptions): Promise<FinalBlockReport> => {
  const { request, runtime, parent } = options
  const problems: string[] = []
  const stateNonce = (who: Uint8Array) => nonceAt(runtime, parent, who)
  const { ready, future } = readyAndFuture(options.accepted, stateNonce)

  const hash = String(await request('dev_newBlock', []))
  const block = await snapshotBlock(request, parent.number + 1)
  if (block.hash !== hash)
    problems.push(`dev_newBlock returned ${hash}, block ${block.number} is ${block.hash}`)
  const header = block.header as { parentHash?: string }
  if (header.parentHash !== parent.hash) problems.push(`new block's parent is ${header.parentHash}`)

  // Exactly the ready transactions, each sender's in nonce order.
  const body = (block.block as { block: { extrinsics: string[] } }).block.extrinsics
  const readyByHex = new Map(ready.map(o => [o.hex, o]))
  const seen = new Set<string>()
  const lastNonce = new Map<string, number>()
  for (const hex of body) {
    const o = readyByHex.get(hex)
    if (o === undefined) {
      problems.push(`block holds ${hex.slice(0, 80)}…, which was not a ready accepted transaction`)
      continue
    }
    if (seen.has(hex)) problems.push(`block holds ${o.signerName}/${o.nonce} twice`)
    seen.add(hex)
    const before = lastNonce.get(o.signerName)
    if (before !== undefined && before > o.nonce)
      problems.push(`${o.signerName}: nonce ${o.nonce} after ${before}`)
    lastNonce.set(o.signerName, o.nonce)
  }
  for (const o of ready)
    if (!seen.has(o.hex))
      problems.push(`ready ${o.signerName}/${o.nonce} is missing from the block`)

  // Events: one outcome per extrinsic, failures exactly where the call fails.
  const eventsItem = runtime.system.storage.Events
  const eventsHex = block.state.get(`0x${eventsItem.storageKey}`)
  const events = eventsHex === undefined ? [] : decode(eventsItem.shape, hexToBytes(eventsHex))
  let mintedEvents = 0
  const outcomes = new Map<number, string>()
  for (const record of events as unknown as {
    phase: { type: string; value?: unknown }
    event: { type: string; value: { type: string } }
  }[]) {
    if (record.event.type === 'CritterNfts' && record.event.value.type === 'PetNftMinted')
      mintedEvents++
    if (record.phase.type !== 'ApplyExtrinsic' || record.event.type !== 'System') continue
    const kind = record.event.value.type
    if (kind === 'ExtrinsicSuccess' || kind === 'ExtrinsicFailed')
      outcomes.set(Number(record.phase.value), kind)
  }
  body.forEach((hex, i) => {
    const o = readyByHex.get(hex)
    const due = o?.call === 'feed-missing' ? 'ExtrinsicFailed' : 'ExtrinsicSuccess'
    if (outcomes.get(i) !== due) problems.push(`extrinsic ${i}: ${outcomes.get(i)}, ${due} due`)
  })
  const mints = ready.filter(o => o.call === 'mint').length
  if (mintedEvents !== mints) problems.push(`${mintedEvents} PetNftMinted events, ${mints} due`)

  problems.push(...checkStateChange(runtime, options.critter, parent, block, ready, mints))

  // The pool keeps the future ones, and each sender's next nonce moved past its ready run.
  const pending = ((await request('author_pendingExtrinsics', [])) as string[]).sort(byHex)
  const futureHex = future.map(o => o.hex).sort(byHex)
  if (JSON.stringify(pending) !== JSON.stringify(futureHex))
    problems.push(`pool holds ${pending.length} after the block, ${futureHex.length} future due`)

  // Watchers: included ones hear inBlock then finalized; the others stay where they were.
  await options.settle()
  const readyKeys = new Set(ready.map(o => o.key))
  for (const watch of options.watches) {
    if (watch.ended || watch.spec.watchKey === undefined) continue
    const statuses = watch.notifications.map(n => JSON.stringify(n))
    if (readyKeys.has(watch.spec.watchKey)) {
      const tail = statuses.slice(-2).join(' ')
      const due = `${JSON.stringify({ inBlock: hash })} ${JSON.stringify({ finalized: hash })}`
      if (tail !== due)
        problems.push(`watch ${watch.id}: statuses ${statuses.join(' ')}, ending ${due} due`)
    } else if (statuses.some(s => s !== '"future"' && s !== '"ready"'))
      problems.push(`watch ${watch.id} of a future transaction heard ${statuses.join(' ')}`)
  }
  return { hash, included: body.length, stillPending: pending.length, mints, problems }
}

/** Every key the block changed must be explained by the ready transactions or the block itself. */
const checkStateChange = (
  runtime: Runtime,
  critter: CritterNfts,
  parent: BlockSnapshot,
  block: BlockSnapshot,
  ready: readonly Original[],
  mints: number,
): string[] => {
  const problems: string[] = []
  const system = runtime.system.storage
  const pets = critter.storage
  // System's per-block items (everything but accounts) change in every block.
  const bookkeeping = new Set(
    [system.Number, system.ParentHash, system.Digest, system.Events, system.EventCount].map(
      i => `0x${i.storageKey}`,
    ),
  )
  const blockHashPrefix = `0x${system.BlockHash.prefix}`
  const included = new Map<string, number>()
  const minters = new Set<string>()
  for (const o of ready) {
    const key = `0x${system.Account.keyOf(o.signer)}`
    included.set(key, (included.get(key) ?? 0) + 1)
    if (o.call === 'mint') minters.add(`0x${pets.OwnerOfPet.keyOf(o.signer)}`)
  }
  const nextPetKey = `0x${pets.NextPetId.storageKey}`
  const nextBefore = decodeU32(parent.state.get(nextPetKey))
  const nextAfter = decodeU32(block.state.get(nextPetKey))
  if (nextAfter !== nextBefore + mints)
    problems.push(`NextPetId ${nextBefore} → ${nextAfter}, +${mints} due`)
  const newPetKeys = new Set<string>()
  for (let id = nextBefore; id < nextAfter; id++)
    for (const item of [pets.PetNfts, pets.PetNftOwner, pets.PetStateVersions])
      newPetKeys.add(`0x${item.keyOf(id)}`)

  const keys = new Set([...parent.state.keys(), ...block.state.keys()])
  for (const key of keys) {
    const a = parent.state.get(key)
    const b = block.state.get(key)
    if (a === b || bookkeeping.has(key)) continue
    if (key.startsWith(blockHashPrefix) && a === undefined) continue
    if (key === nextPetKey || minters.has(key) || (newPetKeys.has(key) && a === undefined)) continue
    const count = included.get(key)
    if (count !== undefined) {
      const before = a === undefined ? 0 : decode(system.Account.shape, hexToBytes(a)).nonce
      const after = b === undefined ? -1 : decode(system.Account.shape, hexToBytes(b)).nonce
      if (after !== before + count)
        problems.push(`account ${key}: nonce ${before} → ${after}, +${count} due`)
      continue
    }
    problems.push(
      `key ${key} ${a === undefined ? 'added' : b === undefined ? 'removed' : 'changed'} unexplained`,
    )
  }
  for (const key of newPetKeys)
    if (!block.state.has(key)) problems.push(`new pet key ${key} missing`)
  return problems
}

const decodeU32 = (hex: string | undefined): number =>
  hex === undefined ? 0 : new DataView(hexToBytes(hex).buffer).getUint32(0, true)

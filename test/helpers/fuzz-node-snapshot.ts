// What a node serves, read over its own JSON-RPC: every block's hash, header, body and whole state,
// and the pool's pending list. The node fuzzer takes one before and one after the cases, and they
// must be equal; the expected answers of read methods are computed from the first.

/** Sends one JSON-RPC request and resolves with its result (rejects on an error). */
export type Request = (method: string, params?: unknown[]) => Promise<unknown>

/** One block as the node serves it. */
export interface BlockSnapshot {
  readonly number: number
  /** `0x`-hex, lowercase. */
  readonly hash: string
  /** `chain_getHeader` JSON. */
  readonly header: unknown
  /** `chain_getBlock` JSON. */
  readonly block: unknown
  /** Storage key → value, both `0x`-hex lowercase, for every key of the state after this block. */
  readonly state: ReadonlyMap<string, string>
  /** The keys of `state`, sorted. */
  readonly keys: readonly string[]
}

/** Everything a node serves that the fuzz must not change. */
export interface ChainSnapshot {
  readonly best: number
  /** Blocks 0..best. */
  readonly blocks: readonly BlockSnapshot[]
  /** `author_pendingExtrinsics`, sorted. */
  readonly pending: readonly string[]
  readonly finalizedHead: string
}

const asStrings = (value: unknown, what: string): string[] => {
  if (!Array.isArray(value) || !value.every(v => typeof v === 'string'))
    throw new TypeError(`${what} is not a list of strings`)
  return value as string[]
}

/** Reads block `number` and its whole state. */
export const snapshotBlock = async (request: Request, number: number): Promise<BlockSnapshot> => {
  const hash = await request('chain_getBlockHash', [number])
  if (typeof hash !== 'string') throw new TypeError(`block ${number} has no hash`)
  const keys = asStrings(await request('state_getKeys', ['0x', hash]), 'state_getKeys').sort()
  const sets = (await request('state_queryStorageAt', [keys, hash])) as {
    changes: [string, string | null][]
  }[]
  const state = new Map<string, string>()
  for (const [key, value] of sets[0]?.changes ?? []) if (value !== null) state.set(key, value)
  return {
    number,
    hash,
    header: await request('chain_getHeader', [hash]),
    block: await request('chain_getBlock', [hash]),
    state,
    keys,
  }
}

/**
 * Reads every block from genesis to the best one, with its state, and the pending pool.
 *
 * @example const before = await takeSnapshot(request)
 */
export const takeSnapshot = async (request: Request): Promise<ChainSnapshot> => {
  const header = (await request('chain_getHeader', [])) as { number: string }
  const best = Number.parseInt(header.number.slice(2), 16)
  const blocks: BlockSnapshot[] = []
  for (let n = 0; n <= best; n++) blocks.push(await snapshotBlock(request, n))
  return {
    best,
    blocks,
    pending: asStrings(await request('author_pendingExtrinsics', []), 'pending').sort(),
    finalizedHead: String(await request('chain_getFinalizedHead', [])),
  }
}

/** Every difference between two snapshots, one line each (empty when equal). */
export const diffSnapshots = (before: ChainSnapshot, after: ChainSnapshot): string[] => {
  const problems: string[] = []
  if (before.best !== after.best) problems.push(`best block ${before.best} became ${after.best}`)
  if (before.finalizedHead !== after.finalizedHead)
    problems.push(`finalized head ${before.finalizedHead} became ${after.finalizedHead}`)
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  for (const [n, a] of before.blocks.entries()) {
    const b = after.blocks[n]
    if (b === undefined) {
      problems.push(`block ${n} is gone`)
      continue
    }
    if (a.hash !== b.hash) problems.push(`block ${n} hash ${a.hash} became ${b.hash}`)
    if (!same(a.header, b.header)) problems.push(`block ${n} header changed`)
    if (!same(a.block, b.block)) problems.push(`block ${n} body changed`)
    problems.push(...diffStates(a.state, b.state).map(line => `block ${n}: ${line}`))
  }
  if (!same(before.pending, after.pending))
    problems.push(`pending ${before.pending.length} extrinsics became ${after.pending.length}`)
  return problems
}

/** The keys whose values differ (added, removed or changed), as lines. */
export const diffStates = (
  a: ReadonlyMap<string, string>,
  b: ReadonlyMap<string, string>,
): string[] => {
  const lines: string[] = []
  for (const [key, value] of a) {
    const other = b.get(key)
    if (other === undefined) lines.push(`key ${key} removed`)
    else if (other !== value) lines.push(`key ${key} changed`)
  }
  for (const key of b.keys()) if (!a.has(key)) lines.push(`key ${key} added`)
  return lines
}

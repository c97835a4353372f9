import {
  buildGenesis,
  type ChangeSet,
  CODE_KEY,
  type GenesisOptions,
  type Header,
  headerHash,
  type Runtime,
} from '../../runtime/index.ts'
import { encodeHeader } from './header.ts'
import { extrinsicsRoot, stateRoot } from './roots.ts'

/** Block 0: its header, hash and state. */
export interface GenesisBlock {
  readonly header: Header
  readonly encodedHeader: Uint8Array
  readonly hash: Uint8Array
  readonly changes: ChangeSet
}

/**
 * Builds block 0 from the runtime's genesis config. `:code` holds `code`, the runtime's
 * identity: clients (PAPI) key their metadata cache by its hash.
 *
 * @example const genesis = buildGenesisBlock(runtime, runtimeCode(runtime), { accounts })
 */
export const buildGenesisBlock = (
  runtime: Runtime,
  code: Uint8Array,
  options: GenesisOptions,
): GenesisBlock => {
  const changes = new Map(buildGenesis(runtime, options))
  changes.set(CODE_KEY, code)
  const header: Header = {
    parentHash: new Uint8Array(32),
    number: 0,
    stateRoot: stateRoot(new Uint8Array(32), changes),
    extrinsicsRoot: extrinsicsRoot([]),
    digest: { logs: [] },
  }
  const encodedHeader = encodeHeader(header)
  return { header, encodedHeader, hash: headerHash(header), changes }
}

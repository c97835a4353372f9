import {
  type CritterClient,
  createClient,
  createCritterClient,
  createWsProvider,
} from '../client/index.ts'
import { createNodeRuntime } from '../node/index.ts'
import type { CritterNfts } from '../runtime/index.ts'

/** The node URL the CLI talks to unless `--node` says otherwise. */
export const DEFAULT_NODE_URL = 'ws://127.0.0.1:9944'

/**
 * A client of the node at `url`, speaking the runtime this CLI was built with (the schema is the
 * same code the node runs; a different spec version is refused by the client).
 */
export const connectCritter = (url: string): CritterClient => connectFollower(url, false).api

/**
 * A client for a long-running follower (the sync service): it reconnects with backoff when the
 * node restarts or the socket drops (unless `reconnect` is false), and comes with the CritterNfts
 * pallet whose storage items it reads.
 */
export const connectFollower = (
  url: string,
  reconnect = true,
): { api: CritterClient; critter: CritterNfts } => {
  const { runtime, critter } = createNodeRuntime({ dev: true })
  const client = createClient(createWsProvider(url, reconnect ? {} : { reconnect: false }))
  return { api: createCritterClient({ client, runtime }), critter }
}

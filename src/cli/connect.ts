import {
  type CritterClient,
  createClient,
  createCritterClient,
  createWsProvider,
} from '../client/index.ts'
import { createNodeRuntime } from '../node/index.ts'

/** The node URL the CLI talks to unless `--node` says otherwise. */
export const DEFAULT_NODE_URL = 'ws://127.0.0.1:9944'

/**
 * A client of the node at `url`, speaking the runtime this CLI was built with (the schema is the
 * same code the node runs; a different spec version is refused by the client).
 */
export const connectCritter = (url: string): CritterClient => {
  const { runtime } = createNodeRuntime({ dev: true })
  const client = createClient(createWsProvider(url, { reconnect: false }))
  return createCritterClient({ client, runtime })
}

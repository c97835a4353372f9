// A node in its own process for the sync benchmark: serves the dev chain at BASE_PATH and reports
// `{"type":"ready","url":…,"best":…}` on stdout. SIGTERM closes it.
//   tsx bench/sync/node-process.ts BASE_PATH manual|instant|MS
import { createNode, type SealMode } from '../../src/node/index.ts'
import { initCrypto } from '../../src/primitives/index.ts'
import { exitWithParent, report } from './processes.ts'

const [basePath, sealArg = 'manual'] = process.argv.slice(2)
if (basePath === undefined) throw new TypeError('usage: node-process.ts BASE_PATH [SEAL]')
const seal: SealMode =
  sealArg === 'manual' || sealArg === 'instant'
    ? { type: sealArg }
    : { type: 'interval', value: Number(sealArg) }

exitWithParent()
await initCrypto()
const node = await createNode({ dev: true, basePath, rpcPort: 0, seal })
report({ type: 'ready', url: node.url, best: node.chain.best.number })
process.once('SIGTERM', () => {
  void node.close().then(() => process.exit(0))
})

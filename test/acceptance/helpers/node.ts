import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CritterNode, createNode, type NodeOptions } from '../../../src/node/index.ts'
import { initCrypto } from '../../../src/primitives/index.ts'

/** What a test may choose; the port, the dev chain and (unless given) the base path are fixed. */
export interface TestNodeOptions extends Omit<NodeOptions, 'dev' | 'rpcPort' | 'basePath'> {
  /** Reuse a directory (e.g. to restart a chain); it is then left in place on close. */
  readonly basePath?: string
}

/** A dev node running in this process. */
export interface TestNode {
  /** `ws://127.0.0.1:<port>`. */
  readonly url: string
  readonly node: CritterNode
  /** Stops the node and removes its temporary directory. */
  close(): Promise<void>
}

/**
 * Starts a dev node in-process on a free port, in a fresh temporary directory, sealing instantly
 * unless told otherwise.
 *
 * @example
 * const { url, close } = await startTestNode({ seal: { type: 'manual' } })
 * // ... connect a client to url
 * await close()
 */
export const startTestNode = async (options: TestNodeOptions = {}): Promise<TestNode> => {
  await initCrypto()
  const { basePath: given, ...rest } = options
  const basePath = given ?? (await mkdtemp(join(tmpdir(), 'critter-acceptance-')))
  const removeDir = () =>
    given === undefined ? rm(basePath, { recursive: true, force: true }) : Promise.resolve()
  let node: CritterNode
  try {
    node = await createNode({ seal: { type: 'instant' }, ...rest, dev: true, rpcPort: 0, basePath })
  } catch (error) {
    await removeDir()
    throw error
  }
  return {
    url: node.url,
    node,
    async close() {
      try {
        await node.close()
      } finally {
        await removeDir()
      }
    },
  }
}

// Entry of the indexer's worker thread: indexes durable blocks on request, in large batches,
// and reports each committed batch to the main thread.
import { parentPort, workerData } from 'node:worker_threads'
import { indexNextBlocks } from './index-writer.ts'
import type { IndexerWorkerData, IndexerWorkerMessage } from './indexer.ts'
import { openChainEnv, openIndexEnv } from './lmdb-env.ts'

const data = workerData as IndexerWorkerData
const port = parentPort
const stopFlag = new Int32Array(data.stop)
const stopRequested = (): boolean => Atomics.load(stopFlag, 0) === 1
const post = (message: IndexerWorkerMessage): void => port?.postMessage(message)

const chain = openChainEnv(data.path)
const index = openIndexEnv(data.path, { writemap: data.writemap })
let target = -1
let running = false

const finish = async (): Promise<void> => {
  await Promise.all([chain.root.close(), index.root.close()])
  port?.close()
}

const run = async (): Promise<void> => {
  running = true
  try {
    while (!stopRequested()) {
      const start = performance.now()
      const batch = indexNextBlocks(chain, index, target, data.maxBatchChanges, stopRequested)
      if (batch === undefined) break
      post({ type: 'indexed', progress: { ...batch, ms: performance.now() - start } })
      // Let target and stop messages in between batches.
      await new Promise(resolve => setImmediate(resolve))
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) })
  }
  running = false
  if (stopRequested()) await finish()
}

port?.on('message', (message: { type: 'target'; upTo: number } | { type: 'stop' }) => {
  if (message.type === 'target') target = Math.max(target, message.upTo)
  if (!running) void run()
})

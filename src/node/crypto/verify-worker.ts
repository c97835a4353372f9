// The body of one verifier thread: loads the WebAssembly crypto once, then answers each batch
// with one verdict byte per check (1 valid, 0 not).
import { parentPort } from 'node:worker_threads'
import { initCrypto, verifySignature } from '../../primitives/index.ts'
import { unpackChecks } from './batch-codec.ts'

/** A batch sent to a worker. */
export interface VerifyRequest {
  readonly id: number
  readonly batch: ArrayBuffer
}

/** A worker's answer: verdicts, or why the batch failed. */
export type VerifyResponse =
  | { readonly id: number; readonly verdicts: Uint8Array }
  | { readonly id: number; readonly error: string }

const port = parentPort
if (port !== null) {
  // Listening at once: batches that arrive while the crypto loads wait on `ready`.
  const ready = initCrypto()
  port.on('message', async (request: VerifyRequest) => {
    let response: VerifyResponse
    try {
      await ready
      const checks = unpackChecks(request.batch)
      const verdicts = new Uint8Array(checks.length)
      for (let i = 0; i < checks.length; i++)
        verdicts[i] = verifySignature(checks[i] as (typeof checks)[number]) ? 1 : 0
      response = { id: request.id, verdicts }
    } catch (error) {
      response = { id: request.id, error: error instanceof Error ? error.message : String(error) }
    }
    port.postMessage(
      response,
      'verdicts' in response ? [response.verdicts.buffer as ArrayBuffer] : [],
    )
  })
}

import { hexToBytes } from '../primitives/index.ts'
import type { SealMode } from '../rpc/index.ts'
import { type RpcRequest, rpcCall } from './request.ts'

/**
 * The dev_* methods, for tests and tools against a node started with `--dev`.
 *
 * @example const hash = await client.request(dev.newBlock())
 */
export const dev = {
  /** `dev_newBlock`: builds `count` blocks (default 1) and returns the last one's hash. */
  newBlock: (count?: number): RpcRequest<Uint8Array> =>
    rpcCall('dev_newBlock', count === undefined ? [] : [{ count }], hexToBytes),
  /** `dev_setSealMode`: `instant`, `interval` (every `intervalMs`) or `manual`. */
  setSealMode: (mode: SealMode, intervalMs?: number): RpcRequest<null> =>
    rpcCall('dev_setSealMode', intervalMs === undefined ? [mode] : [mode, intervalMs]),
} as const

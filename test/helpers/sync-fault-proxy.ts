// A TCP proxy between a client and the node, whose connections a test destroys at will: a
// WebSocket dropped mid-frame, without a close handshake, as a flaky network drops it.
import { connect, createServer, type Socket } from 'node:net'

/** A running proxy. */
export interface DropProxy {
  /** `ws://127.0.0.1:<port>`: point the client here instead of at the node. */
  readonly url: string
  /** Connections made through it so far. */
  connections(): number
  /** Destroys every open connection (both sides, mid-stream); `reset` sends a TCP RST. */
  dropAll(reset?: boolean): number
  close(): Promise<void>
}

/**
 * Starts a proxy to `127.0.0.1:targetPort` on a free port.
 *
 * @example
 * const proxy = await startDropProxy(node.rpcPort)
 * const client = createClient(createWsProvider(proxy.url))
 * proxy.dropAll()
 */
export const startDropProxy = async (targetPort: number): Promise<DropProxy> => {
  const pairs = new Set<[Socket, Socket]>()
  let made = 0
  const server = createServer(downstream => {
    made++
    const upstream = connect(targetPort, '127.0.0.1')
    const pair: [Socket, Socket] = [downstream, upstream]
    pairs.add(pair)
    const end = () => {
      pairs.delete(pair)
      downstream.destroy()
      upstream.destroy()
    }
    for (const socket of pair) {
      socket.on('error', end)
      socket.on('close', end)
    }
    downstream.pipe(upstream)
    upstream.pipe(downstream)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port')
  return {
    url: `ws://127.0.0.1:${address.port}`,
    connections: () => made,
    dropAll(reset = false) {
      const open = [...pairs]
      pairs.clear()
      for (const [down, up] of open) {
        if (reset) down.resetAndDestroy()
        else down.destroy()
        up.destroy()
      }
      return open.length
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const [down, up] of pairs) {
          down.destroy()
          up.destroy()
        }
        pairs.clear()
        server.close(() => resolve())
      }),
  }
}

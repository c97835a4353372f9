import WebSocket from 'ws'

/** A bare JSON-RPC WebSocket for tests that must see exactly what the node sends. */
export interface RpcSocket {
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>
  /** Subscribes; `onResult` gets each notification's result. Resolves with the subscription id. */
  subscribe(method: string, params: unknown[], onResult: (result: unknown) => void): Promise<string>
  close(): void
}

/** Opens a socket to `url`; requests reject on a JSON-RPC error or when the socket drops. */
export const openRpcSocket = async (url: string): Promise<RpcSocket> => {
  const ws = new WebSocket(url)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  let nextId = 1
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>()
  const subscriptions = new Map<string, (result: unknown) => void>()
  const early = new Map<string, unknown[]>()
  ws.on('message', data => {
    const message = JSON.parse(String(data))
    if (message.id !== undefined) {
      const waiter = pending.get(message.id)
      pending.delete(message.id)
      if (message.error)
        waiter?.reject(Object.assign(new Error(message.error.message), message.error))
      else waiter?.resolve(message.result)
    } else if (message.params?.subscription !== undefined) {
      const id = String(message.params.subscription)
      const listener = subscriptions.get(id)
      if (listener) listener(message.params.result)
      else early.set(id, [...(early.get(id) ?? []), message.params.result])
    }
  })
  ws.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('socket closed'))
    pending.clear()
  })
  const request = <T>(method: string, params: unknown[] = []): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve: v => resolve(v as T), reject })
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }))
    })
  return {
    request,
    async subscribe(method, params, onResult) {
      const id = String(await request(method, params))
      subscriptions.set(id, onResult)
      for (const result of early.get(id) ?? []) onResult(result)
      early.delete(id)
      return id
    },
    close: () => ws.close(),
  }
}

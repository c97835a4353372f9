// The transport seam, shaped like polkadot-api's `JsonRpcProvider` so providers can be swapped in
// either direction: a provider is a function that opens a connection and hands every incoming
// message to `onMessage`. The optional `onStatus` is our addition; a provider that does not know
// about it (PAPI's) still type-checks, and a client over it just never sees a status change.

/** An open connection: send one JSON-RPC message (or batch) as text, or close it for good. */
export interface JsonRpcConnection {
  send(message: string): void
  disconnect(): void
}

/** Where a provider's connection stands. */
export type ConnectionStatus =
  | { readonly type: 'connecting'; readonly attempt: number }
  | { readonly type: 'connected' }
  /** The socket dropped; the provider reconnects in `retryInMs` (absent when it gave up). */
  | { readonly type: 'disconnected'; readonly reason: string; readonly retryInMs?: number }
  /** Closed for good: `disconnect()` was called, or reconnecting was turned off or exhausted. */
  | { readonly type: 'closed'; readonly reason: string }

/**
 * Opens a connection. Messages sent before the connection is up are queued and flushed when it
 * opens; messages sent while disconnected are queued until the provider reconnects.
 *
 * @example
 * const provider: JsonRpcProvider = onMessage => {
 *   const socket = open(url)
 *   socket.onmessage = e => onMessage(String(e.data))
 *   return { send: m => socket.send(m), disconnect: () => socket.close() }
 * }
 */
export type JsonRpcProvider = (
  onMessage: (message: string) => void,
  onStatus?: (status: ConnectionStatus) => void,
) => JsonRpcConnection

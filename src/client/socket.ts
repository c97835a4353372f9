import WebSocket from 'ws'

/** What a provider needs from one socket: send text, close, and optionally ping. */
export interface SocketLike {
  send(text: string): void
  /** Closes the socket; `onClose` follows (at most once). */
  close(): void
  /** Sends a transport-level ping; `onPong` answers it. Absent: no heartbeat. */
  ping?(): void
}

/** What a socket reports. `onClose` is called exactly once, whether or not it ever opened. */
export interface SocketEvents {
  onOpen(): void
  onMessage(text: string): void
  onClose(reason: string): void
  onPong(): void
}

/** Opens one socket to `url`, reporting through `events`. */
export type SocketFactory = (url: string, events: SocketEvents) => SocketLike

const decoder = new TextDecoder()

/** Text of a frame as `ws` hands it over (a Buffer, a list of Buffers, or an ArrayBuffer). */
const frameText = (data: WebSocket.RawData): string =>
  Array.isArray(data)
    ? decoder.decode(Buffer.concat(data))
    : decoder.decode(data instanceof ArrayBuffer ? new Uint8Array(data) : data)

/**
 * A socket from the `ws` package (Node 20 has no global WebSocket client). Errors always end in
 * `onClose`: `ws` emits `close` after `error`, and `terminate()` makes sure of it.
 *
 * @example const socket = wsSocket('ws://127.0.0.1:9944', events)
 */
export const wsSocket: SocketFactory = (url, events) => {
  let closed = false
  const close = (reason: string) => {
    if (closed) return
    closed = true
    events.onClose(reason)
  }
  const ws = new WebSocket(url)
  ws.on('open', () => events.onOpen())
  ws.on('message', data => {
    if (!closed) events.onMessage(frameText(data))
  })
  ws.on('pong', () => events.onPong())
  ws.on('error', error => {
    ws.terminate()
    close(error.message)
  })
  ws.on('close', (code, reason) =>
    close(`closed with code ${code}${reason.length > 0 ? `: ${reason}` : ''}`),
  )
  return {
    send: text => ws.send(text),
    close: () => {
      ws.terminate()
      close('closed by the client')
    },
    ping: () => ws.ping(),
  }
}

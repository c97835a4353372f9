/** Where the server reports what it cannot answer to anyone: handler bugs, dropped connections. */
export interface RpcServerLogger {
  /** A handler threw something other than an `RpcError`, or an unsubscribe failed. */
  error(message: string, cause?: unknown): void
  /** A connection was dropped or refused (too slow a reader, too big a message, too many). */
  warn(message: string): void
}

const describe = (cause: unknown): string =>
  cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause)

/** Writes to stderr, one line per event (plus the stack of a cause). */
export const stderrLogger: RpcServerLogger = {
  error: (message, cause) =>
    process.stderr.write(
      `rpc error: ${message}${cause === undefined ? '' : `\n${describe(cause)}`}\n`,
    ),
  warn: message => process.stderr.write(`rpc warning: ${message}\n`),
}

/** Drops everything (tests that provoke errors on purpose). */
export const silentLogger: RpcServerLogger = { error: () => {}, warn: () => {} }

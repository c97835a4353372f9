/** Structured log fields. */
export type LogFields = Readonly<Record<string, unknown>>

/** Where a service (the node, the sync service) writes what happens to it; the CLI supplies one, the default is silent. */
export interface Logger {
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/** A logger that drops everything (tests, embedding). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

import type { LogFields, Logger } from '../node/index.ts'

const render = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`
  if (value instanceof Error) return { name: value.name, message: value.message }
  if (typeof value === 'bigint') return value.toString()
  return value
}

/**
 * A logger on stderr: one JSON object per line when stderr is not a terminal (for log
 * collectors), `time level message key=value` lines when it is.
 */
export const createConsoleLogger = (stream: NodeJS.WriteStream = process.stderr): Logger => {
  const write = (level: string, message: string, fields: LogFields = {}): void => {
    const entries = Object.entries(fields).map(([k, v]) => [k, render(v)] as const)
    if (stream.isTTY) {
      const time = new Date().toISOString().slice(11, 23)
      const rest = entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      stream.write(`${time} ${level.padEnd(5)} ${message} ${rest.join(' ')}\n`)
    } else {
      stream.write(
        `${JSON.stringify({ time: new Date().toISOString(), level, message, ...Object.fromEntries(entries) })}\n`,
      )
    }
  }
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  }
}

/**
 * A one-line reason from anything thrown, for logs and `lastError`: the message, with its
 * cause's code and message when they add something (fetch says only "fetch failed").
 *
 * @example reasonOf(new TypeError('fetch failed', { cause: econnrefused })) // 'fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)'
 */
export const reasonOf = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    const detail = typeof code === 'string' ? `${code}: ${cause.message}` : cause.message
    if (detail !== '' && !error.message.includes(detail)) return `${error.message} (${detail})`
  }
  return error.message === '' ? error.name : error.message
}

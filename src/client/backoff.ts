/** Exponential backoff between reconnect attempts. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. */
  readonly minDelayMs: number
  /** Upper bound of any delay, in ms. */
  readonly maxDelayMs: number
  /** Growth per failed attempt (2 doubles the delay each time). */
  readonly factor: number
}

/** 250 ms, doubling, capped at 10 s: quick after a blip, gentle on a node that is down. */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({
  minDelayMs: 250,
  maxDelayMs: 10_000,
  factor: 2,
})

/**
 * The delay before retry `attempt` (0 for the first): `min * factor^attempt`, capped, with "equal
 * jitter" (half fixed, half random) so that many clients dropped by one node restart do not all
 * reconnect in the same instant, while each still waits at least half its step.
 *
 * @example backoffDelay(3, DEFAULT_BACKOFF, () => 0.5) // 1500
 */
export const backoffDelay = (
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number => {
  const step = Math.min(options.maxDelayMs, options.minDelayMs * options.factor ** attempt)
  return Math.round(step / 2 + (step / 2) * random())
}

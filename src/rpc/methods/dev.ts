// dev_*: test controls (chopsticks-style). Nodes under test run in manual mode and call these.
import { z } from 'zod'
import { HashJson, SealMode } from '../json.ts'
import { optional, positional, required } from '../params.ts'
import { call } from './define.ts'

/** The most blocks one `dev_newBlock` call may build. */
export const MAX_NEW_BLOCKS = 10_000
/** The longest interval `dev_setSealMode` accepts (one hour). */
export const MAX_SEAL_INTERVAL_MS = 3_600_000

/** The dev_* methods. */
export const DEV_METHODS = {
  /** `dev_newBlock [{ count? }?]`: builds `count` blocks (default 1); returns the last hash. */
  dev_newBlock: call({
    name: 'dev_newBlock',
    params: positional(
      optional(
        'options',
        z.strictObject({ count: z.number().int().min(1).max(MAX_NEW_BLOCKS).nullish() }),
      ),
    ).transform(p => ({ count: p.options?.count ?? 1 })),
    result: HashJson,
  }),
  /** `dev_setSealMode [mode, intervalMs?]`: `instant`, `interval` (every `intervalMs`) or `manual`. */
  dev_setSealMode: call({
    name: 'dev_setSealMode',
    params: positional(
      required('mode', SealMode),
      optional('intervalMs', z.number().int().min(1).max(MAX_SEAL_INTERVAL_MS)),
    ),
    result: z.null(),
  }),
} as const

import type { Page } from '../types.ts'

/** Rows a listing returns when its page names no limit. */
export const DEFAULT_PAGE_LIMIT = 100

/** Most rows one call returns, whatever it asks for: a listing never loads a whole table. */
export const MAX_PAGE_LIMIT = 10_000

/** A row count as a query limit: whole, from 0 to `MAX_PAGE_LIMIT`; `fallback` when absent or not a number. */
export const limitOf = (limit: number | undefined, fallback = DEFAULT_PAGE_LIMIT): number =>
  limit === undefined || Number.isNaN(limit)
    ? fallback
    : Math.min(MAX_PAGE_LIMIT, Math.max(0, Math.floor(limit)))

/**
 * A page as query bounds: rows after `after` (-1, before every id and sequence number, when
 * absent), at most `limit`.
 *
 * @example pageOf({ after: 99 }) // { after: 99, limit: 100 }
 */
export const pageOf = (page: Page = {}): { after: number; limit: number } => ({
  after: page.after === undefined || !Number.isFinite(page.after) ? -1 : page.after,
  limit: limitOf(page.limit),
})

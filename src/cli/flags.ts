import { type ParseArgsConfig, parseArgs } from 'node:util'
import type { z } from 'zod'
import { UsageError } from './cli-error.ts'

/** Flags and positionals of one command line, checked by a zod schema. */
export interface ParsedFlags<T> {
  readonly flags: T
  readonly positionals: readonly string[]
}

/**
 * Parses a command's arguments with `node:util`'s `parseArgs` (every option a string or boolean)
 * and validates the flags with `schema`; any problem is a `UsageError` naming the flag.
 *
 * @example const { flags } = parseFlags(args, { db: { type: 'string' } }, z.object({ db: z.string() }))
 */
export const parseFlags = <S extends z.ZodType>(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: S,
  allowPositionals = false,
): ParsedFlags<z.infer<S>> => {
  let parsed: { values: Record<string, unknown>; positionals: string[] }
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const result = schema.safeParse(parsed.values)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue?.path.length ? `--${issue.path.join('.')}: ` : ''
    throw new UsageError(`${where}${issue?.message ?? 'invalid flags'}`)
  }
  return { flags: result.data, positionals: parsed.positionals }
}

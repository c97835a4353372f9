import { z } from 'zod'
import { NodeFault } from './errors.ts'

const SealModeSchema = z.union([
  z.object({ type: z.literal('instant') }),
  z.object({ type: z.literal('manual') }),
  z.object({ type: z.literal('interval'), value: z.number().int().min(1).max(3_600_000) }),
])

// The scalar options a caller may get wrong; functions and nested configs are checked where they
// are used (the CritterNfts config by `resolveCritterConfig`, the RPC limits by the server).
const NodeOptionsSchema = z.object({
  basePath: z.string().min(1).optional(),
  dev: z.boolean().optional(),
  rpcPort: z.number().int().min(0).max(65_535).optional(),
  rpcHost: z.string().min(1).optional(),
  seal: SealModeSchema.optional(),
  blockLimits: z
    .object({ maxWeight: z.bigint().positive(), maxLength: z.number().int().positive() })
    .optional(),
  verifierThreads: z.number().int().min(1).max(64).optional(),
})

/**
 * Checks `createNode`'s options, throwing `NodeFault('INVALID_OPTIONS')` that names the first
 * bad one: a node that starts on a wrong port or with zero block space helps nobody.
 */
export const checkNodeOptions = (options: unknown): void => {
  const parsed = NodeOptionsSchema.safeParse(options)
  if (parsed.success) return
  const issue = parsed.error.issues[0]
  throw new NodeFault(
    'INVALID_OPTIONS',
    `${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`,
  )
}

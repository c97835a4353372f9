import { describe, expect, it } from 'vitest'
import type { PoolRejection } from '../txpool/index.ts'
import { rejectionToRpcError } from './author-handlers.ts'

describe('pool rejections on the wire', () => {
  it("answers each with Substrate's author error code, message and reason", () => {
    const cases: [PoolRejection, { code: number; message: string; data?: string }][] = [
      [
        { type: 'BadFormat', value: 'bad version' },
        { code: 1001, message: 'Extrinsic has invalid format: bad version' },
      ],
      [
        { type: 'VerificationFailed', value: 'worker exited' },
        { code: 1002, message: 'Verification Error', data: 'worker exited' },
      ],
      [
        { type: 'Invalid', value: { type: 'Stale' } },
        { code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' },
      ],
      [
        { type: 'Invalid', value: { type: 'BadProof' } },
        { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' },
      ],
      [
        { type: 'Invalid', value: { type: 'Custom', value: 7 } },
        { code: 1010, message: 'Invalid Transaction', data: 'Custom error: 7' },
      ],
      [
        { type: 'Unknown', value: { type: 'CannotLookup' } },
        { code: 1011, message: 'Unknown Transaction Validity', data: 'CannotLookup' },
      ],
      [{ type: 'TemporarilyBanned' }, { code: 1012, message: 'Transaction is temporarily banned' }],
      [
        { type: 'AlreadyImported', value: Uint8Array.of(0xab, 0x01) },
        { code: 1013, message: 'Transaction Already Imported', data: '0xab01' },
      ],
      [
        { type: 'TooLowPriority', value: { old: 5n, new: 1n } },
        { code: 1014, message: 'Priority is too low: (5 vs 1)' },
      ],
      [
        { type: 'ImmediatelyDropped', value: { limit: 'maxFutureCount', max: 16 } },
        {
          code: 1016,
          message: 'Immediately Dropped',
          data: "The transaction couldn't enter the pool because of the limit: the future queue is full (16)",
        },
      ],
    ]
    for (const [rejection, expected] of cases)
      expect(rejectionToRpcError(rejection).toJSON()).toMatchObject(expected)
  })
})

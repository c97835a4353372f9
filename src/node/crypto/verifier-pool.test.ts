// The verifier pool: verdicts equal single-threaded verifySignature, adaptive batches, closing,
// and crashed workers failing their jobs with a code instead of hanging.

import { describe, expect, test } from 'vitest'
import {
  CryptoInputError,
  devKeypair,
  type SignatureCheck,
  utf8,
  verifySignature,
} from '../../primitives/index.ts'
import { packChecks, unpackChecks } from './batch-codec.ts'
import { createVerifierPool } from './verifier-pool.ts'

const flip = (bytes: Uint8Array, at: number): Uint8Array => {
  const out = bytes.slice()
  out[at % out.length] = (out[at % out.length] as number) ^ 0x10
  return out
}

/** Valid and forged checks of both schemes, plus ECDSA (which never verifies). */
const mixedChecks = (count: number): SignatureCheck[] => {
  const signers = [devKeypair('Alice'), devKeypair('Bob', 'Ed25519'), devKeypair('Eve')]
  const checks: SignatureCheck[] = []
  for (let i = 0; i < count; i++) {
    const signer = signers[i % signers.length] as (typeof signers)[number]
    const message = utf8(`payload ${i} `.repeat(1 + (i % 30)))
    const signature = signer.sign(message)
    const check = { scheme: signer.scheme, publicKey: signer.publicKey, message, signature }
    switch (i % 5) {
      case 1:
        checks.push({ ...check, signature: flip(signature, i) })
        break
      case 2:
        checks.push({ ...check, message: flip(message, i) })
        break
      case 3:
        checks.push({ ...check, publicKey: devKeypair('Dave', signer.scheme).publicKey })
        break
      case 4:
        checks.push(
          i % 2 === 0
            ? check
            : {
                scheme: 'Ecdsa',
                publicKey: signer.publicKey,
                message,
                signature: new Uint8Array(65),
              },
        )
        break
      default:
        checks.push(check)
    }
  }
  return checks
}

test('batches survive packing byte for byte', () => {
  const checks = mixedChecks(20)
  expect(unpackChecks(packChecks(checks))).toEqual(checks)
})

describe('verdicts', () => {
  test('equal verifySignature, in order, for one large job and many small ones', async () => {
    const pool = createVerifierPool({ workers: 2, maxBatch: 16 })
    try {
      expect(pool.size).toBe(2)
      const checks = mixedChecks(300)
      const expected = checks.map(verifySignature)
      expect(expected.filter(Boolean).length).toBeGreaterThan(50)
      expect(expected.some(v => !v)).toBe(true)
      expect(await pool.verify(checks)).toEqual(expected)
      const singles = await Promise.all(checks.map(check => pool.verify([check])))
      expect(singles.map(([v]) => v)).toEqual(expected)
      expect(pool.pending()).toBe(0)
    } finally {
      await pool.close()
    }
  })

  test('an empty job answers at once; the default size is one worker per core', async () => {
    const pool = createVerifierPool()
    try {
      expect(pool.size).toBeGreaterThanOrEqual(1)
      expect(await pool.verify([])).toEqual([])
    } finally {
      await pool.close()
    }
  })

  test('keys and signatures of the wrong length reject with CryptoInputError', async () => {
    const pool = createVerifierPool({ workers: 1 })
    try {
      const [check] = mixedChecks(1) as [SignatureCheck]
      await expect(
        pool.verify([{ ...check, publicKey: check.publicKey.subarray(1) }]),
      ).rejects.toBeInstanceOf(CryptoInputError)
      await expect(
        pool.verify([{ ...check, signature: new Uint8Array(65) }]),
      ).rejects.toBeInstanceOf(CryptoInputError)
      await expect(
        pool.verify([{ ...check, scheme: 'Ecdsa', signature: new Uint8Array(300) }]),
      ).rejects.toBeInstanceOf(CryptoInputError)
      expect(await pool.verify([check])).toEqual([true])
    } finally {
      await pool.close()
    }
  })
})

describe('lifecycle', () => {
  test('close() rejects pending jobs and later ones with VERIFIER_CLOSED', async () => {
    const pool = createVerifierPool({ workers: 1, maxBatch: 4 })
    const pending = pool.verify(mixedChecks(200))
    const closing = pool.close()
    await expect(pending).rejects.toMatchObject({ code: 'VERIFIER_CLOSED' })
    await closing
    await expect(pool.verify(mixedChecks(1))).rejects.toMatchObject({ code: 'VERIFIER_CLOSED' })
    await pool.close()
  })

  test('a crashed worker fails its jobs with VERIFIER_CRASHED and is replaced', async () => {
    const pool = createVerifierPool({
      workers: 1,
      workerUrl: new URL('./fixtures/crash-worker.ts', import.meta.url),
    })
    try {
      const [good] = mixedChecks(1) as [SignatureCheck]
      expect(await pool.verify([good])).toEqual([true])
      const crash = { ...good, message: utf8('crash') }
      await expect(pool.verify([good, crash])).rejects.toMatchObject({ code: 'VERIFIER_CRASHED' })
      expect(await pool.verify([good, good])).toEqual([true, true])
      expect(pool.pending()).toBe(0)
    } finally {
      await pool.close()
    }
  })

  test('workers that cannot start stop the pool with VERIFIER_FAILED instead of hanging', async () => {
    const pool = createVerifierPool({
      workers: 1,
      workerUrl: new URL('./fixtures/missing-worker.ts', import.meta.url),
    })
    const [check] = mixedChecks(1) as [SignatureCheck]
    await expect(pool.verify([check])).rejects.toMatchObject({
      code: expect.stringMatching(/^VERIFIER_(CRASHED|FAILED)$/),
    })
    // Keep asking until the pool gives up on respawning.
    let code = ''
    for (let i = 0; i < 10 && code !== 'VERIFIER_FAILED'; i++) {
      code = await pool.verify([check]).then(
        () => 'resolved',
        (error: { code: string }) => error.code,
      )
    }
    expect(code).toBe('VERIFIER_FAILED')
    await pool.close()
  })
})

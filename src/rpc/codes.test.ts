import { describe, expect, it } from 'vitest'
import {
  INVALID_TRANSACTION_REASONS,
  invalidCount,
  invalidTransaction,
  RPC_ERRORS,
  RpcError,
  rpcError,
  toRpcError,
  unknownBlock,
  unknownTransaction,
} from './index.ts'

describe('RPC_ERRORS', () => {
  it('has the exact texts clients match on', () => {
    expect(RPC_ERRORS.MethodNotFound).toEqual({ code: -32601, message: 'Method not found' })
    expect(RPC_ERRORS.InvalidTransaction).toEqual({ code: 1010, message: 'Invalid Transaction' })
    expect(RPC_ERRORS.AlreadyImported).toEqual({
      code: 1013,
      message: 'Transaction Already Imported',
    })
  })

  it('uses the standard codes and the Substrate author range', () => {
    expect(RPC_ERRORS.ParseError.code).toBe(-32700)
    expect(RPC_ERRORS.InvalidRequest.code).toBe(-32600)
    expect(RPC_ERRORS.InvalidParams.code).toBe(-32602)
    expect(RPC_ERRORS.InternalError.code).toBe(-32603)
    for (const name of [
      'BadFormat',
      'VerificationError',
      'InvalidTransaction',
      'UnknownTransactionValidity',
      'TemporarilyBanned',
      'AlreadyImported',
      'TooLowPriority',
      'ImmediatelyDropped',
    ] as const) {
      expect(RPC_ERRORS[name].code).toBeGreaterThanOrEqual(1001)
      expect(RPC_ERRORS[name].code).toBeLessThanOrEqual(1016)
    }
  })
})

describe('RpcError', () => {
  it('serialises without data when there is none', () => {
    expect(rpcError('MethodNotFound').toJSON()).toEqual({
      code: -32601,
      message: 'Method not found',
    })
    expect(JSON.stringify(rpcError('MethodNotFound'))).toBe(
      '{"code":-32601,"message":"Method not found"}',
    )
  })

  it('appends details as Substrate does and keeps data', () => {
    const e = rpcError('BadFormat', { detail: 'Could not decode', data: 'x' })
    expect(e.toJSON()).toEqual({
      code: 1001,
      message: 'Extrinsic has invalid format: Could not decode',
      data: 'x',
    })
  })

  it('normalises unknown throws to -32603 and keeps the cause', () => {
    const cause = new TypeError('boom')
    const e = toRpcError(cause)
    expect(e.toJSON()).toEqual({ code: -32603, message: 'Internal error' })
    expect(e.cause).toBe(cause)
    const same = new RpcError(7, 'seven')
    expect(toRpcError(same)).toBe(same)
    expect(toRpcError('a string').code).toBe(-32603)
  })
})

describe('pool and state helpers', () => {
  it('gives every InvalidTransaction reason in data', () => {
    for (const [type, reason] of Object.entries(INVALID_TRANSACTION_REASONS)) {
      const e = invalidTransaction({ type: type as keyof typeof INVALID_TRANSACTION_REASONS })
      expect(e.toJSON()).toEqual({ code: 1010, message: 'Invalid Transaction', data: reason })
    }
    expect(invalidTransaction({ type: 'Custom', value: 3 }).data).toBe('Custom error: 3')
    expect(invalidTransaction({ type: 'BadProof' }).data).toBe('Transaction has a bad signature')
  })

  it('formats unknown validity as Rust Debug', () => {
    expect(unknownTransaction({ type: 'CannotLookup' }).toJSON()).toEqual({
      code: 1011,
      message: 'Unknown Transaction Validity',
      data: 'CannotLookup',
    })
    expect(unknownTransaction({ type: 'Custom', value: 2 }).data).toBe('Custom(2)')
  })

  it('says " not found" for unknown blocks (Subsquid matches on it)', () => {
    const hash = `0x${'ab'.repeat(32)}`
    const state = unknownBlock(hash)
    expect(state.code).toBe(4003)
    expect(state.message).toContain(' not found')
    expect(state.message).toContain(hash)
    expect(unknownBlock(hash, 'chain').code).toBe(3002)
  })

  it('reports an oversized key page as Substrate does', () => {
    expect(invalidCount(1001, 1000).toJSON()).toEqual({
      code: 4002,
      message: 'count exceeds maximum value. value: 1001, max: 1000',
    })
  })
})

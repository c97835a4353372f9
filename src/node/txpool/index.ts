// Public surface of src/node/txpool: the transaction pool.
export { createTxPool, DEFAULT_TXPOOL_LIMITS } from './pool.ts'
export {
  describeLimit,
  type InvalidTransaction,
  type PoolLimit,
  type PoolRejection,
  type UnknownTransaction,
} from './rejection.ts'
export type {
  ExtrinsicStatus,
  ParseRejection,
  PoolBlock,
  PoolExtrinsic,
  PoolParseResult,
  PoolSigned,
  PoolTransaction,
  ReadyTransactions,
  SignatureCheck,
  StatusListener,
  SubmitResult,
  TxPool,
  TxPoolLimits,
  TxPoolOptions,
} from './types.ts'

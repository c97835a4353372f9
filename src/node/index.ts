// Public surface of src/node: block production, the pool, the store and the JSON-RPC server,
// composed by `createNode`.
export {
  type BlockAuthor,
  type BlockAuthorOptions,
  createBlockAuthor,
  type SealMode,
} from './chain/block-author.ts'
export {
  type BlockLimits,
  type BlockRef,
  Chain,
  type ChainOptions,
  DEFAULT_BLOCK_LIMITS,
  type ImportedBlock,
} from './chain/chain.ts'
export { buildGenesisBlock, type GenesisBlock } from './chain/genesis-block.ts'
export {
  decodeHeader,
  encodeHeader,
  headerToJson,
} from './chain/header.ts'
export { changesDigest, extrinsicsRoot, stateRoot } from './chain/roots.ts'
export {
  createVerifierPool,
  type VerifierPool,
  type VerifierPoolOptions,
} from './crypto/index.ts'
export { NodeFault, type NodeFaultCode } from './errors.ts'
export { type LogFields, type Logger, silentLogger } from './logger.ts'
export { type CritterNode, createNode, type NodeOptions } from './node.ts'
export { createNodeRuntime, type NodeRuntime, type NodeRuntimeOptions } from './node-runtime.ts'

// Public surface of src/client: a typed JSON-RPC client for the critter node, over a provider
// function (WebSocket, or anything shaped like polkadot-api's JsonRpcProvider).
export { author, type ExtrinsicStatus, extrinsicStatusFromJson, isFinalStatus } from './author.ts'
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts'
export { type Block, chain } from './chain.ts'
export {
  type BatchItem,
  type BatchResults,
  type Client,
  type ClientOptions,
  createClient,
  type Subscription,
  type SubscriptionHandlers,
  unwrap,
} from './client.ts'
export {
  type AtOptions,
  type CallOutcome,
  type CritterClient,
  type CritterClientOptions,
  createCritterClient,
  type Mortality,
  type SignedTransaction,
  type SignOptions,
  type SubmitOptions,
  type SubmitResult,
} from './critter-client.ts'
export { dev } from './dev.ts'
export {
  ChainContinuityError,
  ClientUsageError,
  ConnectionError,
  type ConnectionErrorCode,
  RequestTimeoutError,
  ResponseFormatError,
  RuntimeMismatchError,
  TransactionError,
  type TransactionErrorCode,
} from './errors.ts'
export { type FollowOptions, fetchHeaders, followFinalizedHeads } from './follow.ts'
export { type BytesLike, toHexParam } from './hash.ts'
export { type BlockHeader, headerFromJson } from './header.ts'
export { type SubscriptionIteratorOptions, subscriptionIterator } from './iterate.ts'
export type { ConnectionStatus, JsonRpcConnection, JsonRpcProvider } from './provider.ts'
export {
  type RemoteReadOptions,
  readRemote,
  remoteKeys,
  remoteValues,
} from './remote-storage.ts'
export {
  type MethodResult,
  type RpcRequest,
  rpcCall,
  rpcSubscription,
  type SubscriptionRequest,
} from './request.ts'
export { type SocketEvents, type SocketFactory, type SocketLike, wsSocket } from './socket.ts'
export { type StorageChangeSet, state } from './state.ts'
export { system } from './system.ts'
export {
  createWsProvider,
  type ReconnectOptions,
  type WsProviderOptions,
} from './ws-provider.ts'

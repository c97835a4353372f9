import { bytesToHex } from '../../primitives/index.ts'
import type { ExtrinsicStatusJson, RuntimeVersionJson } from '../../rpc/index.ts'
import type { RuntimeVersion } from '../../runtime/index.ts'
import type { ExtrinsicStatus } from '../txpool/index.ts'

/** The runtime version as `state_getRuntimeVersion` serves it. */
export const runtimeVersionToJson = (version: RuntimeVersion): RuntimeVersionJson => ({
  specName: version.spec_name,
  implName: version.impl_name,
  authoringVersion: version.authoring_version,
  specVersion: version.spec_version,
  implVersion: version.impl_version,
  apis: version.apis.map(([id, v]) => [bytesToHex(id), v] as const),
  transactionVersion: version.transaction_version,
  stateVersion: version.state_version,
})

/** A pool status as `author_extrinsicUpdate` serves it. */
export const statusToJson = (status: ExtrinsicStatus): ExtrinsicStatusJson => {
  switch (status.type) {
    case 'future':
    case 'ready':
    case 'dropped':
    case 'invalid':
      return status.type
    case 'inBlock':
      return { inBlock: bytesToHex(status.value) }
    case 'finalized':
      return { finalized: bytesToHex(status.value) }
    case 'finalityTimeout':
      return { finalityTimeout: bytesToHex(status.value) }
    case 'usurped':
      return { usurped: bytesToHex(status.value) }
  }
}

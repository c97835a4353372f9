// Public surface of src/runtime/metadata: metadata v14 and `:code`, derived from the runtime's schema.

export {
  buildMetadata,
  METADATA_MAGIC,
  metadataAtVersion,
  metadataV14,
  metadataVersions,
} from './build.ts'
export { CODE_KEY, runtimeCode } from './code.ts'
export { MetadataFault } from './metadata-fault.ts'

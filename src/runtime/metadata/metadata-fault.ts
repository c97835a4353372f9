import { CritterFault } from '../../primitives/index.ts'

/** The runtime's schema cannot be described as metadata (a bug in a pallet's types). */
export class MetadataFault extends CritterFault {
  override readonly name = 'MetadataFault'
  readonly code = 'METADATA_FAULT'
}

import type { StorageBackend, StorageIO } from '../../runtime/index.ts'
import { NodeFault } from '../errors.ts'

/**
 * Typed storage items read through a `StorageIO`; this one reads a block's committed state and
 * refuses writes, which would be a bug in a read path.
 *
 * @example const info = runtime.system.storage.Account.get(readOnlyIO(state), who)
 */
export const readOnlyIO = (backend: StorageBackend): StorageIO => ({
  get: key => backend.get(key),
  has: key => backend.get(key) !== undefined,
  keys: (prefix, startAfter) => backend.keys(prefix, startAfter),
  set() {
    throw new NodeFault('INVALID_OPTIONS', 'write through a read-only view of committed state')
  },
  delete() {
    throw new NodeFault('INVALID_OPTIONS', 'write through a read-only view of committed state')
  },
})

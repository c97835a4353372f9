import { blake2_256, bytesToHex, utf8 } from '../../primitives/index.ts'
import type { Runtime } from '../runtime.ts'
import { buildMetadata } from './build.ts'

/** The well-known storage key `:code`, which holds the runtime's code on a Substrate chain. */
export const CODE_KEY = '3a636f6465'

const cache = new WeakMap<Runtime, Uint8Array>()

/**
 * What the node stores at `:code`. There is no Wasm blob, so it is an identity string: the spec
 * name and version and the hash of the metadata. Clients (PAPI) key their metadata cache on the
 * hash of `:code`, so it must change whenever the metadata does, and it does.
 *
 * @example fromUtf8(runtimeCode(runtime)) // 'critter-node/100/metadata:0x…'
 */
export const runtimeCode = (runtime: Runtime): Uint8Array => {
  let code = cache.get(runtime)
  if (code === undefined) {
    const { spec_name, spec_version } = runtime.version
    const hash = bytesToHex(blake2_256(buildMetadata(runtime)))
    code = utf8(`${spec_name}/${spec_version}/metadata:${hash}`)
    cache.set(runtime, code)
  }
  return code.slice()
}

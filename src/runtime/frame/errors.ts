import { enumeration, type Shape } from '../../primitives/index.ts'
import type { DispatchError } from './types.ts'

/** A pallet's error enum: its shape (for metadata) and typed constructors of module errors. */
export interface PalletErrors<N extends string> {
  readonly shape: Shape<N>
  readonly names: readonly N[]
  /** The `DispatchError::Module` value of the named error. */
  error(name: N): DispatchError
  /** The error name of a module error index, if it is one of this pallet's. */
  readonly nameOf: (errorIndex: number) => N | undefined
}

/**
 * Declares a pallet's errors in index order, each with its doc line.
 *
 * @example
 * const errors = defineErrors(8, ['pallet_critter_nfts', 'pallet', 'Error'], { PetNotFound: 'No pet has this id.' })
 * errors.error('PetNotFound') // { type: 'Module', value: { index: 8, error: Uint8Array [0, 0, 0, 0] } }
 */
export const defineErrors = <const D extends Record<string, string>>(
  palletIndex: number,
  path: readonly string[],
  docs: D,
): PalletErrors<keyof D & string> => {
  type N = keyof D & string
  const names = Object.keys(docs) as N[]
  const cache = new Map<N, DispatchError>()
  names.forEach((name, i) => {
    cache.set(
      name,
      Object.freeze({
        type: 'Module',
        value: Object.freeze({ index: palletIndex, error: new Uint8Array([i, 0, 0, 0]) }),
      }) as DispatchError,
    )
  })
  const variantDocs = Object.fromEntries(names.map(name => [name, [docs[name] as string]]))
  return {
    shape: enumeration(path, names, { params: [{ name: 'T', type: undefined }], variantDocs }),
    names,
    error: name => cache.get(name) as DispatchError,
    nameOf: index => names[index],
  }
}

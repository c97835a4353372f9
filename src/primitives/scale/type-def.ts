/**
 * A description of a SCALE type in the vocabulary of scale-info (the type registry inside
 * Substrate metadata v14). Every codec carries one, so metadata is derived from the same object
 * the bytes are encoded with and the two cannot drift.
 */
export type TypeDef =
  | { readonly tag: 'primitive'; readonly name: PrimitiveName }
  | { readonly tag: 'compact'; readonly of: TypeDef }
  | { readonly tag: 'sequence'; readonly of: TypeDef }
  | { readonly tag: 'array'; readonly length: number; readonly of: TypeDef }
  | { readonly tag: 'tuple'; readonly items: readonly TypeDef[] }
  | {
      readonly tag: 'composite'
      readonly path: readonly string[]
      readonly params: readonly TypeParam[]
      readonly fields: readonly FieldDef[]
      readonly docs: readonly string[]
    }
  | {
      readonly tag: 'variant'
      readonly path: readonly string[]
      readonly params: readonly TypeParam[]
      readonly variants: readonly VariantDef[]
      readonly docs: readonly string[]
    }
  /** Named fields with no type of their own: the payload of an enum variant. */
  | { readonly tag: 'fields'; readonly fields: readonly FieldDef[] }

/** scale-info primitive names. */
export type PrimitiveName = 'bool' | 'str' | 'u8' | 'u16' | 'u32' | 'u64' | 'u128'

/** A field of a composite or variant; unnamed fields have `name: undefined`. */
export interface FieldDef {
  readonly name: string | undefined
  readonly type: TypeDef
  /** The Rust type name clients show, e.g. `PetId` or `BlockNumberFor<T>`. */
  readonly typeName: string | undefined
  readonly docs: readonly string[]
}

/** One variant of an enum, with its explicit SCALE index. */
export interface VariantDef {
  readonly name: string
  readonly index: number
  readonly fields: readonly FieldDef[]
  readonly docs: readonly string[]
}

/** A generic parameter as metadata lists it (`type` absent for const generics such as bounds). */
export interface TypeParam {
  readonly name: string
  readonly type: TypeDef | undefined
}

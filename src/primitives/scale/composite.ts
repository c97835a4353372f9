import { DecodeError, EncodeError } from '../errors.ts'
import { assertBytes } from './primitives.ts'
import type { Reader } from './reader.ts'
import { type AnyShape, createShape, type Infer, type Shape } from './shape.ts'
import type { FieldDef, TypeDef, TypeParam, VariantDef } from './type-def.ts'
import type { Writer } from './writer.ts'

/** Options shared by the named-type constructors. */
export interface TypeOptions {
  /** Doc lines shown by clients. */
  readonly docs?: readonly string[]
  /** Generic parameters as metadata lists them, e.g. `[{ name: 'T', type: undefined }]`. */
  readonly params?: readonly TypeParam[]
}

const fieldDefs = (fields: Record<string, AnyShape>): FieldDef[] =>
  Object.entries(fields).map(([name, shape]) => ({
    name,
    type: shape.def,
    typeName: shape.typeName,
    docs: [],
  }))

/** The fewest bytes a value of `def` can encode to. */
export const minEncodedSize = (def: TypeDef): number => {
  switch (def.tag) {
    case 'primitive':
      return { bool: 1, str: 1, u8: 1, u16: 2, u32: 4, u64: 8, u128: 16 }[def.name]
    case 'compact':
    case 'sequence':
    case 'variant':
      return 1
    case 'array':
      return def.length * minEncodedSize(def.of)
    case 'tuple':
      return def.items.reduce((sum, item) => sum + minEncodedSize(item), 0)
    case 'composite':
    case 'fields':
      return def.fields.reduce((sum, field) => sum + minEncodedSize(field.type), 0)
  }
}

// Zero-size elements (such as `()`) cannot be checked against the input length; cap them instead.
const MAX_ZERO_SIZE_ELEMENTS = 1 << 16

const lengthReader = (of: TypeDef) => {
  const min = minEncodedSize(of)
  return (r: Reader): number => {
    const length = r.compact()
    // A claimed length the remaining input cannot hold is malformed; checking first stops a
    // hostile length prefix from driving a long loop or a huge allocation.
    if (min > 0 ? length * min > r.remaining : length > MAX_ZERO_SIZE_ELEMENTS) {
      throw new DecodeError(`sequence length ${length} exceeds input`)
    }
    return length
  }
}

/**
 * `Vec<T>`.
 *
 * @example const PetIds = vec(u32)
 */
export const vec = <T>(of: Shape<T>): Shape<T[]> => {
  const readLength = lengthReader(of.def)
  return createShape(
    { tag: 'sequence', of: of.def },
    (w, v) => {
      w.compact(v.length)
      for (const item of v) of.encodeTo(w, item)
    },
    r => {
      const length = readLength(r)
      const out: T[] = new Array(length)
      for (let i = 0; i < length; i++) out[i] = of.decodeFrom(r)
      return out
    },
  )
}

const boundedDef = (of: TypeDef, docs: readonly string[]): TypeDef => ({
  tag: 'composite',
  path: ['bounded_collections', 'bounded_vec', 'BoundedVec'],
  params: [
    { name: 'T', type: of },
    { name: 'S', type: undefined },
  ],
  fields: [{ name: undefined, type: { tag: 'sequence', of }, typeName: `Vec<T>`, docs: [] }],
  docs,
})

/**
 * `BoundedVec<T, S>`: a `Vec<T>` of at most `max` items. Longer input does not decode and longer
 * values do not encode.
 *
 * @example const Traits = boundedVec(boundedBytes(32), 8)
 */
export const boundedVec = <T>(of: Shape<T>, max: number): Shape<T[]> => {
  const readLength = lengthReader(of.def)
  return createShape(
    boundedDef(of.def, []),
    (w, v) => {
      if (v.length > max) throw new EncodeError(`BoundedVec holds at most ${max}, got ${v.length}`)
      w.compact(v.length)
      for (const item of v) of.encodeTo(w, item)
    },
    r => {
      const length = readLength(r)
      if (length > max) throw new DecodeError(`BoundedVec holds at most ${max}, got ${length}`)
      const out: T[] = new Array(length)
      for (let i = 0; i < length; i++) out[i] = of.decodeFrom(r)
      return out
    },
  )
}

/** `BoundedVec<u8, S>`: at most `max` bytes. */
export const boundedBytes = (max: number): Shape<Uint8Array> =>
  createShape(
    boundedDef({ tag: 'primitive', name: 'u8' }, []),
    (w, v) => {
      assertBytes(v, 'BoundedVec<u8>')
      if (v.length > max)
        throw new EncodeError(`BoundedVec<u8> holds at most ${max}, got ${v.length}`)
      w.compact(v.length)
      w.raw(v)
    },
    r => {
      const length = r.compact()
      if (length > max) throw new DecodeError(`BoundedVec<u8> holds at most ${max}, got ${length}`)
      return r.raw(length)
    },
  )

/**
 * `Option<T>`, as `T | undefined`.
 *
 * @example encode(option(u32), undefined) // Uint8Array [0]
 */
export const option = <T>(of: Shape<T>): Shape<T | undefined> => {
  // `T | undefined` cannot tell `Some` of an empty or optional value from `None`; refuse such
  // types up front instead of decoding them wrongly.
  if (minEncodedSize(of.def) === 0 || (of.def.tag === 'variant' && of.def.path[0] === 'Option')) {
    throw new EncodeError('option() of a zero-size or optional type is ambiguous')
  }
  return createShape(
    {
      tag: 'variant',
      path: ['Option'],
      params: [{ name: 'T', type: of.def }],
      variants: [
        { name: 'None', index: 0, fields: [], docs: [] },
        {
          name: 'Some',
          index: 1,
          fields: [{ name: undefined, type: of.def, typeName: 'T', docs: [] }],
          docs: [],
        },
      ],
      docs: [],
    },
    (w, v) => {
      if (v === undefined) w.u8(0)
      else {
        w.u8(1)
        of.encodeTo(w, v)
      }
    },
    r => {
      const tag = r.u8()
      if (tag === 0) return undefined
      if (tag === 1) return of.decodeFrom(r)
      throw new DecodeError(`invalid Option tag ${tag}`)
    },
  )
}

type InferTuple<S extends readonly AnyShape[]> = { -readonly [K in keyof S]: Infer<S[K]> }

/**
 * `(A, B, ...)`.
 *
 * @example const Pair = tuple(u32, bool)
 */
export const tuple = <const S extends readonly AnyShape[]>(...items: S): Shape<InferTuple<S>> =>
  createShape(
    { tag: 'tuple', items: items.map(s => s.def) },
    (w, v) => {
      for (let i = 0; i < items.length; i++) (items[i] as AnyShape).encodeTo(w, v[i])
    },
    r => items.map(s => s.decodeFrom(r)) as InferTuple<S>,
  )

type InferFields<F extends Record<string, AnyShape>> = { [K in keyof F]: Infer<F[K]> }

/**
 * Compiles a field list into straight-line encode and decode functions. Generated code reads
 * each field by a constant name and builds decoded values with one object literal, so every
 * value of a struct shares one hidden class: about twice as fast as a loop over the fields, on
 * the runtime's hottest path. The generated text holds only field names, quoted with
 * `JSON.stringify`, and shape references passed as arguments.
 */
const fieldsCodec = <F extends Record<string, AnyShape>>(fields: F) => {
  const keys = Object.keys(fields)
  // JavaScript orders integer-like keys first, which would silently reorder SCALE fields.
  const numeric = keys.find(k => /^(0|[1-9][0-9]*)$/.test(k))
  if (numeric !== undefined)
    throw new EncodeError(`field name '${numeric}' would be reordered; use a name`)
  const shapes = keys.map(k => fields[k] as AnyShape)
  const names = keys.map(k => JSON.stringify(k))
  const params = keys.map((_, i) => `s${i}`)
  const encodeBody = names.map((n, i) => `s${i}.encodeTo(w, v[${n}])`).join('\n')
  const decodeBody = `return {${names.map((n, i) => `[${n}]: s${i}.decodeFrom(r)`).join(', ')}}`
  const makeEncode = new Function(
    ...params,
    `return function encodeFields(w, v) {\n${encodeBody}\n}`,
  )
  const makeDecode = new Function(...params, `return function decodeFields(r) {\n${decodeBody}\n}`)
  return {
    encodeTo: makeEncode(...shapes) as (w: Writer, v: InferFields<F>) => void,
    decodeFrom: makeDecode(...shapes) as (r: Reader) => InferFields<F>,
  }
}

/**
 * A Rust struct: named fields, encoded in declaration order.
 *
 * @example
 * const Weight = struct(['sp_weights', 'weight_v2', 'Weight'], { ref_time: compactU64, proof_size: compactU64 })
 */
export const struct = <F extends Record<string, AnyShape>>(
  path: readonly string[],
  fields: F,
  options: TypeOptions = {},
): Shape<InferFields<F>> => {
  const codec = fieldsCodec(fields)
  return createShape(
    {
      tag: 'composite',
      path,
      params: options.params ?? [],
      fields: fieldDefs(fields),
      docs: options.docs ?? [],
    },
    codec.encodeTo,
    codec.decodeFrom,
  )
}

/**
 * Named fields with no type of their own: the payload of a variant (a call's arguments, an
 * event's fields).
 *
 * @example variant(path, { Transferred: fields({ from: AccountId, to: AccountId }) })
 */
export const fields = <F extends Record<string, AnyShape>>(spec: F): Shape<InferFields<F>> => {
  const codec = fieldsCodec(spec)
  return createShape({ tag: 'fields', fields: fieldDefs(spec) }, codec.encodeTo, codec.decodeFrom)
}

/**
 * Unnamed fields with no type of their own, as a tuple value: the payload of a variant such as
 * `Seal(ConsensusEngineId, Vec<u8>)`. (A single unnamed field needs no wrapper: pass its shape.)
 *
 * @example variant(path, { Seal: unnamedFields(fixedBytes(4), bytes) })
 */
export const unnamedFields = <const S extends readonly AnyShape[]>(
  ...items: S
): Shape<InferTuple<S>> => {
  const codec = tuple(...items)
  return createShape(
    {
      tag: 'fields',
      fields: items.map(s => ({ name: undefined, type: s.def, typeName: s.typeName, docs: [] })),
    },
    codec.encodeTo,
    codec.decodeFrom,
  )
}

/**
 * A Rust enum without data, as a union of its variant names. Encodes as the variant's index byte.
 *
 * @example const Element = enumeration(['pallet', 'ElementType'], ['Neutral', 'Fire'] as const)
 */
export const enumeration = <const N extends readonly string[]>(
  path: readonly string[],
  names: N,
  options: Omit<VariantOptions, 'indices'> = {},
): Shape<N[number]> => {
  const index = new Map<string, number>(names.map((n, i) => [n, i]))
  return createShape(
    {
      tag: 'variant',
      path,
      params: options.params ?? [],
      variants: names.map((name, i) => ({
        name,
        index: i,
        fields: [],
        docs: options.variantDocs?.[name] ?? [],
      })),
      docs: options.docs ?? [],
    },
    (w, v) => {
      const i = index.get(v)
      if (i === undefined) throw new EncodeError(`${path.join('::')} has no variant ${String(v)}`)
      w.u8(i)
    },
    r => {
      const i = r.u8()
      const name = names[i]
      if (name === undefined) throw new DecodeError(`${path.join('::')} has no variant index ${i}`)
      return name
    },
  )
}

/** Variant payloads: `null` for a unit variant, or a shape (usually `fields({...})`). */
export type VariantSpec = Record<string, AnyShape | null>

/** The tagged union `{ type, value }` a variant spec decodes to; unit variants have no `value`. */
export type VariantValue<S extends VariantSpec> = {
  [K in keyof S & string]: S[K] extends Shape<infer V> ? { type: K; value: V } : { type: K }
}[keyof S & string]

/** Options of `variant`: explicit indices for variants whose index is not their position. */
export interface VariantOptions extends TypeOptions {
  readonly indices?: Readonly<Record<string, number>>
  /** Doc lines per variant name. */
  readonly variantDocs?: Readonly<Record<string, readonly string[]>>
}

const variantFields = (shape: AnyShape | null): FieldDef[] => {
  if (shape === null) return []
  if (shape.def.tag === 'fields') return [...shape.def.fields]
  return [{ name: undefined, type: shape.def, typeName: shape.typeName, docs: [] }]
}

/**
 * A Rust enum with data, as the tagged union `{ type, value }`.
 *
 * @example
 * const Phase = variant(['frame_system', 'Phase'], { ApplyExtrinsic: u32, Finalization: null, Initialization: null })
 * encode(Phase, { type: 'ApplyExtrinsic', value: 2 }) // Uint8Array [0, 2, 0, 0, 0]
 */
export const variant = <S extends VariantSpec>(
  path: readonly string[],
  spec: S,
  options: VariantOptions = {},
): Shape<VariantValue<S>> => {
  const names = Object.keys(spec)
  const byName = new Map<string, { index: number; shape: AnyShape | null }>()
  const byIndex: ({ name: string; shape: AnyShape | null } | undefined)[] = new Array(256)
  const variants: VariantDef[] = names.map((name, position) => {
    const index = options.indices?.[name] ?? position
    if (!Number.isInteger(index) || index < 0 || index > 255) {
      throw new EncodeError(`${path.join('::')}: variant index ${index} is not a u8`)
    }
    const shape = spec[name] ?? null
    if (byIndex[index] !== undefined)
      throw new EncodeError(`${path.join('::')}: index ${index} used twice`)
    byName.set(name, { index, shape })
    byIndex[index] = { name, shape }
    return { name, index, fields: variantFields(shape), docs: options.variantDocs?.[name] ?? [] }
  })
  const label = path.join('::')
  return createShape(
    {
      tag: 'variant',
      path,
      params: options.params ?? [],
      variants: variants.sort((a, b) => a.index - b.index),
      docs: options.docs ?? [],
    },
    (w, v) => {
      const entry = byName.get(v.type)
      if (entry === undefined) throw new EncodeError(`${label} has no variant ${v.type}`)
      w.u8(entry.index)
      if (entry.shape !== null) entry.shape.encodeTo(w, (v as { value: unknown }).value)
    },
    r => {
      const index = r.u8()
      const entry = byIndex[index]
      if (entry === undefined) throw new DecodeError(`${label} has no variant index ${index}`)
      if (entry.shape === null) return { type: entry.name } as VariantValue<S>
      return { type: entry.name, value: entry.shape.decodeFrom(r) } as VariantValue<S>
    },
  )
}

/**
 * `Result<T, E>` as `{ type: 'Ok', value } | { type: 'Err', value }`.
 */
export const result = <T, E>(ok: Shape<T>, err: Shape<E>) =>
  variant(
    ['Result'],
    { Ok: ok, Err: err },
    {
      params: [
        { name: 'T', type: ok.def },
        { name: 'E', type: err.def },
      ],
    },
  )

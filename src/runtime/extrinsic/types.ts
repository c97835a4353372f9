// The types an extrinsic is made of, with the exact metadata paths the clients pattern-match on
// (../shared/docs/substrate-wire.md sections 2.1 and 2.3).
import {
  type AccountId,
  AccountId32,
  type AnyShape,
  bytes,
  compactU32,
  compactU128,
  createShape,
  DecodeError,
  EncodeError,
  fixedBytes,
  type Infer,
  named,
  type Shape,
  type TypeDef,
  type TypeParam,
  u32,
  unit,
  type VariantDef,
  variant,
} from '../../primitives/index.ts'
import { H256 } from '../frame/types.ts'
import type { Runtime } from '../runtime.ts'

/** The extrinsic format version this chain speaks. */
export const EXTRINSIC_VERSION = 4

const T_PARAM: readonly TypeParam[] = [{ name: 'T', type: undefined }]

/** A composite with one unnamed field: encodes exactly as `inner`. */
const newtype = <T>(
  path: readonly string[],
  inner: Shape<T>,
  fieldTypeName: string,
  params: readonly TypeParam[] = [],
): Shape<T> =>
  createShape(
    {
      tag: 'composite',
      path,
      params,
      fields: [{ name: undefined, type: inner.def, typeName: fieldTypeName, docs: [] }],
      docs: [],
    },
    (w, v) => inner.encodeTo(w, v),
    r => inner.decodeFrom(r),
  )

/**
 * `Compact<()>`: Substrate chains declare `MultiAddress<AccountId32, ()>`, and a compact unit
 * encodes as nothing.
 */
const CompactUnit: Shape<undefined> = createShape(
  { tag: 'compact', of: unit.def },
  () => {},
  () => undefined,
  'AccountIndex',
)

/**
 * `sp_runtime::multiaddress::MultiAddress<AccountId32, ()>`. The node accepts only `Id` as a
 * signer; the other variants exist so that the type is the one clients alias.
 *
 * @example encode(MultiAddress, { type: 'Id', value: alice }) // 0x00 ++ alice
 */
export const MultiAddress = variant(
  ['sp_runtime', 'multiaddress', 'MultiAddress'],
  {
    Id: named(AccountId32, 'AccountId'),
    Index: CompactUnit,
    Raw: named(bytes, 'Vec<u8>'),
    Address32: named(fixedBytes(32), '[u8; 32]'),
    Address20: named(fixedBytes(20), '[u8; 20]'),
  },
  {
    params: [
      { name: 'AccountId', type: AccountId32.def },
      { name: 'AccountIndex', type: unit.def },
    ],
  },
)
/** An address in an extrinsic: `{ type: 'Id', value: accountId }` for every signer we accept. */
export type MultiAddressValue = Infer<typeof MultiAddress>

const signatureShape = (scheme: string, length: number) =>
  newtype(['sp_core', scheme, 'Signature'], fixedBytes(length), `[u8; ${length}]`)

/**
 * `sp_runtime::MultiSignature`: ed25519 and sr25519 signatures are 64 bytes, ecdsa 65.
 *
 * @example encode(MultiSignature, { type: 'Sr25519', value: signature }) // 0x01 ++ signature
 */
export const MultiSignature = variant(['sp_runtime', 'MultiSignature'], {
  Ed25519: named(signatureShape('ed25519', 64), 'ed25519::Signature'),
  Sr25519: named(signatureShape('sr25519', 64), 'sr25519::Signature'),
  Ecdsa: named(signatureShape('ecdsa', 65), 'ecdsa::Signature'),
})
/** A signature with its scheme. */
export type MultiSignatureValue = Infer<typeof MultiSignature>

/** A transaction's lifetime: immortal, or valid for `period` blocks from its birth block. */
export type EraValue =
  | { readonly type: 'Immortal' }
  | { readonly type: 'Mortal'; readonly period: number; readonly phase: number }

const ERA_VARIANTS: VariantDef[] = Array.from({ length: 256 }, (_, i) =>
  i === 0
    ? { name: 'Immortal', index: 0, fields: [], docs: [] }
    : {
        name: `Mortal${i}`,
        index: i,
        fields: [
          {
            name: undefined,
            type: { tag: 'primitive', name: 'u8' },
            typeName: undefined,
            docs: [],
          },
        ],
        docs: [],
      },
)

/** The two-byte form of a mortal era, or a reason it has none (era.rs `Encode`). */
const eraBits = (period: number, phase: number): number | string => {
  if (!Number.isInteger(period) || period < 4 || period > 1 << 16 || (period & (period - 1)) !== 0)
    return `era period ${period} is not a power of two from 4 to 65536`
  if (!Number.isInteger(phase) || phase < 0 || phase >= period)
    return `era phase ${phase} is not below its period ${period}`
  const quantum = Math.max(period >> 12, 1)
  if (phase % quantum !== 0) return `era phase ${phase} is not a multiple of ${quantum}`
  return (Math.log2(period) - 1) | ((phase / quantum) << 4)
}

/**
 * `sp_runtime::generic::era::Era`: `0x00` for immortal, else two bytes (LE) holding
 * `log2(period) - 1` in the low four bits and the quantized phase above them. Metadata describes it
 * as 256 variants (`Immortal`, `Mortal1`..`Mortal255` each with one `u8`), which is the same bytes.
 * Only the canonical form encodes and decodes.
 *
 * @example encode(Era, { type: 'Mortal', period: 64, phase: 5 }) // Uint8Array [0x55, 0x00]
 */
export const Era: Shape<EraValue> = createShape(
  {
    tag: 'variant',
    path: ['sp_runtime', 'generic', 'era', 'Era'],
    params: [],
    variants: ERA_VARIANTS,
    docs: [],
  },
  (w, v) => {
    if (v.type === 'Immortal') {
      w.u8(0)
      return
    }
    if (v.type !== 'Mortal')
      throw new EncodeError(`Era has no variant ${String((v as EraValue).type)}`)
    const bits = eraBits(v.period, v.phase)
    if (typeof bits === 'string') throw new EncodeError(bits)
    w.u16(bits)
  },
  r => {
    const first = r.u8()
    if (first === 0) return { type: 'Immortal' }
    const encoded = first | (r.u8() << 8)
    const period = 2 << (encoded & 0xf)
    const phase = (encoded >> 4) * Math.max(period >> 12, 1)
    // era.rs refuses these; every other two-byte value is the canonical form of its era.
    if (period < 4 || phase >= period)
      throw new DecodeError(`invalid era 0x${encoded.toString(16)}`)
    return { type: 'Mortal', period, phase }
  },
  'Era',
)

/** A zero-size signed extension: it adds checks (and maybe signed data), but no bytes. */
const marker = (path: readonly string[]): Shape<undefined> =>
  createShape(
    { tag: 'composite', path, params: T_PARAM, fields: [], docs: [] },
    () => {},
    () => undefined,
  )

const systemExtension = (module: string, name: string) => [
  'frame_system',
  'extensions',
  module,
  name,
]

/** `frame_system::extensions::check_non_zero_sender::CheckNonZeroSender`. */
export const CheckNonZeroSender = marker(
  systemExtension('check_non_zero_sender', 'CheckNonZeroSender'),
)
/** `frame_system::extensions::check_spec_version::CheckSpecVersion`. */
export const CheckSpecVersion = marker(systemExtension('check_spec_version', 'CheckSpecVersion'))
/** `frame_system::extensions::check_tx_version::CheckTxVersion`. */
export const CheckTxVersion = marker(systemExtension('check_tx_version', 'CheckTxVersion'))
/** `frame_system::extensions::check_genesis::CheckGenesis`. */
export const CheckGenesis = marker(systemExtension('check_genesis', 'CheckGenesis'))
/** `frame_system::extensions::check_mortality::CheckMortality`: the era. */
export const CheckMortality = newtype(
  systemExtension('check_mortality', 'CheckMortality'),
  Era,
  'Era',
  T_PARAM,
)
/** `frame_system::extensions::check_nonce::CheckNonce`: the nonce, `Compact<u32>`. */
export const CheckNonce = newtype(
  systemExtension('check_nonce', 'CheckNonce'),
  compactU32,
  'T::Nonce',
  T_PARAM,
)
/** `frame_system::extensions::check_weight::CheckWeight`. */
export const CheckWeight = marker(systemExtension('check_weight', 'CheckWeight'))
/** `pallet_transaction_payment::ChargeTransactionPayment`: the tip, `Compact<u128>`. */
export const ChargeTransactionPayment = newtype(
  ['pallet_transaction_payment', 'ChargeTransactionPayment'],
  compactU128,
  'BalanceOf<T>',
  T_PARAM,
)

/** One signed extension: its bytes in the extrinsic and its data only in the signed payload. */
export interface SignedExtensionDef {
  /** The name clients know it by (polkadot-js and PAPI match on it). */
  readonly identifier: string
  /** What it adds to the extrinsic's bytes. */
  readonly type: AnyShape
  /** What it adds to the signed payload only. */
  readonly additionalSigned: AnyShape
}

const ext = (identifier: string, type: AnyShape, additionalSigned: AnyShape) => ({
  identifier,
  type,
  additionalSigned,
})

/** The signed extensions, in the order of the `Extra` tuple and of the signed payload. */
export const SIGNED_EXTENSIONS: readonly SignedExtensionDef[] = Object.freeze([
  ext('CheckNonZeroSender', CheckNonZeroSender, unit),
  ext('CheckSpecVersion', CheckSpecVersion, u32),
  ext('CheckTxVersion', CheckTxVersion, u32),
  ext('CheckGenesis', CheckGenesis, H256),
  ext('CheckMortality', CheckMortality as AnyShape, H256),
  ext('CheckNonce', CheckNonce as AnyShape, unit),
  ext('CheckWeight', CheckWeight, unit),
  ext('ChargeTransactionPayment', ChargeTransactionPayment as AnyShape, unit),
])

/** The data the signed extensions put in a signed extrinsic. */
export interface SignedExtra {
  readonly era: EraValue
  readonly nonce: number
  readonly tip: bigint
}

/**
 * The `Extra` tuple of a signed extrinsic: era, then `Compact` nonce, then `Compact` tip (the
 * zero-size extensions add nothing).
 *
 * @example encode(SignedExtra, { era: { type: 'Immortal' }, nonce: 1, tip: 0n }) // Uint8Array [0, 4, 0]
 */
export const SignedExtra: Shape<SignedExtra> = createShape(
  { tag: 'tuple', items: SIGNED_EXTENSIONS.map(e => e.type.def) },
  (w, v) => {
    CheckMortality.encodeTo(w, v.era)
    CheckNonce.encodeTo(w, v.nonce)
    ChargeTransactionPayment.encodeTo(w, v.tip)
  },
  r => ({
    era: CheckMortality.decodeFrom(r),
    nonce: CheckNonce.decodeFrom(r),
    tip: ChargeTransactionPayment.decodeFrom(r),
  }),
)

/**
 * The `sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic` type of a runtime, as
 * metadata's `extrinsic.type` names it: opaque bytes, with the parts in its parameters.
 *
 * @example uncheckedExtrinsicDef(runtime).params.map(p => p.name) // ['Address', 'Call', 'Signature', 'Extra']
 */
export const uncheckedExtrinsicDef = (
  runtime: Pick<Runtime, 'RuntimeCall'>,
): Extract<TypeDef, { tag: 'composite' }> => ({
  tag: 'composite',
  path: ['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic'],
  params: [
    { name: 'Address', type: MultiAddress.def },
    { name: 'Call', type: runtime.RuntimeCall.def },
    { name: 'Signature', type: MultiSignature.def },
    { name: 'Extra', type: SignedExtra.def },
  ],
  fields: [{ name: undefined, type: bytes.def, typeName: undefined, docs: [] }],
  docs: [],
})

/** The account id of an `Id` address, or `undefined` for the address kinds we do not resolve. */
export const addressAccount = (address: MultiAddressValue): AccountId | undefined =>
  address.type === 'Id' ? address.value : undefined

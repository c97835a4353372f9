import {
  bytes,
  fixedBytes,
  type Infer,
  named,
  str,
  struct,
  tuple,
  u8,
  u32,
  u128,
  vec,
} from '../../primitives/index.ts'

/** `pallet_balances::types::ExtraFlags`. */
const ExtraFlags = struct(['pallet_balances', 'types', 'ExtraFlags'], { bits: u128 })

/**
 * `pallet_balances::types::AccountData`. critter has no currency; the standard layout is kept
 * (zeroed) because explorers and wallets read it.
 */
export const AccountData = struct(
  ['pallet_balances', 'types', 'AccountData'],
  { free: u128, reserved: u128, frozen: u128, flags: ExtraFlags },
  { params: [{ name: 'Balance', type: u128.def }] },
)

/** `frame_system::AccountInfo`: the account's nonce plus Substrate's reference counters. */
export const AccountInfo = struct(
  ['frame_system', 'AccountInfo'],
  {
    nonce: named(u32, 'Nonce'),
    consumers: u32,
    providers: u32,
    sufficients: u32,
    data: AccountData,
  },
  {
    params: [
      { name: 'Nonce', type: u32.def },
      { name: 'AccountData', type: AccountData.def },
    ],
  },
)
/** An account's record in `System.Account`. */
export type AccountInfo = Infer<typeof AccountInfo>

/** The zeroed `AccountInfo` of an account that has never transacted. */
export const EMPTY_ACCOUNT: AccountInfo = Object.freeze({
  nonce: 0,
  consumers: 0,
  providers: 0,
  sufficients: 0,
  data: Object.freeze({ free: 0n, reserved: 0n, frozen: 0n, flags: Object.freeze({ bits: 0n }) }),
})

/** `sp_version::RuntimeVersion`, as served by `state_getRuntimeVersion` and `System.Version`. */
export const RuntimeVersion = struct(['sp_version', 'RuntimeVersion'], {
  spec_name: named(str, 'RuntimeString'),
  impl_name: named(str, 'RuntimeString'),
  authoring_version: u32,
  spec_version: u32,
  impl_version: u32,
  apis: named(vec(tuple(fixedBytes(8), u32)), 'ApisVec'),
  transaction_version: u32,
  state_version: u8,
})
/** The runtime's identity and the runtime APIs it offers. */
export type RuntimeVersion = Infer<typeof RuntimeVersion>

/** A remark's bytes. */
export const Remark = named(bytes, 'Vec<u8>')

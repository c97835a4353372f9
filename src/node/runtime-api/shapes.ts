import { bool, bytes, option, result, struct, u64, u128, vec } from '../../primitives/index.ts'
import { DispatchClass, TransactionValidityError, Weight } from '../../runtime/index.ts'

/** `sp_runtime::transaction_validity::ValidTransaction`. */
export const ValidTransaction = struct(['sp_runtime', 'transaction_validity', 'ValidTransaction'], {
  priority: u64,
  requires: vec(bytes),
  provides: vec(bytes),
  longevity: u64,
  propagate: bool,
})

/** `TransactionValidity`: what `TaggedTransactionQueue_validate_transaction` returns. */
export const TransactionValidity = result(ValidTransaction, TransactionValidityError)

/** `pallet_transaction_payment::RuntimeDispatchInfo`, the answer to `query_info`. */
export const RuntimeDispatchInfo = struct(
  ['pallet_transaction_payment', 'types', 'RuntimeDispatchInfo'],
  { weight: Weight, class: DispatchClass, partial_fee: u128 },
)

const InclusionFee = struct(['pallet_transaction_payment', 'types', 'InclusionFee'], {
  base_fee: u128,
  len_fee: u128,
  adjusted_weight_fee: u128,
})

/** `pallet_transaction_payment::FeeDetails`, the answer to `query_fee_details`. */
export const FeeDetails = struct(['pallet_transaction_payment', 'types', 'FeeDetails'], {
  inclusion_fee: option(InclusionFee),
  tip: u128,
})

import { base58Decode, base58Encode } from './base58.ts'
import { bytesEqual, concatBytes, utf8 } from './bytes.ts'
import { InvalidFormatError } from './errors.ts'
import { blake2_512 } from './hashing.ts'
import { hexToBytes, isHex } from './hex.ts'
import { fixedBytes } from './scale/primitives.ts'
import { createShape, type Shape } from './scale/shape.ts'

/** A 32-byte account id (an sr25519 or ed25519 public key). */
export type AccountId = Uint8Array

/** The SS58 prefix of this chain (42: the generic Substrate prefix). */
export const SS58_PREFIX = 42

const raw32 = fixedBytes(32)

/** `sp_core::crypto::AccountId32`: 32 raw bytes. */
export const AccountId32: Shape<AccountId> = createShape(
  {
    tag: 'composite',
    path: ['sp_core', 'crypto', 'AccountId32'],
    params: [],
    fields: [{ name: undefined, type: raw32.def, typeName: '[u8; 32]', docs: [] }],
    docs: [],
  },
  (w, v) => raw32.encodeTo(w, v),
  r => raw32.decodeFrom(r),
  'T::AccountId',
)

const SS58_PRE = utf8('SS58PRE')

const prefixBytes = (prefix: number): Uint8Array => {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 16383) {
    throw new InvalidFormatError(`SS58 prefix out of range: ${prefix}`)
  }
  if (prefix < 64) return new Uint8Array([prefix])
  return new Uint8Array([((prefix & 0xfc) >> 2) | 0x40, (prefix >> 8) | ((prefix & 0x03) << 6)])
}

/**
 * The SS58 address of an account id.
 *
 * @example ss58Encode(aliceId) // '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
 */
export const ss58Encode = (account: AccountId, prefix: number = SS58_PREFIX): string => {
  if (account.length !== 32)
    throw new InvalidFormatError(`account id must be 32 bytes, got ${account.length}`)
  const body = concatBytes(prefixBytes(prefix), account)
  const checksum = blake2_512(concatBytes(SS58_PRE, body)).subarray(0, 2)
  return base58Encode(concatBytes(body, checksum))
}

/**
 * The account id and prefix of an SS58 address. Throws `InvalidFormatError` on a bad checksum,
 * length or alphabet.
 */
export const ss58Decode = (address: string): { account: AccountId; prefix: number } => {
  const data = base58Decode(address)
  const first = data[0]
  if (first === undefined || first > 127)
    throw new InvalidFormatError(`not an SS58 address: ${address}`)
  const prefixLength = first < 64 ? 1 : 2
  if (data.length !== prefixLength + 32 + 2) {
    throw new InvalidFormatError(`SS58 address does not hold a 32-byte account: ${address}`)
  }
  const body = data.subarray(0, prefixLength + 32)
  const checksum = blake2_512(concatBytes(SS58_PRE, body)).subarray(0, 2)
  if (!bytesEqual(checksum, data.subarray(prefixLength + 32))) {
    throw new InvalidFormatError(`SS58 checksum mismatch: ${address}`)
  }
  const second = data[1] as number
  const prefix =
    prefixLength === 1 ? first : ((first & 0x3f) << 2) | (second >> 6) | ((second & 0x3f) << 8)
  return { account: data.slice(prefixLength, prefixLength + 32), prefix }
}

/**
 * An account id from an SS58 address or 32-byte hex. Throws `InvalidFormatError` otherwise.
 *
 * @example parseAccountId('0xd435...') // Uint8Array(32)
 */
export const parseAccountId = (text: string): AccountId => {
  if (isHex(text)) {
    const bytes = hexToBytes(text)
    if (bytes.length !== 32)
      throw new InvalidFormatError(`account id must be 32 bytes, got ${bytes.length}`)
    return bytes
  }
  return ss58Decode(text).account
}

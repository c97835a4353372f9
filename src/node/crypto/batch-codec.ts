// One batch of signature checks in one transferable ArrayBuffer, so a batch crosses to a worker
// without structured-clone copies of each field:
//   u32 count, then per check: u8 scheme, u8 key length, u8 signature length, u32 message length,
//   key, signature, message.
import type { SignatureCheck, SignatureScheme } from '../../primitives/index.ts'

const SCHEMES: readonly SignatureScheme[] = ['Ed25519', 'Sr25519', 'Ecdsa']
const CHECK_HEADER = 7

/** Packs checks into a fresh buffer (never a view of shared memory, so it can be transferred). */
export const packChecks = (checks: readonly SignatureCheck[]): ArrayBuffer => {
  let size = 4
  for (const c of checks)
    size += CHECK_HEADER + c.publicKey.length + c.signature.length + c.message.length
  const buffer = new ArrayBuffer(size)
  const bytes = new Uint8Array(buffer)
  const view = new DataView(buffer)
  view.setUint32(0, checks.length, true)
  let at = 4
  for (const c of checks) {
    bytes[at] = SCHEMES.indexOf(c.scheme)
    bytes[at + 1] = c.publicKey.length
    bytes[at + 2] = c.signature.length
    view.setUint32(at + 3, c.message.length, true)
    at += CHECK_HEADER
    bytes.set(c.publicKey, at)
    at += c.publicKey.length
    bytes.set(c.signature, at)
    at += c.signature.length
    bytes.set(c.message, at)
    at += c.message.length
  }
  return buffer
}

/** Reads the checks of a packed batch, as views into `buffer`. */
export const unpackChecks = (buffer: ArrayBuffer): SignatureCheck[] => {
  const bytes = new Uint8Array(buffer)
  const view = new DataView(buffer)
  const count = view.getUint32(0, true)
  const checks: SignatureCheck[] = []
  let at = 4
  for (let i = 0; i < count; i++) {
    const scheme = SCHEMES[bytes[at] as number] ?? 'Ecdsa'
    const keyLength = bytes[at + 1] as number
    const signatureLength = bytes[at + 2] as number
    const messageLength = view.getUint32(at + 3, true)
    at += CHECK_HEADER
    const publicKey = bytes.subarray(at, at + keyLength)
    at += keyLength
    const signature = bytes.subarray(at, at + signatureLength)
    at += signatureLength
    const message = bytes.subarray(at, at + messageLength)
    at += messageLength
    checks.push({ scheme, publicKey, signature, message })
  }
  return checks
}

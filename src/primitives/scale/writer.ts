import { allocBytes } from '../bytes.ts'
import { EncodeError } from '../errors.ts'

const MAX_U32 = 0xffff_ffff
const MAX_U64 = (1n << 64n) - 1n
const MAX_U128 = (1n << 128n) - 1n

/** A growable little-endian byte buffer that SCALE shapes encode into. */
export class Writer {
  #buf = new Uint8Array(256)
  #view = new DataView(this.#buf.buffer)
  #length = 0

  /** Number of bytes written so far. */
  get length(): number {
    return this.#length
  }

  /** Forgets what was written, keeping the allocation. */
  reset(): void {
    this.#length = 0
  }

  /** A copy of the written bytes. */
  toBytes(): Uint8Array {
    const out = allocBytes(this.#length)
    out.set(this.#buf.subarray(0, this.#length))
    return out
  }

  #reserve(extra: number): void {
    const need = this.#length + extra
    if (need <= this.#buf.length) return
    let size = this.#buf.length * 2
    while (size < need) size *= 2
    const next = new Uint8Array(size)
    next.set(this.#buf.subarray(0, this.#length))
    this.#buf = next
    this.#view = new DataView(next.buffer)
  }

  u8(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xff)
      throw new EncodeError(`u8 out of range: ${value}`)
    this.#reserve(1)
    this.#buf[this.#length++] = value
  }

  u16(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff)
      throw new EncodeError(`u16 out of range: ${value}`)
    this.#reserve(2)
    this.#view.setUint16(this.#length, value, true)
    this.#length += 2
  }

  u32(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > MAX_U32)
      throw new EncodeError(`u32 out of range: ${value}`)
    this.#reserve(4)
    this.#view.setUint32(this.#length, value, true)
    this.#length += 4
  }

  u64(value: bigint): void {
    if (value < 0n || value > MAX_U64) throw new EncodeError(`u64 out of range: ${value}`)
    this.#reserve(8)
    this.#view.setBigUint64(this.#length, value, true)
    this.#length += 8
  }

  u128(value: bigint): void {
    if (value < 0n || value > MAX_U128) throw new EncodeError(`u128 out of range: ${value}`)
    this.#reserve(16)
    if (value === 0n) {
      // Balances are mostly zero here; skip the bigint arithmetic.
      this.#buf.fill(0, this.#length, this.#length + 16)
      this.#length += 16
      return
    }
    this.#view.setBigUint64(this.#length, value & MAX_U64, true)
    this.#view.setBigUint64(this.#length + 8, value >> 64n, true)
    this.#length += 16
  }

  /** Raw bytes, no length prefix. */
  raw(bytes: Uint8Array): void {
    this.#reserve(bytes.length)
    this.#buf.set(bytes, this.#length)
    this.#length += bytes.length
  }

  /** SCALE compact integer of a number (used for lengths and Compact<u32>). */
  compact(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > MAX_U32) {
      throw new EncodeError(`compact u32 out of range: ${value}`)
    }
    this.#reserve(5)
    if (value < 1 << 6) {
      this.#buf[this.#length++] = value << 2
    } else if (value < 1 << 14) {
      this.#view.setUint16(this.#length, (value << 2) | 1, true)
      this.#length += 2
    } else if (value < 1 << 30) {
      this.#view.setUint32(this.#length, ((value << 2) | 2) >>> 0, true)
      this.#length += 4
    } else {
      this.#buf[this.#length++] = 3
      this.#view.setUint32(this.#length, value, true)
      this.#length += 4
    }
  }

  /** SCALE compact integer of a bigint, up to u128. */
  compactBig(value: bigint): void {
    if (value < 0n || value > MAX_U128) throw new EncodeError(`compact out of range: ${value}`)
    if (value <= BigInt(MAX_U32)) {
      this.compact(Number(value))
      return
    }
    const bytes: number[] = []
    let rest = value
    while (rest > 0n) {
      bytes.push(Number(rest & 0xffn))
      rest >>= 8n
    }
    this.#reserve(1 + bytes.length)
    this.#buf[this.#length++] = ((bytes.length - 4) << 2) | 3
    for (const b of bytes) this.#buf[this.#length++] = b
  }
}

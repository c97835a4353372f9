import { allocBytes } from '../bytes.ts'
import { DecodeError } from '../errors.ts'

/** A cursor over bytes that SCALE shapes decode from. Every read is bounds-checked. */
export class Reader {
  readonly #bytes: Uint8Array
  readonly #view: DataView
  #offset = 0

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.#bytes.length - this.#offset
  }

  /** Current read position. */
  get offset(): number {
    return this.#offset
  }

  #need(n: number, what: string): number {
    const at = this.#offset
    if (at + n > this.#bytes.length) {
      throw new DecodeError(
        `unexpected end of input reading ${what} at byte ${at} (have ${this.#bytes.length})`,
      )
    }
    this.#offset = at + n
    return at
  }

  u8(): number {
    return this.#bytes[this.#need(1, 'u8')] as number
  }

  u16(): number {
    return this.#view.getUint16(this.#need(2, 'u16'), true)
  }

  u32(): number {
    return this.#view.getUint32(this.#need(4, 'u32'), true)
  }

  u64(): bigint {
    return this.#view.getBigUint64(this.#need(8, 'u64'), true)
  }

  u128(): bigint {
    const at = this.#need(16, 'u128')
    const v = this.#view
    if ((v.getUint32(at) | v.getUint32(at + 4) | v.getUint32(at + 8) | v.getUint32(at + 12)) === 0)
      return 0n
    return this.#view.getBigUint64(at, true) | (this.#view.getBigUint64(at + 8, true) << 64n)
  }

  /** `length` raw bytes, copied so that callers may keep them. */
  raw(length: number): Uint8Array {
    const at = this.#need(length, `${length} bytes`)
    const out = allocBytes(length)
    out.set(this.#bytes.subarray(at, at + length))
    return out
  }

  /** A compact integer that must fit in u32, in its canonical (shortest) form. */
  compact(): number {
    const first = this.#bytes[this.#need(1, 'compact')] as number
    switch (first & 3) {
      case 0:
        return first >>> 2
      case 1: {
        this.#offset -= 1
        const v = this.#view.getUint16(this.#need(2, 'compact'), true) >>> 2
        if (v < 1 << 6) throw new DecodeError(`non-canonical compact ${v}`)
        return v
      }
      case 2: {
        this.#offset -= 1
        const v = this.#view.getUint32(this.#need(4, 'compact'), true) >>> 2
        if (v < 1 << 14) throw new DecodeError(`non-canonical compact ${v}`)
        return v
      }
      default: {
        if (first >>> 2 !== 0) throw new DecodeError('compact does not fit in u32')
        const v = this.#view.getUint32(this.#need(4, 'compact'), true)
        if (v < 1 << 30) throw new DecodeError(`non-canonical compact ${v}`)
        return v
      }
    }
  }

  /** A compact integer up to u128, in canonical form. */
  compactBig(): bigint {
    const first = this.#bytes[this.#offset]
    if (first === undefined) throw new DecodeError('unexpected end of input reading compact')
    if ((first & 3) !== 3 || first >>> 2 === 0) return BigInt(this.compact())
    this.#offset += 1
    const length = (first >>> 2) + 4
    if (length > 16) throw new DecodeError('compact wider than u128')
    const at = this.#need(length, 'compact')
    if (this.#bytes[at + length - 1] === 0)
      throw new DecodeError('non-canonical compact (leading zero byte)')
    let v = 0n
    for (let i = length - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.#bytes[at + i] as number)
    return v
  }
}

import { allocBytes } from '../bytes.ts'
import { DecodeError } from '../errors.ts'

/** A cursor over bytes that SCALE shapes decode from. Every read is bounds-checked. */
export class Reader {
  // Little-endian arithmetic on the bytes directly: a DataView per decoded value cost more than
  // the decoding itself.
  readonly #bytes: Uint8Array
  #offset = 0

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes
  }

  #u32At(at: number): number {
    const b = this.#bytes
    return (
      ((b[at] as number) |
        ((b[at + 1] as number) << 8) |
        ((b[at + 2] as number) << 16) |
        ((b[at + 3] as number) << 24)) >>>
      0
    )
  }

  #u64At(at: number): bigint {
    const lo = this.#u32At(at)
    const hi = this.#u32At(at + 4)
    return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo)
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
    const at = this.#need(2, 'u16')
    return (this.#bytes[at] as number) | ((this.#bytes[at + 1] as number) << 8)
  }

  u32(): number {
    return this.#u32At(this.#need(4, 'u32'))
  }

  u64(): bigint {
    return this.#u64At(this.#need(8, 'u64'))
  }

  u128(): bigint {
    const at = this.#need(16, 'u128')
    if ((this.#u32At(at) | this.#u32At(at + 4) | this.#u32At(at + 8) | this.#u32At(at + 12)) === 0)
      return 0n
    return this.#u64At(at) | (this.#u64At(at + 8) << 64n)
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
        const at = this.#need(2, 'compact')
        const v = ((this.#bytes[at] as number) | ((this.#bytes[at + 1] as number) << 8)) >>> 2
        if (v < 1 << 6) throw new DecodeError(`non-canonical compact ${v}`)
        return v
      }
      case 2: {
        this.#offset -= 1
        const v = this.#u32At(this.#need(4, 'compact')) >>> 2
        if (v < 1 << 14) throw new DecodeError(`non-canonical compact ${v}`)
        return v
      }
      default: {
        if (first >>> 2 !== 0) throw new DecodeError('compact does not fit in u32')
        const v = this.#u32At(this.#need(4, 'compact'))
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

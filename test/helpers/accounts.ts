import { blake2_256, utf8 } from '../../src/primitives/index.ts'

/** A deterministic 32-byte test account id (runtime tests need no keys). */
export const account = (name: string): Uint8Array => blake2_256(utf8(`critter/test/${name}`))

export const alice = account('alice')
export const bob = account('bob')
export const charlie = account('charlie')

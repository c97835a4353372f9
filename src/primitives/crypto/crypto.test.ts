// Signing, verification and dev-key derivation, cross-checked against @polkadot/keyring 14.0.3.

import { Keyring } from '@polkadot/keyring'
import { cryptoWaitReady, keyExtractPath } from '@polkadot/util-crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { bytesToHex, hexToBytes, utf8 } from '../index.ts'
import {
  CryptoInputError,
  DEV_ACCOUNTS,
  DEV_PHRASE,
  deriveHard,
  devKeypair,
  ED25519_KEY_CACHE_SIZE,
  ed25519DeriveHard,
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  junctionChainCode,
  keypairFromSeed,
  miniSecretFromPhrase,
  sr25519DeriveHard,
  sr25519FromSeed,
  sr25519Sign,
  sr25519Verify,
  verifySignature,
} from './index.ts'

const keyringType = { Sr25519: 'sr25519', Ed25519: 'ed25519' } as const
const SCHEMES = ['Sr25519', 'Ed25519'] as const

beforeAll(async () => {
  await cryptoWaitReady()
})

const flip = (bytes: Uint8Array, index: number): Uint8Array => {
  const out = bytes.slice()
  out[index % out.length] = (out[index % out.length] as number) ^ 1
  return out
}

describe('dev accounts', () => {
  test.each(SCHEMES)('%s public keys equal @polkadot/keyring addFromUri("//Name")', scheme => {
    const keyring = new Keyring({ type: keyringType[scheme] })
    for (const name of DEV_ACCOUNTS) {
      const theirs = keyring.addFromUri(`//${name}`).publicKey
      expect(bytesToHex(devKeypair(name, scheme).publicKey)).toBe(bytesToHex(theirs))
    }
  })

  test('Alice is the well-known AccountId32', () => {
    expect(bytesToHex(devKeypair('Alice').publicKey)).toBe(
      '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
    )
    expect(bytesToHex(devKeypair('Alice', 'Ed25519').publicKey)).toBe(
      '0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee',
    )
  })

  test('dev pairs are derived once', () => {
    expect(devKeypair('Bob')).toBe(devKeypair('Bob'))
    expect(devKeypair('Bob', 'Ed25519')).not.toBe(devKeypair('Bob'))
  })

  test.each(SCHEMES)('%s: deeper hard paths equal the keyring', scheme => {
    const keyring = new Keyring({ type: keyringType[scheme] })
    const theirs = keyring.addFromUri('//Alice//stash//7').publicKey
    expect(bytesToHex(deriveHard(DEV_PHRASE, ['Alice', 'stash', '7'], scheme).publicKey)).toBe(
      bytesToHex(theirs),
    )
  })

  test('unknown names, schemes and phrases are refused with a code', () => {
    expect(() => devKeypair('Mallory' as 'Alice')).toThrow(CryptoInputError)
    expect(() => devKeypair('Alice', 'Ecdsa' as 'Sr25519')).toThrow(CryptoInputError)
    expect(() => miniSecretFromPhrase('not a phrase')).toThrow(
      expect.objectContaining({ code: 'CRYPTO_INPUT' }),
    )
  })
})

describe('junction chain codes', () => {
  test.each([
    'Alice',
    '0',
    '42',
    '18446744073709551615',
    'a name long enough that its SCALE encoding is hashed',
  ])("%s equals the keyring's junction", name => {
    expect(bytesToHex(junctionChainCode(name))).toBe(
      bytesToHex(keyExtractPath(`//${name}`).path[0]?.chainCode ?? new Uint8Array()),
    )
  })

  test('Alice is her SCALE-encoded name, zero-padded', () => {
    expect(bytesToHex(junctionChainCode('Alice'))).toBe(`0x14416c696365${'00'.repeat(26)}`)
  })
})

describe.each(SCHEMES)('%s', scheme => {
  const ours = devKeypair('Charlie', scheme)
  const theirs = () => new Keyring({ type: keyringType[scheme] }).addFromUri('//Charlie')
  const message = utf8('critter signing test')

  test('our signatures verify in the keyring, and theirs here', () => {
    const signature = ours.sign(message)
    expect(signature.length).toBe(64)
    expect(theirs().verify(message, signature, ours.publicKey)).toBe(true)
    const theirSignature = theirs().sign(message)
    expect(
      verifySignature({ scheme, publicKey: ours.publicKey, message, signature: theirSignature }),
    ).toBe(true)
  })

  test('round trip holds; a wrong key, message or signature fails', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (msg, at) => {
        const signature = ours.sign(msg)
        const check = { scheme, publicKey: ours.publicKey, message: msg, signature }
        expect(verifySignature(check)).toBe(true)
        expect(verifySignature({ ...check, publicKey: devKeypair('Dave', scheme).publicKey })).toBe(
          false,
        )
        expect(verifySignature({ ...check, signature: flip(signature, at) })).toBe(false)
        const other = msg.length === 0 ? Uint8Array.of(0) : flip(msg, at)
        expect(verifySignature({ ...check, message: other })).toBe(false)
      }),
      { numRuns: 50 },
    )
  })

  test('a public key that is no curve point verifies nothing', () => {
    const signature = ours.sign(message)
    const junk = new Uint8Array(32).fill(0xff)
    expect(verifySignature({ scheme, publicKey: junk, message, signature })).toBe(false)
  })

  test('wrong lengths throw CryptoInputError', () => {
    const signature = ours.sign(message)
    expect(() =>
      verifySignature({ scheme, publicKey: ours.publicKey.subarray(1), message, signature }),
    ).toThrow(CryptoInputError)
    expect(() =>
      verifySignature({
        scheme,
        publicKey: ours.publicKey,
        message,
        signature: signature.subarray(1),
      }),
    ).toThrow(CryptoInputError)
    expect(() => keypairFromSeed(new Uint8Array(31), scheme)).toThrow(CryptoInputError)
  })
})

describe('scheme functions', () => {
  const seed = hexToBytes(`0x${'07'.repeat(32)}`)
  const message = utf8('payload')

  test('sr25519 pair from seed, derive, sign, verify', () => {
    const pair = sr25519FromSeed(seed)
    expect(pair.secretKey.length).toBe(64)
    expect(pair.publicKey.length).toBe(32)
    expect(sr25519Verify(sr25519Sign(pair, message), message, pair.publicKey)).toBe(true)
    const child = sr25519DeriveHard(pair, junctionChainCode('Alice'))
    expect(bytesToHex(child.publicKey)).not.toBe(bytesToHex(pair.publicKey))
    const alice = sr25519DeriveHard(
      sr25519FromSeed(miniSecretFromPhrase(DEV_PHRASE)),
      junctionChainCode('Alice'),
    )
    expect(alice.publicKey).toEqual(devKeypair('Alice').publicKey)
    expect(() => sr25519DeriveHard(pair, new Uint8Array(31))).toThrow(CryptoInputError)
    expect(() => sr25519FromSeed(new Uint8Array(64))).toThrow(CryptoInputError)
  })

  test('sr25519 signatures are randomised and both verify', () => {
    const pair = sr25519FromSeed(seed)
    const a = sr25519Sign(pair, message)
    const b = sr25519Sign(pair, message)
    expect(bytesToHex(a)).not.toBe(bytesToHex(b))
    expect(sr25519Verify(b, message, pair.publicKey)).toBe(true)
  })

  test('ed25519 from seed agrees with the keyring', () => {
    const theirs = new Keyring({ type: 'ed25519' }).addFromSeed(seed)
    expect(ed25519PublicKey(seed)).toEqual(theirs.publicKey)
    const signature = ed25519Sign(seed, message)
    // ed25519 is deterministic: the same seed and message give the same signature.
    expect(bytesToHex(signature)).toBe(bytesToHex(theirs.sign(message)))
    expect(ed25519Verify(signature, message, theirs.publicKey)).toBe(true)
  })

  test('ed25519 hard derivation is blake2_256(SCALE(("Ed25519HDKD", seed, chain code)))', () => {
    const alice = ed25519DeriveHard(miniSecretFromPhrase(DEV_PHRASE), junctionChainCode('Alice'))
    expect(ed25519PublicKey(alice)).toEqual(devKeypair('Alice', 'Ed25519').publicKey)
  })

  test('Ecdsa is unsupported and never verifies', () => {
    expect(
      verifySignature({
        scheme: 'Ecdsa',
        publicKey: new Uint8Array(33),
        message,
        signature: new Uint8Array(65),
      }),
    ).toBe(false)
  })

  test('the ed25519 key cache stays correct past its bound', () => {
    const pair = keypairFromSeed(seed, 'Ed25519')
    const signature = pair.sign(message)
    expect(ed25519Verify(signature, message, pair.publicKey)).toBe(true)
    const junk = new Uint8Array(64)
    for (let i = 0; i <= ED25519_KEY_CACHE_SIZE; i++) {
      const key = new Uint8Array(32)
      key[0] = i & 0xff
      key[1] = i >> 8
      ed25519Verify(junk, message, key)
    }
    expect(ed25519Verify(signature, message, pair.publicKey)).toBe(true)
  })
})

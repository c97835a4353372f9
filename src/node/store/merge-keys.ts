import type { StorageKey } from '../../runtime/index.ts'

/** A key from `mergeKeys`, with whether the first source had it. */
export interface MergedKey {
  readonly key: StorageKey
  readonly inFirst: boolean
}

/** Merges two ascending key sequences into one ascending sequence without duplicates. */
export function* mergeKeys(
  first: Iterable<StorageKey>,
  second: Iterable<StorageKey>,
): Generator<MergedKey> {
  const a = first[Symbol.iterator]()
  const b = second[Symbol.iterator]()
  let x = a.next()
  let y = b.next()
  try {
    while (!x.done || !y.done) {
      if (y.done || (!x.done && x.value < y.value)) {
        yield { key: x.value as StorageKey, inFirst: true }
        x = a.next()
      } else if (x.done || y.value < x.value) {
        yield { key: y.value, inFirst: false }
        y = b.next()
      } else {
        yield { key: x.value, inFirst: true }
        x = a.next()
        y = b.next()
      }
    }
  } finally {
    a.return?.()
    b.return?.()
  }
}

/** Just the keys of a merge. */
export function* keysOf(merged: Iterable<MergedKey>): Generator<StorageKey> {
  for (const { key } of merged) yield key
}

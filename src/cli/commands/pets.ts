import { z } from 'zod'
import { utf8 } from '../../primitives/index.ts'
import { openSyncStore, type ReplicaPet } from '../../sync/index.ts'
import { UsageError } from '../cli-error.ts'
import { DEFAULT_DB } from '../default-db.ts'
import { parseFlags } from '../flags.ts'
import { accountFromJson } from '../json-scale.ts'
import { changeToJson, petToJson } from '../replica-json.ts'

/** `critter pets` usage. */
export const PETS_USAGE = `critter pets [--owner ACCOUNT] [--species NAME] [--pending] [--after ID] [--limit N] [--db LOCATION]

  Lists pets from the replica (see critter sync), one JSON object per line, by ascending id.
  --owner    an SS58 address, 0x hex or a dev name (Alice)
  --species  the exact species, e.g. dragon
  --pending  only pets with sync flags still set
  --db       sqlite:PATH or postgres://… (default ${DEFAULT_DB})`

/** `critter pet` usage. */
export const PET_USAGE = `critter pet <ID> [--history] [--db LOCATION]

  Prints one pet from the replica as JSON; with --history, its every change in chain order.`

const db = z.string().min(1).default(DEFAULT_DB)
const PetsFlags = z
  .object({
    db,
    owner: z.string().optional(),
    species: z.string().min(1).optional(),
    pending: z.boolean().default(false),
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
  })
  .strict()
  .refine(f => [f.owner, f.species, f.pending || undefined].filter(Boolean).length <= 1, {
    message: 'give at most one of --owner, --species and --pending',
  })
const PetFlags = z.object({ db, history: z.boolean().default(false) }).strict()

/** Lists pets by owner, species or pending flags. */
export const runPets = async (args: readonly string[]): Promise<void> => {
  const { flags } = parseFlags(
    args,
    {
      db: { type: 'string' },
      owner: { type: 'string' },
      species: { type: 'string' },
      pending: { type: 'boolean' },
      after: { type: 'string' },
      limit: { type: 'string' },
    },
    PetsFlags,
  )
  const page = { limit: flags.limit, ...(flags.after === undefined ? {} : { after: flags.after }) }
  const owner = flags.owner === undefined ? undefined : accountFromJson(flags.owner, '--owner')
  const store = await openSyncStore(flags.db)
  try {
    let pets: ReplicaPet[]
    if (owner !== undefined) pets = await store.petsByOwner(owner, page)
    else if (flags.species !== undefined)
      pets = await store.petsBySpecies(utf8(flags.species), page)
    else if (flags.pending) pets = await store.petsWithPendingFlags(undefined, page)
    else pets = await store.pets(page)
    for (const pet of pets) console.log(JSON.stringify(petToJson(pet)))
  } finally {
    await store.close()
  }
}

/** Prints one pet, or its history. */
export const runPet = async (args: readonly string[]): Promise<number> => {
  const { flags, positionals } = parseFlags(
    args,
    { db: { type: 'string' }, history: { type: 'boolean' } },
    PetFlags,
    true,
  )
  const [idText, ...rest] = positionals
  if (idText === undefined || !/^\d+$/.test(idText) || Number(idText) > 0xffff_ffff)
    throw new UsageError('give the pet id, a number from 0 to 4294967295')
  if (rest.length > 0) throw new UsageError(`unexpected '${rest.join(' ')}'`)
  const id = Number(idText)
  const store = await openSyncStore(flags.db)
  try {
    const pet = await store.pet(id)
    if (pet === undefined) {
      console.error(`critter pet: the replica has no pet ${id}`)
      return 1
    }
    if (!flags.history) {
      console.log(JSON.stringify(petToJson(pet), null, 2))
      return 0
    }
    for (let after: { blockNumber: number; eventIndex: number } | undefined; ; ) {
      const rows = await store.petHistory(id, {
        limit: 1000,
        ...(after === undefined ? {} : { after }),
      })
      for (const row of rows) console.log(JSON.stringify(changeToJson(row)))
      const last = rows.at(-1)
      if (last === undefined || rows.length < 1000) break
      after = { blockNumber: last.blockNumber, eventIndex: last.eventIndex }
    }
    return 0
  } finally {
    await store.close()
  }
}

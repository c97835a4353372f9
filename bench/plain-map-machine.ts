/**
 * The baseline: the same pet rules as a plain JavaScript state machine over `Map`s, with no SCALE,
 * no storage keys, no overlay and no events encoding. It shows what the runtime's Substrate
 * conventions cost on this machine.
 */
export interface PlainPet {
  id: number
  name: string
  species: string
  owner: string
  level: number
  xp: number
  mood: number
  lastFed: number
  version: number
  flags: number
}

export const createPlainMachine = () => {
  const pets = new Map<number, PlainPet>()
  const owned = new Map<string, number[]>()
  const versions = new Map<number, number>()
  const events: unknown[] = []
  let nextId = 0
  let block = 1

  const mint = (owner: string, species: string, name: string): boolean => {
    const list = owned.get(owner) ?? []
    if (list.length >= 1024 || name.length > 32 || species.length > 32) return false
    const id = nextId++
    pets.set(id, {
      id,
      name,
      species,
      owner,
      level: 1,
      xp: 0,
      mood: 100,
      lastFed: block,
      version: 1,
      flags: 1,
    })
    owned.set(owner, [...list, id])
    versions.set(id, 1)
    events.push({ type: 'PetNftMinted', owner, id, version: 1, block })
    return true
  }
  const bump = (pet: PlainPet, flag: number) => {
    pet.version++
    pet.flags |= flag
    versions.set(pet.id, pet.version)
  }
  return {
    mint,
    batchMint: (owner: string, names: readonly string[]) => names.every(n => mint(owner, 'cat', n)),
    update(owner: string, id: number, name: string, expected: number): boolean {
      const pet = pets.get(id)
      if (pet === undefined || pet.owner !== owner || pet.version !== expected) return false
      pet.name = name
      bump(pet, 1)
      events.push({ type: 'PetNftMetadataUpdated', id, name, version: pet.version, block })
      return true
    },
    transfer(from: string, to: string, id: number): boolean {
      const pet = pets.get(id)
      if (pet === undefined || pet.owner !== from || from === to) return false
      owned.set(
        from,
        (owned.get(from) ?? []).filter(x => x !== id),
      )
      owned.set(to, [...(owned.get(to) ?? []), id])
      pet.owner = to
      bump(pet, 8)
      events.push({ type: 'PetNftTransferred', from, to, id, version: pet.version, block })
      return true
    },
    feed(owner: string, id: number): boolean {
      const pet = pets.get(id)
      if (pet === undefined || pet.owner !== owner) return false
      pet.mood = Math.min(pet.mood + 20, 100)
      pet.xp += 10
      while (pet.xp >= 100 * pet.level) pet.xp -= 100 * pet.level++
      pet.lastFed = block
      bump(pet, 0x30)
      events.push({ type: 'PetFed', id, mood: pet.mood, xp: pet.xp, version: pet.version, block })
      return true
    },
    seal() {
      events.length = 0
      block++
    },
  }
}

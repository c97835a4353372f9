const MAX_U32 = 0xffff_ffff

/** Experience needed to leave `level`: 100 x level (saturating at u32). */
export const xpToLevelUp = (level: number): number => Math.min(100 * level, MAX_U32)

/**
 * Applies level-ups: while experience covers `100 x level`, the level rises and the cost is
 * spent, so the rest carries over and several levels can be gained at once.
 *
 * @example levelUp(1, 350) // { level: 3, experience: 50 }  (100 for level 1, 200 for level 2)
 */
export const levelUp = (
  level: number,
  experience: number,
): { level: number; experience: number } => {
  let l = level
  let xp = experience
  while (l < MAX_U32 && xp >= xpToLevelUp(l)) {
    xp -= xpToLevelUp(l)
    l++
  }
  return { level: l, experience: xp }
}

/** `value + delta`, saturating at u32. */
export const saturatingAdd = (value: number, delta: number): number =>
  Math.min(value + delta, MAX_U32)

import type { RuntimeCall } from '../runtime.ts'
import { PALLET_NAME } from './critter.ts'
import type { CritterCall } from './schema.ts'

/** The arguments of the CritterNfts call named `K`. */
export type CritterCallArgs<K extends CritterCall['type']> = Extract<
  CritterCall,
  { type: K }
>['value']

/**
 * A typed CritterNfts `RuntimeCall`.
 *
 * @example critterCall('feed_pet', { pet_id: 0, food_item_id: 1 })
 */
export const critterCall = <K extends CritterCall['type']>(
  type: K,
  args: CritterCallArgs<K>,
): RuntimeCall => ({
  type: PALLET_NAME,
  value: { type, value: args },
})

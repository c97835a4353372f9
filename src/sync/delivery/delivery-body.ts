import type { NewDelivery } from '../types.ts'

/**
 * The JSON a hook's endpoint receives for a change (the webhook's body, the JetStream message's
 * data): `{ idempotencyKey, hookId, petId, version, changeType, blockNumber, eventIndex, event }`,
 * where `event` is the `PetStateSynchronized` event's fields. Receivers deduplicate by
 * `idempotencyKey` (`<pet>:<version>:<changeType>`, the same for every hook).
 *
 * @example deliveryBody(row) // '{"idempotencyKey":"7:3:Ownership","hookId":0,"petId":7,…}'
 */
export const deliveryBody = (delivery: NewDelivery): string =>
  JSON.stringify({
    idempotencyKey: delivery.idempotencyKey,
    hookId: delivery.hookId,
    petId: delivery.petId,
    version: delivery.version,
    changeType: delivery.changeType,
    blockNumber: delivery.blockNumber,
    eventIndex: delivery.eventIndex,
    event: JSON.parse(delivery.payload) as unknown,
  })

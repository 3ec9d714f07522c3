import { applyVersionedCopy, RetryLaterError, type VersionedApplyResult } from '@ticketing/common';
import type { Order, OrderModel } from '../../data/order-model';

/**
 * Applies an order event to the copy on top of the version before it. One that arrived before its
 * predecessor is redelivered later; a duplicate of one applied already changes nothing.
 */
export async function applyOrderEvent(
  orders: OrderModel,
  { id, version }: { id: string; version: number },
  fields: Partial<Omit<Order, '_id' | 'version'>>,
): Promise<Exclude<VersionedApplyResult, 'too-new' | 'unknown'>> {
  const result = await applyVersionedCopy(orders, id, version, fields);
  if (result === 'too-new' || result === 'unknown') {
    throw new RetryLaterError(`order ${id} version ${version} arrived before its predecessor`);
  }
  return result;
}

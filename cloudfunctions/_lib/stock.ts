/**
 * Stock moves on SKU documents, each one conditional update and idempotent per key:
 *
 * - reserve: `stock >= quantity`, on sale, and this order not yet among the SKU's `reservedBy`;
 *   a retried reservation for the same order takes nothing twice.
 * - give back: this key (an order id for unpaid or failed orders, an after-sale id for returns)
 *   not yet among `returnedBy`; a retried give-back returns nothing twice.
 *
 * Both lists keep the last SKU_RECENT_ORDERS keys, which bounds documents while covering any
 * realistic retry.
 */
import { SKU_RECENT_ORDERS } from '@shared/catalog';
import { _, findWhere, updateWhere } from './db';

export type ReserveOutcome = 'reserved' | 'alreadyReserved' | 'unavailable';

/** Takes `quantity` units of a SKU for an order, exactly once. */
export async function reserveStock(
  skuId: string,
  orderId: string,
  quantity: number,
  now: Date,
): Promise<ReserveOutcome> {
  const taken = await updateWhere(
    'skus',
    { _id: skuId, onSale: true, stock: _.gte(quantity), reservedBy: _.nin([orderId]) },
    { stock: _.inc(-quantity), reservedBy: _.push({ each: [orderId], slice: -SKU_RECENT_ORDERS }), updatedAt: now },
  );
  if (taken === 1) return 'reserved';
  // Nothing changed: either this order holds the units already (a retry), or there are not enough.
  return (await isReservedBy(skuId, orderId)) ? 'alreadyReserved' : 'unavailable';
}

export async function isReservedBy(skuId: string, orderId: string): Promise<boolean> {
  return (await findWhere('skus', { _id: skuId, reservedBy: orderId }, { limit: 1 })).length === 1;
}

/** Gives `quantity` units back to a SKU under `key`, exactly once; answers whether it moved them now. */
export async function returnStock(skuId: string, key: string, quantity: number, now: Date): Promise<boolean> {
  const returned = await updateWhere(
    'skus',
    { _id: skuId, returnedBy: _.nin([key]) },
    { stock: _.inc(quantity), returnedBy: _.push({ each: [key], slice: -SKU_RECENT_ORDERS }), updatedAt: now },
  );
  return returned === 1;
}

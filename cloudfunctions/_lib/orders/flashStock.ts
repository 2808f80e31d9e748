/**
 * The units an order takes in a 秒杀 session (docs/marketing.md, section 秒杀): for each line
 * bought through a session, first the session's stock (`flashStocks`: `remaining ≥ quantity`,
 * this order not yet among `reservedBy`), then the shopper's count (`flashPurchases`: raised only
 * while `quantity + q ≤ perUserLimit`, this order not yet among `countedBy`). Each is one
 * conditional update keyed by the order id, so a retry takes nothing twice and concurrent buyers
 * never take more than the allotment or the limit. The units also come out of the SKU's own stock
 * (placeOrder's next step), since the allotment is a share of it.
 *
 * Giving back (an unpaid order that closes, or placeOrder's compensation) is keyed the same way
 * (`returnedBy`), so two closers at once give each unit back exactly once.
 */
import {
  FLASH_RECENT_ORDERS,
  flashPurchaseId,
  flashStockId,
  type ActivityDocument,
  type FlashSaleDocument,
  type FlashStockDocument,
} from '@shared/activities';
import type { OrderDocument, OrderLine } from '@shared/orders';
import { _, findWhere, getDoc, insertDoc, updateWhere } from '../db';

type FlashOrder = Pick<OrderDocument, '_id' | 'buyerId' | 'lines'>;
export type FlashRefusal = 'FLASH_SOLD_OUT' | 'FLASH_LIMIT_REACHED';

/** The stock documents' ids of the items bought through a 秒杀 session. */
export function flashStockIdsOf(items: ReadonlyArray<{ skuId: string; activityId?: string | null }>): string[] {
  return items.flatMap((item) => (item.activityId ? [flashStockId(item.activityId, item.skuId)] : []));
}

/**
 * Whether a 秒杀 item asks for more units than its session had left when placeOrder read it. A
 * sold-out session then refuses before anything is written, which keeps a sale's losers to two
 * round trips; the conditional update of takeFlashStock stays the guard for the rest.
 */
export function soldOutWhenRead(
  items: ReadonlyArray<{ skuId: string; quantity: number; activityId?: string | null }>,
  stocks: readonly FlashStockDocument[],
): boolean {
  const remaining = new Map(stocks.map((doc) => [doc._id, doc.remaining]));
  return items.some(
    (item) => item.activityId && (remaining.get(flashStockId(item.activityId, item.skuId)) ?? 0) < item.quantity,
  );
}

/** The lines of an order bought through a 秒杀 session. */
export function flashLines(order: Pick<OrderDocument, 'lines'>): OrderLine[] {
  return order.lines.filter((line) => line.activity?.kind === 'flashSale');
}

const remember = (orderId: string) => _.push({ each: [orderId], slice: -FLASH_RECENT_ORDERS });

/** Takes the session's units for the order, exactly once. */
async function takeFlashStock(id: string, orderId: string, quantity: number, now: Date): Promise<boolean> {
  const taken = await updateWhere(
    'flashStocks',
    { _id: id, remaining: _.gte(quantity), reservedBy: _.nin([orderId]) },
    { remaining: _.inc(-quantity), reservedBy: remember(orderId), updatedAt: now },
  );
  if (taken === 1) return true;
  // Nothing changed: this order holds the units already (a retry), or too few are left. Units
  // this order took and gave back (its compensation ran, then a crash) are not held any more.
  const held = { _id: id, reservedBy: orderId, returnedBy: _.nin([orderId]) };
  return (await findWhere('flashStocks', held, { limit: 1 })).length === 1;
}

/**
 * Counts the units in the shopper's purchases of the session, exactly once. The first purchase
 * inserts the document (one round trip, the common case in a sale); later ones raise it.
 */
async function countPurchase(
  ids: { activityId: string; skuId: string; userId: string },
  orderId: string,
  quantity: number,
  limit: number,
  now: Date,
): Promise<boolean> {
  if (quantity > limit) return false;
  const _id = flashPurchaseId(ids.activityId, ids.skuId, ids.userId);
  const fresh = { _id, ...ids, quantity, countedBy: [orderId], returnedBy: [], updatedAt: now };
  if ((await insertDoc('flashPurchases', fresh)) === 'inserted') return true;
  const counted = await updateWhere(
    'flashPurchases',
    { _id, quantity: _.lte(limit - quantity), countedBy: _.nin([orderId]) },
    { quantity: _.inc(quantity), countedBy: remember(orderId), updatedAt: now },
  );
  if (counted === 1) return true;
  const held = { _id, countedBy: orderId, returnedBy: _.nin([orderId]) };
  return (await findWhere('flashPurchases', held, { limit: 1 })).length === 1;
}

/** Gives a line's session units back under the order id, once; `checked`: only if the order took them. */
async function returnFlashStock(id: string, orderId: string, quantity: number, checked: boolean, now: Date) {
  await updateWhere(
    'flashStocks',
    { _id: id, returnedBy: _.nin([orderId]), ...(checked ? { reservedBy: orderId } : {}) },
    { remaining: _.inc(quantity), returnedBy: remember(orderId), updatedAt: now },
  );
}

async function returnPurchase(id: string, orderId: string, quantity: number, now: Date) {
  await updateWhere(
    'flashPurchases',
    { _id: id, countedBy: orderId, returnedBy: _.nin([orderId]) },
    { quantity: _.inc(-quantity), returnedBy: remember(orderId), updatedAt: now },
  );
}

/**
 * Gives back every 秒杀 unit the order holds: the session's stock and the shopper's count. For an
 * order that may have stopped midway (`reserving`), only what it took (its id among `reservedBy`,
 * `countedBy`); idempotent per order.
 */
export async function returnFlash(order: FlashOrder & Pick<OrderDocument, 'reservation'>, now: Date): Promise<void> {
  for (const line of flashLines(order)) {
    const activityId = line.activity?.id ?? '';
    const checked = order.reservation !== 'reserved';
    await returnFlashStock(flashStockId(activityId, line.skuId), order._id, line.quantity, checked, now);
    await returnPurchase(flashPurchaseId(activityId, line.skuId, order.buyerId), order._id, line.quantity, now);
  }
}

/** Each session's per-user limit per SKU, from the activities placeOrder read (or read now, for a resumed order). */
async function limitsOf(
  order: FlashOrder,
  activities: readonly ActivityDocument[] | null,
): Promise<Map<string, number>> {
  const sessions = new Map<string, FlashSaleDocument>();
  for (const activity of activities ?? []) if (activity.kind === 'flashSale') sessions.set(activity._id, activity);
  const limits = new Map<string, number>();
  for (const line of flashLines(order)) {
    const activityId = line.activity?.id ?? '';
    if (!sessions.has(activityId)) {
      const doc = await getDoc('activities', activityId);
      if (doc?.kind === 'flashSale') sessions.set(activityId, doc);
    }
    const listed = sessions.get(activityId)?.skus.find((sku) => sku.skuId === line.skuId);
    limits.set(flashStockId(activityId, line.skuId), listed?.perUserLimit ?? 0);
  }
  return limits;
}

/**
 * placeOrder's step "reserve flash stock + per-user quantity", with its compensation: when a line
 * finds too few units or the shopper at their limit, everything this order took in sessions is
 * given back and the refusal answered (placeOrder then closes the order).
 */
export async function reserveFlash(
  order: FlashOrder,
  activities: readonly ActivityDocument[] | null,
  now: Date,
): Promise<FlashRefusal | null> {
  const lines = flashLines(order);
  if (lines.length === 0) return null;
  const limits = await limitsOf(order, activities);
  for (const line of lines) {
    const activityId = line.activity?.id ?? '';
    const stockId = flashStockId(activityId, line.skuId);
    let refusal: FlashRefusal | null = null;
    if (!(await takeFlashStock(stockId, order._id, line.quantity, now))) refusal = 'FLASH_SOLD_OUT';
    else if (
      !(await countPurchase(
        { activityId, skuId: line.skuId, userId: order.buyerId },
        order._id,
        line.quantity,
        limits.get(stockId) ?? 0,
        now,
      ))
    )
      refusal = 'FLASH_LIMIT_REACHED';
    if (refusal) {
      await returnFlash({ ...order, reservation: 'reserving' }, now);
      return refusal;
    }
  }
  return null;
}

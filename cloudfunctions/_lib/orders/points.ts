/**
 * The points an order spends (积分抵扣, docs/wallet.md section 4): placeOrder takes them (step
 * "take points"), an order that closes unpaid, or that a later placeOrder step refuses, gives them
 * back. Both are one transaction on the shopper's points account (_lib/points.ts movePoints) with
 * a deterministic entry id (`spend:<orderId>`, `spendBack:<orderId>:close`), so each happens at
 * most once per order whoever retries it, and two orders never spend the same points.
 */
import { pointsEntryId } from '@shared/points';
import type { OrderDocument } from '@shared/orders';
import { movePoints } from '../points';
import { BUSY, inTransaction, isDuplicate } from '../tx';

/** The cause id of giving back the points of an order that closed unpaid. */
const CLOSE_CAUSE = 'close';

/**
 * Takes the order's points. True when the order holds them (now, or since an earlier attempt of
 * the same order); false when the shopper has fewer available (another order spent them first).
 * Throws when the account stayed busy: the order stays `reserving` for a retry or the closer.
 */
export async function takePoints(
  order: Pick<OrderDocument, '_id' | 'buyerId' | 'points'>,
  now: Date,
): Promise<boolean> {
  const usedPoints = order.points?.usedPoints ?? 0;
  if (usedPoints === 0) return true;
  const move = {
    kind: 'spend' as const,
    causeId: order._id,
    points: usedPoints,
    ref: { orderId: order._id },
    reason: '下单抵扣',
    by: 'system',
  };
  try {
    const verdict = await inTransaction((tx) => movePoints(tx, order.buyerId, [move], now), { attempts: 10 });
    if (verdict === BUSY) throw new Error(`the points account of ${order.buyerId} stayed busy`);
    return verdict.ok;
  } catch (error) {
    if (isDuplicate(error)) return true;
    throw error;
  }
}

/**
 * Gives back the points of an order that closed unpaid (or whose placing was refused after it
 * took them): all of them, once, and only when the order did take them.
 */
export async function giveBackPoints(
  order: Pick<OrderDocument, '_id' | 'buyerId' | 'points'>,
  now: Date,
): Promise<void> {
  const usedPoints = order.points?.usedPoints ?? 0;
  if (usedPoints === 0) return;
  const move = {
    kind: 'spendBack' as const,
    causeId: `${order._id}:${CLOSE_CAUSE}`,
    points: usedPoints,
    ref: { orderId: order._id },
    reason: '订单关闭退回',
    by: 'system',
  };
  try {
    const outcome = await inTransaction(async (tx) => {
      if (!(await tx.get('pointsEntries', pointsEntryId('spend', order._id)))) return 'notTaken';
      return movePoints(tx, order.buyerId, [move], now);
    });
    if (outcome === BUSY) throw new Error(`the points account of ${order.buyerId} stayed busy`);
  } catch (error) {
    if (!isDuplicate(error)) throw error;
  }
}

/**
 * The points an order earns (积分, docs/wallet.md section 4), in three named steps, each one
 * transaction over the order and the buyer's points account (_lib/points.ts movePoints):
 *
 *   earn:    at settlement, inside settlement's own transaction (_lib/settleOrder.ts), credit
 *            floor(net paid goods in yuan) × earnPerYuan to frozen (`earn:<orderId>`), net of the
 *            refunds the lines already carry, and mark the order's points `frozen`;
 *   release: once the order's return window has ended (expirePoints, phase 1), frozen →
 *            available (`release:<orderId>`) for what refunds left, and mark them `released`;
 *   refund:  after each refund (_lib/afterSaleRefund.ts step "reversePoints"), bring the order's
 *            points to what its cumulative refunds say: what it still holds of its earning is
 *            floor(net paid goods in yuan) × earnPerYuan (taken back from frozen before the
 *            release, from available after, never below zero: the rest is the entry's shortfall),
 *            and floor(used × refunded goods / paid goods) of the points it spent come back.
 *
 * The targets are computed from the order's totals, never by adding rounded pieces, so after
 * every refund of an order exactly what it earned has been taken back and exactly what it spent
 * has come back. The order records what was taken back and given back so far
 * (`points.earnedBackPoints`, `points.spentBackPoints`); the account document serialises the
 * three steps of one buyer, the order document the steps of one order.
 */
import { earnedPointsFor, spentBackAfter, type PointsMove } from '@shared/points';
import type { OrderDocument } from '@shared/orders';
import { movePoints } from './points';
import { BUSY, inTransaction, isDuplicate, type Tx } from './tx';

function paidGoodsFen(order: OrderDocument): number {
  return order.lines.reduce((sum, line) => sum + line.paidFen, 0);
}

function refundedGoodsFen(order: OrderDocument): number {
  return order.lines.reduce((sum, line) => sum + line.refundedFen, 0);
}

/**
 * Step "earn", run by settlement in its transaction: the points the order earns on its net paid
 * goods and the order fields settlement writes with its own update (none when it earns nothing).
 */
export function earningOf(
  order: OrderDocument,
  netGoodsFen: number,
): { earned: number; fields: Record<string, unknown> } {
  if (!order.points || order.points.earnPerYuan === 0) return { earned: 0, fields: {} };
  const earned = earnedPointsFor(netGoodsFen, order.points.earnPerYuan);
  if (earned === 0) return { earned, fields: { 'points.earnedPoints': 0 } };
  return { earned, fields: { 'points.earnedPoints': earned, 'points.earnState': 'frozen' } };
}

/** Credits what earningOf found to the buyer's frozen points, in settlement's transaction. */
export async function creditEarnedIn(tx: Tx, order: OrderDocument, earned: number, now: Date): Promise<void> {
  if (earned === 0) return;
  const move: PointsMove = {
    kind: 'earn',
    causeId: order._id,
    points: earned,
    ref: { orderId: order._id },
    reason: '订单奖励',
    by: 'system',
  };
  await movePoints(tx, order.buyerId, [move], now);
}

/** Step "release" for one order whose return window has ended. True when this call released it. */
export async function releaseOrderPoints(orderId: string, now: Date): Promise<boolean> {
  const outcome = await inTransaction(async (tx) => {
    const order = await tx.get('orders', orderId);
    const points = order?.points;
    if (!order || !points || points.earnState !== 'frozen') return false;
    const left = (points.earnedPoints ?? 0) - (points.earnedBackPoints ?? 0);
    if (left > 0) {
      const move: PointsMove = {
        kind: 'release',
        causeId: orderId,
        points: left,
        ref: { orderId },
        reason: '订单积分解冻',
        by: 'system',
      };
      await movePoints(tx, order.buyerId, [move], now);
    }
    await tx.update('orders', orderId, { 'points.earnState': 'released', updatedAt: now });
    return true;
  });
  if (outcome === BUSY) throw new Error(`the points of order ${orderId} stayed busy`);
  return outcome;
}

/** The moves that bring the order's points to what its refunds so far say, and the fields to record. */
function refundMoves(
  order: OrderDocument,
  outRefundNo: string,
): { moves: PointsMove[]; fields: Record<string, number> } {
  const points = order.points as NonNullable<OrderDocument['points']>;
  const paid = paidGoodsFen(order);
  const refunded = refundedGoodsFen(order);
  const moves: PointsMove[] = [];
  const fields: Record<string, number> = {};
  const ref = { orderId: order._id, outRefundNo };
  if (points.earnedPoints !== undefined) {
    const earned = points.earnedPoints;
    const keep = Math.min(earned, earnedPointsFor(paid - refunded, points.earnPerYuan));
    const back = earned - keep - (points.earnedBackPoints ?? 0);
    if (back > 0) {
      const fromAvailable = points.earnState === 'released';
      const causeId = `${order._id}:${outRefundNo}`;
      moves.push({ kind: 'earnBack', causeId, points: back, ref, reason: '退款扣回', by: 'system', fromAvailable });
      fields['points.earnedBackPoints'] = earned - keep;
    }
  }
  const spentBack = spentBackAfter(points.usedPoints, paid, refunded) - (points.spentBackPoints ?? 0);
  if (spentBack > 0) {
    const causeId = `${order._id}:${outRefundNo}`;
    moves.push({ kind: 'spendBack', causeId, points: spentBack, ref, reason: '退款退回', by: 'system' });
    fields['points.spentBackPoints'] = (points.spentBackPoints ?? 0) + spentBack;
  }
  return { moves, fields };
}

/**
 * Step "reversePoints" of a refund already applied to the order's lines: idempotent (a repeat
 * finds nothing left to move, or the refund's entries already there), and a refund whose step
 * runs after a later refund's lines were applied moves for both (the later one then finds none).
 */
export async function reversePoints(orderId: string, outRefundNo: string, now: Date): Promise<void> {
  try {
    const outcome = await inTransaction(async (tx) => {
      const order = await tx.get('orders', orderId);
      if (!order?.points) return;
      const { moves, fields } = refundMoves(order, outRefundNo);
      if (moves.length === 0) return;
      await movePoints(tx, order.buyerId, moves, now);
      await tx.update('orders', orderId, { ...fields, updatedAt: now });
    });
    if (outcome === BUSY) throw new Error(`the points of order ${orderId} stayed busy`);
  } catch (error) {
    if (!isDuplicate(error)) throw error;
  }
}

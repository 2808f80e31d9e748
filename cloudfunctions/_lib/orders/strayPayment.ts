/**
 * A confirmed payment the order cannot keep as it is: it arrived after the order closed, or its
 * amount is not the order's. Such money is never silently kept (docs/rules.md section 5). Named steps:
 *
 *   1. decide  record `strayPayment` with one update conditional on `strayPayment: null`: the
 *              first delivery decides (refund, or revive when the order is closed and the
 *              merchant's rule `revivePaidClosedOrders` is on); later ones continue the decision;
 *   2a. refund `cloudPay.refund` of the whole payment under a deterministic out_refund_no (the
 *              platform answers a repeat with the same refund), then record it;
 *   2b. revive finish the close's stock give-back if it was interrupted, reserve every line again
 *              under the revival's own key (reviveStockKey), then `closed → paid` conditional on
 *              the decision still being `revive`;
 *              compensation when a line is out of stock: flip the decision to `refund` first
 *              (so no concurrent delivery can still revive), give back what the revival took
 *              (lines whose SKU lists the revival key), then refund (2a).
 */
import {
  reviveStockKey,
  strayRefundNo,
  type ConfirmedPayment,
  type StrayReason,
} from '@shared/contracts/onPayCallback';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { OrderDocument, StrayPayment } from '@shared/orders';
import { _, updateWhere } from '../db';
import { refundPayment } from '../pay';
import { loadRules } from '../rules';
import { isReservedBy, reserveStock, returnStock } from '../stock';
import { transition } from '../transitions';
import { releaseStock } from './close';
import { getOrder, ORDERS } from './store';
import { afterPaid, markBuyer, paidFields, type ApplyOutcome } from './paid';

const REFUND_TEXT: Record<StrayReason, string> = {
  ORDER_CLOSED: '订单已关闭，支付款自动退回',
  AMOUNT_MISMATCH: '支付金额与订单金额不符，自动退回',
};

export async function settleStray(
  order: OrderDocument,
  payment: ConfirmedPayment,
  reason: StrayReason,
  now: Date,
): Promise<ApplyOutcome> {
  const decided = order.strayPayment ? { order, stray: order.strayPayment } : await decide(order, payment, reason, now);
  if (!decided) return 'retry';
  if (decided.stray.transactionId !== payment.transactionId) {
    throw new Error(
      `order ${order._id} has stray payment ${decided.stray.transactionId} and now ${payment.transactionId}: one out_trade_no cannot be paid twice`,
    );
  }
  return decided.stray.decision === 'revive'
    ? revive(decided.order, decided.stray, payment, now)
    : refund(decided.order, decided.stray, now);
}

/** Step 1. Answers the recorded decision (this call's, or the one a concurrent call recorded first). */
async function decide(
  order: OrderDocument,
  payment: ConfirmedPayment,
  reason: StrayReason,
  now: Date,
): Promise<{ order: OrderDocument; stray: StrayPayment } | null> {
  const revivable = reason === 'ORDER_CLOSED' && (await loadRules()).revivePaidClosedOrders;
  const stray: StrayPayment = {
    reason,
    decision: revivable ? 'revive' : 'refund',
    transactionId: payment.transactionId,
    paidFen: payment.totalFeeFen,
    paidAt: payment.paidAt,
    decidedAt: now,
    closeReason: order.closeReason,
    refundNo: strayRefundNo(order._id),
    refundId: null,
    refundRequestedAt: null,
    refundedAt: null,
    revivedAt: null,
  };
  const won = await updateWhere(
    ORDERS,
    { _id: order._id, status: order.status, strayPayment: null },
    { strayPayment: _.set(stray), updatedAt: now },
  );
  if (won === 1) return { order: { ...order, strayPayment: stray }, stray };
  const fresh = await getOrder(order._id);
  return fresh?.strayPayment ? { order: fresh, stray: fresh.strayPayment } : null;
}

/** Step 2a: the refund of the whole payment, requested once and recorded once. */
async function refund(order: OrderDocument, stray: StrayPayment, now: Date): Promise<ApplyOutcome> {
  if (stray.refundRequestedAt) return 'refunded';
  const { refundId } = await refundPayment({
    outTradeNo: order._id,
    outRefundNo: stray.refundNo,
    totalFeeFen: stray.paidFen,
    refundFeeFen: stray.paidFen,
    reason: REFUND_TEXT[stray.reason],
  });
  const where = {
    _id: order._id,
    'strayPayment.transactionId': stray.transactionId,
    'strayPayment.decision': 'refund',
    'strayPayment.refundRequestedAt': null,
  };
  await updateWhere(ORDERS, where, {
    'strayPayment.refundId': refundId,
    'strayPayment.refundRequestedAt': now,
    updatedAt: now,
  });
  return 'refunded';
}

/** Step 2b: the closed order becomes paid again, holding its stock under the revival's key. */
async function revive(
  order: OrderDocument,
  stray: StrayPayment,
  payment: ConfirmedPayment,
  now: Date,
): Promise<ApplyOutcome> {
  if (order.status !== 'closed') return order.payment.transactionId === payment.transactionId ? 'alreadyPaid' : 'retry';
  await releaseStock(order, now);
  const key = reviveStockKey(order._id);
  for (const line of order.lines) {
    if ((await reserveStock(line.skuId, key, line.quantity, now)) === 'unavailable')
      return abandonRevival(order, stray, now);
  }
  const where = {
    _id: order._id,
    'strayPayment.decision': 'revive',
    'strayPayment.transactionId': stray.transactionId,
  };
  const fields = {
    ...paidFields(payment, now),
    reservation: 'reserved',
    closedAt: null,
    closeReason: null,
    'strayPayment.revivedAt': now,
  };
  if ((await transition(ORDER_MACHINE, 'revive', where, fields)) === 1) {
    await afterPaid(order);
    return 'revived';
  }
  const fresh = await getOrder(order._id);
  if (fresh?.status === 'paid' && fresh.payment.transactionId === payment.transactionId) {
    await markBuyer(fresh.buyerId);
    return 'alreadyPaid';
  }
  return fresh?.strayPayment?.decision === 'refund' ? abandonRevival(fresh, fresh.strayPayment, now) : 'retry';
}

/** Compensation of 2b: stop reviving for good, give back what the revival took, refund. */
async function abandonRevival(order: OrderDocument, stray: StrayPayment, now: Date): Promise<ApplyOutcome> {
  const flipped = await updateWhere(
    ORDERS,
    { _id: order._id, status: 'closed', 'strayPayment.decision': 'revive' },
    { 'strayPayment.decision': 'refund', updatedAt: now },
  );
  if (flipped !== 1) {
    const fresh = await getOrder(order._id);
    // A concurrent delivery revived the order before the flip: it keeps the stock and the money.
    if (fresh?.status !== 'closed') return 'alreadyPaid';
  }
  const key = reviveStockKey(order._id);
  for (const line of order.lines) {
    if (await isReservedBy(line.skuId, key)) await returnStock(line.skuId, key, line.quantity, now);
  }
  return refund(order, { ...stray, decision: 'refund' }, now);
}

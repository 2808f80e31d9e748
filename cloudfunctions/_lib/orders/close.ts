/**
 * Closing an unpaid order (pending_payment → closed): the shopper's cancel and the unpaid
 * closer (closeUnpaidOrders) share these named steps.
 *
 *   1. close the payment on the platform (cloudPay.closeOrder), so that no payment can succeed
 *      once the order is closed here; if the platform already has the money, stop: the payment
 *      is arriving (the callback, or the closer's repair, makes the order paid). A balance order
 *      (payMethod `balance`) never opened a WeChat payment, so there is nothing to ask: its
 *      payment is the transaction of balancePay.ts, which reads the order, so against step 2's
 *      conditional update exactly one of the two wins;
 *   2. close the order, conditional on pending_payment: of a closer, a cancel and a payment
 *      that race, exactly one state change wins;
 *   3. give back the stock of every line the order holds (`returnStock` keyed by the order id,
 *      so a retry gives back nothing twice), the 秒杀 units of its flash lines (the session's
 *      stock and the shopper's count, keyed the same way: flashStock.ts), then its coupon while the coupon is still valid
 *      (conditional on `used` by this order: coupon.ts giveBackCoupon), then its points, once,
 *      when it took them (points.ts giveBackPoints), then mark the
 *      reservation released. A 拼团 order first frees its place in its group (groupSlot.ts).
 *
 * Compensation: none is needed for step 1 (a closed payment is what a closed order wants). A
 * crash after step 2 leaves a closed order whose reservation is not `released`; the closer's
 * repair pass runs step 3 for those, so the stock and the coupon come back even then.
 */
import type { PaymentState } from '@shared/contracts/onPayCallback';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { OrderDocument } from '@shared/orders';
import { updateWhere } from '../db';
import { closePayment } from '../pay';
import { isReservedBy, returnStock } from '../stock';
import { transition } from '../transitions';
import { giveBackCoupon } from './coupon';
import { giveBackPoints } from './points';
import { returnFlash } from './flashStock';
import { freeGroupPlace } from './groupSlot';
import { ORDERS } from './store';

export type CloseReason = Exclude<OrderDocument['closeReason'], null>;

export type CloseOutcome =
  /** Closed now and its stock given back. */
  | { kind: 'closed' }
  /** It was no longer pending_payment at step 2 (paid or closed meanwhile); nothing written. */
  | { kind: 'notPending' }
  /** The platform has the shopper's money; the payment must be applied, not the order closed. */
  | { kind: 'paymentReceived'; state: Extract<PaymentState, { kind: 'paid' }> }
  /** The platform could not close the payment (the shopper is paying right now); try later. */
  | { kind: 'paymentPending'; tradeState: string };

export async function closeUnpaidOrder(order: OrderDocument, reason: CloseReason, now: Date): Promise<CloseOutcome> {
  if (order.payMethod !== 'balance') {
    const payment = await closePayment(order._id);
    if (payment.kind === 'unpaid') return { kind: 'paymentPending', tradeState: payment.tradeState };
    // A payment already judged stray (another amount, being refunded) does not keep the order open.
    if (payment.kind === 'paid' && order.strayPayment?.transactionId !== payment.payment.transactionId)
      return { kind: 'paymentReceived', state: payment };
  }
  const closed = await transition(
    ORDER_MACHINE,
    'close',
    { _id: order._id },
    { closeReason: reason, closedAt: now, updatedAt: now },
  );
  if (closed !== 1) return { kind: 'notPending' };
  await releaseStock(order, now);
  return { kind: 'closed' };
}

/**
 * Step 3: gives back what a closed order holds (stock, then the coupon) and marks its reservation
 * released. An order stuck in `reserving` (placeOrder stopped midway) holds only the lines whose
 * SKU lists it in `reservedBy`; a `reserved` order holds every line. Idempotent per line
 * (`returnedBy`) and for the coupon (conditional on this order holding it).
 */
export async function releaseStock(
  order: Pick<OrderDocument, '_id' | 'buyerId' | 'lines' | 'reservation' | 'couponId' | 'groupId' | 'points'>,
  now: Date,
): Promise<void> {
  if (order.reservation === 'released') return;
  await freeGroupPlace(order, now);
  for (const line of order.lines) {
    if (order.reservation === 'reserving' && !(await isReservedBy(line.skuId, order._id))) continue;
    await returnStock(line.skuId, order._id, line.quantity, now);
  }
  // The 秒杀 lines' session units and the shopper's count (flashStock.ts), each once per order.
  await returnFlash(order, now);
  await giveBackCoupon(order, now);
  await giveBackPoints(order, now);
  await updateWhere(
    ORDERS,
    { _id: order._id, status: 'closed', reservation: order.reservation },
    { reservation: 'released', updatedAt: now },
  );
}

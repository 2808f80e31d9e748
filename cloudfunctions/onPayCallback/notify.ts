/**
 * Handling one payment notification (the event is only a hint; see index.ts for who may call):
 *
 *   1. read the order (out_trade_no is its id);
 *   2. a repeat of a notification the order has fully taken is acknowledged at once;
 *   3. ask the platform (cloudPay.queryOrder): the event must agree with it on order,
 *      transaction and amount, and the payment must be paid — otherwise nothing is written;
 *   4. apply the confirmed payment (_lib/orders/applyPayment.ts): pay, or refund / revive a stray payment.
 *
 * A top-up (out_trade_no `t…`) takes its own path (topUp.ts).
 *
 * Database round trips: 3 for a first notification (order, paid update, buyer flag), 2 for a
 * repeat, 4 at most for a refund of a stray payment or a lost race; a revival takes one per line more.
 */
import {
  confirmNotification,
  payAnswer,
  type PayCallbackAnswer,
  type PayNotification,
} from '@shared/contracts/onPayCallback';
import type { OrderDocument } from '@shared/orders';
import { queryPayment } from '../_lib/pay';
import { getOrder } from '../_lib/orders/store';
import { applyConfirmedPayment } from '../_lib/orders/applyPayment';
import { markBuyer } from '../_lib/orders/paid';
import { isTopUpId } from '@shared/topUps';
import { handleTopUpNotification } from './topUp';

export async function handleNotification(event: PayNotification, now: Date): Promise<PayCallbackAnswer> {
  // The platform notifies successes only; anything else carries nothing to do.
  if (event.returnCode !== 'SUCCESS' || event.resultCode !== 'SUCCESS')
    return payAnswer('OK', 'not a successful payment: nothing to do');
  // A top-up's out_trade_no starts with `t`, an order's with `o` (docs/wallet.md section 1).
  if (isTopUpId(event.outTradeNo)) return handleTopUpNotification(event, now);
  const order = await getOrder(event.outTradeNo);
  if (!order) {
    console.error(`onPayCallback: a payment arrived for ${event.outTradeNo}, which is no order`);
    return payAnswer('ORDER_NOT_FOUND', `no order ${event.outTradeNo}`);
  }
  const repeat = await answerRepeat(order, event);
  if (repeat) return repeat;
  const confirmation = confirmNotification(event, await queryPayment(event.outTradeNo));
  if (!confirmation.ok) return payAnswer('NOT_CONFIRMED', confirmation.reason);
  const outcome = await applyConfirmedPayment(order, confirmation.payment, now);
  return outcome === 'retry'
    ? payAnswer('RETRY', `order ${order._id} is changing; the next delivery finishes`)
    : payAnswer('OK', outcome);
}

/**
 * Step 2: the order already holds this very payment (paid with it, or its refund requested).
 * Only the platform gets here (index.ts), and what it repeats was confirmed when first applied.
 */
async function answerRepeat(order: OrderDocument, event: PayNotification): Promise<PayCallbackAnswer | null> {
  const holdsPayment =
    order.status !== 'pending_payment' &&
    order.status !== 'closed' &&
    order.payment.transactionId === event.transactionId &&
    order.payment.paidFen === event.totalFee;
  if (holdsPayment) {
    // Repairs the buyer flag if the first delivery stopped between its two writes.
    if (order.status === 'paid') await markBuyer(order.buyerId);
    return payAnswer('OK', 'alreadyPaid');
  }
  const stray = order.strayPayment;
  if (
    stray &&
    stray.transactionId === event.transactionId &&
    stray.paidFen === event.totalFee &&
    stray.decision === 'refund' &&
    stray.refundRequestedAt
  ) {
    return payAnswer('OK', 'refunded');
  }
  return null;
}

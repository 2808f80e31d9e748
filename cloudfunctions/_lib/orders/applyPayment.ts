/**
 * Applying a payment the platform confirmed to its order: the payment callback calls this after
 * checking the notification, and the unpaid closer calls it when closing finds the order paid
 * (a notification that never got through). What happens is decided by classifyPayment
 * (shared/contracts/onPayCallback.ts): pay, repeat, or stray (see strayPayment.ts).
 *
 * The `pending_payment → paid` change is one update conditional on the from-state, the held
 * stock and the amount, so any number of concurrent or repeated calls change the order once.
 * The buyer's `hasPaidOrder` follows with its own conditional update; a crash between the two is
 * repaired by the next delivery, which finds the order paid and sets the flag again.
 */
import { classifyPayment, type ConfirmedPayment } from '@shared/contracts/onPayCallback';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { OrderDocument } from '@shared/orders';
import { transition } from '../transitions';
import { getOrder } from './store';
import { afterPaid, markBuyer, paidFields, type ApplyOutcome } from './paid';
import { markGroupMemberPaid } from './groupSlot';
import { settleStray } from './strayPayment';

export type { ApplyOutcome };

export async function applyConfirmedPayment(
  order: OrderDocument,
  payment: ConfirmedPayment,
  now: Date,
): Promise<ApplyOutcome> {
  const verdict = classifyPayment(order, payment);
  if (verdict.kind === 'conflict') {
    throw new Error(
      `order ${order._id} holds transaction ${order.payment.transactionId ?? '-'} but the platform confirms ${payment.transactionId}`,
    );
  }
  if (verdict.kind === 'repeat') {
    if (order.status === 'paid') {
      await markBuyer(order.buyerId);
      // A delivery after a crash between the paid update and the group's: the member is marked now.
      await markGroupMemberPaid(order, now);
    }
    return 'alreadyPaid';
  }
  if (verdict.kind === 'stray') return settleStray(order, payment, verdict.reason, now);
  return markPaid(order, payment, now);
}

async function markPaid(order: OrderDocument, payment: ConfirmedPayment, now: Date): Promise<ApplyOutcome> {
  const where = { _id: order._id, reservation: 'reserved', payableFen: payment.totalFeeFen };
  if ((await transition(ORDER_MACHINE, 'pay', where, paidFields(payment, now))) === 1) {
    await afterPaid(order);
    await markGroupMemberPaid(order, now);
    return 'paid';
  }
  // Nothing matched: another delivery got there first, or the order is not ready or closed meanwhile.
  const fresh = await getOrder(order._id);
  if (fresh && fresh.status === 'paid' && fresh.payment.transactionId === payment.transactionId) {
    await markBuyer(fresh.buyerId);
    return 'alreadyPaid';
  }
  if (fresh?.status === 'pending_payment' && fresh.reservation !== 'reserved') {
    // placeOrder hands out payment parameters only after storing `reserved`, so this cannot be reached.
    console.error(`onPayCallback: order ${order._id} is paid while its stock is ${fresh.reservation}`);
  }
  return 'retry';
}

/** The paid state's fields and what follows a payment, shared by the paid update and a revival. */
import type { ConfirmedPayment } from '@shared/contracts/onPayCallback';
import type { OrderDocument } from '@shared/orders';
import { updateWhere } from '../db';
import { requestSettlement } from '../requestSettlement';

export type ApplyOutcome =
  /** pending_payment → paid now. */
  | 'paid'
  /** The order already holds this payment (a repeat). */
  | 'alreadyPaid'
  /** A closed order revived to paid with this payment. */
  | 'revived'
  /** The order did not keep the payment; its refund was requested. */
  | 'refunded'
  /** The order is changing under the call; a later call finishes (nothing inconsistent written). */
  | 'retry';

/**
 * The fields of the paid state, written with the `pay` or `revive` transition (which sets the
 * status): the payment, the settlement request, no automatic completion yet. A balance payment
 * (balancePay.ts) records its balance entry's id as the transaction id.
 */
export function paidFields(payment: Pick<ConfirmedPayment, 'transactionId' | 'totalFeeFen' | 'paidAt'>, now: Date) {
  return {
    'payment.transactionId': payment.transactionId,
    'payment.paidFen': payment.totalFeeFen,
    'payment.paidAt': payment.paidAt,
    'settlement.state': 'pending',
    autoConfirmAt: null,
    updatedAt: now,
  };
}

/** The buyer has paid an order (the `newCustomersOnly` binding scope reads it). Idempotent. */
export async function markBuyer(buyerId: string): Promise<void> {
  await updateWhere('users', { _id: buyerId, hasPaidOrder: false }, { hasPaidOrder: true });
}

/** The order has just become paid: the buyer flag, then settlement (never awaited). */
export async function afterPaid(order: Pick<OrderDocument, '_id' | 'buyerId'>): Promise<void> {
  await markBuyer(order.buyerId);
  requestSettlement(order._id);
}

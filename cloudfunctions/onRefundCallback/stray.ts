/**
 * The automatic refund of a payment an order did not keep (onPayCallback's stray payments,
 * out_refund_no `<orderId>-stray`): once the platform confirms it, `strayPayment.refundedAt`
 * is set, once (conditional on it being null). The order's lines are untouched: the payment
 * was never the order's.
 */
import { refundAnswer, type RefundCallbackAnswer } from '@shared/contracts/afterSale';
import { getDoc, updateWhere } from '../_lib/db';
import { confirmRefund } from '../_lib/refundConfirm';

export async function finishStrayRefund(
  subMchId: string,
  orderId: string,
  outRefundNo: string,
  now: Date,
): Promise<RefundCallbackAnswer> {
  const order = await getDoc('orders', orderId);
  const stray = order?.strayPayment;
  if (!stray || stray.decision !== 'refund' || stray.refundNo !== outRefundNo)
    return refundAnswer('NOT_FOUND', `order ${orderId} has no stray payment refunded as ${outRefundNo}`);
  if (stray.refundedAt) return refundAnswer('OK', `refund ${outRefundNo} was already recorded`);
  const confirmation = await confirmRefund(subMchId, outRefundNo, { outTradeNo: orderId, refundFeeFen: stray.paidFen });
  if (!confirmation.confirmed) return refundAnswer('NOT_CONFIRMED', confirmation.detail);
  await updateWhere(
    'orders',
    { _id: orderId, 'strayPayment.refundNo': outRefundNo, 'strayPayment.refundedAt': null },
    { 'strayPayment.refundedAt': now, updatedAt: now },
  );
  return refundAnswer('OK', `stray payment of order ${orderId} refunded`);
}

/**
 * The refunds of top-ups (docs/wallet.md section 1), recognised by their out_refund_no
 * (shared/topUps.ts): `<topUpId>-refund`, the merchant's refund, moves the top-up
 * `refunding → refunded` once WeChat Pay confirms it; `<topUpId>-stray`, the automatic refund of
 * a payment of the wrong amount, records `mismatch.refundedAt`. The balance is not touched here:
 * the merchant's refund took amount and bonus out when it was asked for.
 */
import { refundAnswer, type RefundCallbackAnswer } from '@shared/contracts/afterSale';
import { TOP_UP_MACHINE, type TopUpRefundTarget } from '@shared/topUps';
import { getDoc, updateWhere } from '../_lib/db';
import { confirmRefund } from '../_lib/refundConfirm';
import { transition } from '../_lib/transitions';

export async function finishTopUpRefund(
  subMchId: string,
  target: NonNullable<TopUpRefundTarget>,
  outRefundNo: string,
  now: Date,
): Promise<RefundCallbackAnswer> {
  const topUp = await getDoc('topUps', target.topUpId);
  if (target.kind === 'mismatch') {
    const mismatch = topUp?.mismatch;
    if (!mismatch || mismatch.refundNo !== outRefundNo)
      return refundAnswer('NOT_FOUND', `top-up ${target.topUpId} has no payment refunded as ${outRefundNo}`);
    if (mismatch.refundedAt) return refundAnswer('OK', `refund ${outRefundNo} was already recorded`);
    const expected = { outTradeNo: target.topUpId, refundFeeFen: mismatch.paidFen };
    const confirmation = await confirmRefund(subMchId, outRefundNo, expected);
    if (!confirmation.confirmed) return refundAnswer('NOT_CONFIRMED', confirmation.detail);
    await updateWhere(
      'topUps',
      { _id: target.topUpId, 'mismatch.refundedAt': null },
      { 'mismatch.refundedAt': now, updatedAt: now },
    );
    return refundAnswer('OK', `the mismatched payment of top-up ${target.topUpId} refunded`);
  }
  if (!topUp?.refund || topUp.refund.outRefundNo !== outRefundNo)
    return refundAnswer('NOT_FOUND', `top-up ${target.topUpId} has no refund ${outRefundNo}`);
  if (topUp.status === 'refunded') return refundAnswer('OK', `refund ${outRefundNo} was already recorded`);
  const expected = { outTradeNo: target.topUpId, refundFeeFen: topUp.amountFen };
  const confirmation = await confirmRefund(subMchId, outRefundNo, expected);
  if (!confirmation.confirmed) return refundAnswer('NOT_CONFIRMED', confirmation.detail);
  const fields = { 'refund.succeededAt': now, 'refund.refundId': confirmation.refund.refundId, updatedAt: now };
  await transition(TOP_UP_MACHINE, 'refundSucceeded', { _id: target.topUpId }, fields);
  return refundAnswer('OK', `top-up ${target.topUpId} refunded`);
}

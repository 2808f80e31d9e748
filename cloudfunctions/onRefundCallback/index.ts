/**
 * onRefundCallback: the payment platform's notification that a refund completed (functionName
 * of every cloudPay.refund the project makes). It answers `{ errcode: 0 }` only once the refund
 * is recorded, now or by an earlier delivery; any other answer makes the platform re-deliver.
 * See docs/api.md (onRefundCallback).
 *
 * Trust, as for payments: only the platform's own invocation counts (`getWXContext().SOURCE`
 * `wx_paycallback`; a mini-program user calling this function gets `wx_client` and is answered
 * FORBIDDEN without a read or a write). The event only names the refund: its outcome and amount
 * are taken from cloudPay.queryRefund, so even a forged event could only confirm a real refund.
 *
 * The out_refund_no says what was refunded (shared/afterSales.ts parseRefundNo):
 * `a<afterSaleId>` an after-sale request (afterSale.ts), `<orderId>-stray` the automatic refund
 * of a payment an order did not keep (stray.ts), `<topUpId>-refund` and `<topUpId>-stray` the
 * refunds of a top-up (topUp.ts).
 */
import { parseRefundNo } from '@shared/afterSales';
import { RefundNotification, refundAnswer, type RefundCallbackAnswer } from '@shared/contracts/afterSale';
import { caller, parseEvent } from '../_lib/cloud';
import { subMerchantId } from '../_lib/refunds';
import { answerOf, finishAfterSaleRefund } from '../_lib/afterSaleRefund';
import { finishStrayRefund } from './stray';
import { parseTopUpRefundNo } from '@shared/topUps';
import { finishTopUpRefund } from './topUp';

export const PAY_CALLBACK_SOURCE = 'wx_paycallback';

export async function main(event: unknown): Promise<RefundCallbackAnswer> {
  const { source } = caller();
  if (source !== PAY_CALLBACK_SOURCE)
    return refundAnswer('FORBIDDEN', `not called by the payment platform (source ${source || 'none'})`);
  const parsed = parseEvent(RefundNotification, event);
  if (!parsed.ok) return refundAnswer('INVALID_INPUT', parsed.error.message);
  try {
    return await dispatch(parsed.data.outRefundNo, new Date());
  } catch (error) {
    // A platform or database failure: not acknowledged, so the platform delivers it again.
    console.error('onRefundCallback failed; the platform will re-deliver', error);
    return refundAnswer('ERROR', error instanceof Error ? error.message : String(error));
  }
}

async function dispatch(outRefundNo: string, now: Date): Promise<RefundCallbackAnswer> {
  const subMchId = subMerchantId();
  if (!subMchId) throw new Error('WXPAY_SUB_MCH_ID is not set on onRefundCallback: refunds cannot be confirmed');
  const topUp = parseTopUpRefundNo(outRefundNo);
  if (topUp) return finishTopUpRefund(subMchId, topUp, outRefundNo, now);
  const target = parseRefundNo(outRefundNo);
  if (target.kind === 'afterSale')
    return answerOf(await finishAfterSaleRefund(subMchId, target.afterSaleId, outRefundNo, now));
  if (target.kind === 'stray') return finishStrayRefund(subMchId, target.orderId, outRefundNo, now);
  return refundAnswer('NOT_FOUND', `out_refund_no ${outRefundNo} is not one of this project's refunds`);
}

/**
 * What makes a refund notification true: cloudPay.queryRefund reports the refund SUCCESS, for
 * the expected payment and amount. Anything else is not acted on.
 */
import { queryRefund, type RefundRecord } from './refunds';

export type Confirmation =
  { confirmed: true; refund: RefundRecord } | { confirmed: false; status: string; detail: string };

export async function confirmRefund(
  subMchId: string,
  outRefundNo: string,
  expected: { outTradeNo: string; refundFeeFen: number },
): Promise<Confirmation> {
  const query = await queryRefund(subMchId, outRefundNo);
  if (query.kind === 'notFound')
    return { confirmed: false, status: 'NOT_FOUND', detail: `the platform has no refund ${outRefundNo}` };
  if (query.kind === 'failed') throw new Error(`cloudPay.queryRefund failed for ${outRefundNo}: ${query.reason}`);
  const { refund } = query;
  if (refund.outTradeNo !== expected.outTradeNo || refund.refundFeeFen !== expected.refundFeeFen) {
    const detail = `the platform's refund ${outRefundNo} is ${refund.refundFeeFen} fen of ${refund.outTradeNo}, expected ${expected.refundFeeFen} fen of ${expected.outTradeNo}`;
    return { confirmed: false, status: 'MISMATCH', detail };
  }
  if (refund.status !== 'SUCCESS')
    return { confirmed: false, status: refund.status, detail: `refund ${outRefundNo} is ${refund.status}` };
  return { confirmed: true, refund };
}

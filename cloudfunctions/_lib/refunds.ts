/**
 * Typed wrappers of cloudPay.refund and cloudPay.queryRefund for after-sales, answering the
 * outcomes the use cases branch on as values (wx-server-sdk's typings lack cloudPay, so the
 * cast lives here). _lib/pay.ts (the order lifecycle's) throws on a refused refund; after-sales
 * must keep the reason for the merchant instead, hence these.
 *
 * How the SDK reports outcomes (docs/platform.md section 6.2): a malformed request is `returnCode: FAIL`;
 * a refusal by the business rules is `resultCode: FAIL` with `errCodeDes`, and the SDK overwrites
 * WeChat Pay's `err_code`, so a refusal is told apart only by its description. The one that
 * matters, "no such refund" (REFUNDNOTEXIST, 退款订单查询失败), is matched below.
 */
import { randomBytes } from 'node:crypto';
import { cloudPayApi, REFUND_CALLBACK_FUNCTION, type PayReply } from './pay';
import { cloud } from './cloud';

/** The function WeChat Pay notifies when a refund completes. */
export const REFUND_CALLBACK = REFUND_CALLBACK_FUNCTION;

const REFUND_NOT_FOUND_TEXT = /退款订单查询失败|REFUNDNOTEXIST/;

/** The merchant's sub-merchant id, or null when the function was deployed without it. */
export function subMerchantId(): string | null {
  return process.env.WXPAY_SUB_MCH_ID || null;
}

function refusalText(reply: PayReply): string {
  return String(reply.returnCode !== 'SUCCESS' ? reply.returnMsg : reply.errCodeDes) || JSON.stringify(reply);
}

export interface RefundSubmission {
  subMchId: string;
  /** The payment's out_trade_no: the order id. */
  outTradeNo: string;
  outRefundNo: string;
  /** What the payment was for, fen (the order's payableFen). */
  totalFeeFen: number;
  refundFeeFen: number;
}

export type SubmitOutcome = { accepted: true; refundId: string } | { accepted: false; reason: string };

/**
 * Asks WeChat Pay to refund. The same out_refund_no with the same fee is the same refund, so a
 * re-submission is safe. Accepted is not done: completion is reported to onRefundCallback.
 * A platform failure (no answer) throws: the refund may or may not have been accepted.
 */
export async function submitRefund(request: RefundSubmission): Promise<SubmitOutcome> {
  const reply = await cloudPayApi().refund({
    subMchId: request.subMchId,
    nonceStr: randomBytes(16).toString('hex'),
    envId: String(cloud.getWXContext().ENV ?? ''),
    functionName: REFUND_CALLBACK,
    outTradeNo: request.outTradeNo,
    outRefundNo: request.outRefundNo,
    totalFee: request.totalFeeFen,
    refundFee: request.refundFeeFen,
  });
  if (reply.returnCode === 'SUCCESS' && reply.resultCode === 'SUCCESS')
    return { accepted: true, refundId: String(reply.refundId ?? '') };
  return { accepted: false, reason: refusalText(reply) };
}

/** One refund as WeChat Pay reports it. `status`: SUCCESS, PROCESSING, REFUNDCLOSE or CHANGE. */
export interface RefundRecord {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  refundFeeFen: number;
  status: string;
}

export type RefundQuery =
  { kind: 'found'; refund: RefundRecord } | { kind: 'notFound' } | { kind: 'failed'; reason: string };

/** What WeChat Pay knows about the refund `outRefundNo` (v2 refundquery, indexed fields `<name>_<n>`). */
export async function queryRefund(subMchId: string, outRefundNo: string): Promise<RefundQuery> {
  const reply = await cloudPayApi().queryRefund({ subMchId, nonceStr: randomBytes(16).toString('hex'), outRefundNo });
  if (reply.returnCode !== 'SUCCESS' || reply.resultCode !== 'SUCCESS') {
    return REFUND_NOT_FOUND_TEXT.test(String(reply.errCodeDes ?? ''))
      ? { kind: 'notFound' }
      : { kind: 'failed', reason: refusalText(reply) };
  }
  const count = Number(reply.refundCount ?? 0);
  for (let n = 0; n < count; n += 1) {
    if (reply[`outRefundNo_${n}`] !== outRefundNo) continue;
    return {
      kind: 'found',
      refund: {
        outTradeNo: String(reply.outTradeNo ?? ''),
        outRefundNo,
        refundId: String(reply[`refundId_${n}`] ?? ''),
        refundFeeFen: Number(reply[`refundFee_${n}`]),
        status: String(reply[`refundStatus_${n}`] ?? ''),
      },
    };
  }
  return { kind: 'notFound' };
}

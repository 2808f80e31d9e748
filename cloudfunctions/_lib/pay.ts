/**
 * Typed wrappers of the cloudPay calls the order lifecycle makes after checkout: queryOrder,
 * closeOrder and refund (placeOrder opens payments itself). wx-server-sdk's typings lack
 * cloudPay, so the cast lives here.
 *
 * How the SDK reports outcomes (docs/platform.md section 6.2): a malformed request is `returnCode: FAIL`;
 * a refusal by the business rules is `resultCode: FAIL` with `errCodeDes` — and the SDK
 * overwrites WeChat Pay's `err_code` with its own `errCode: 0`, so the machine-readable reason
 * is lost. These wrappers therefore never branch on refusal texts where it matters: after a
 * refused closeOrder they ask queryOrder what the payment's state really is.
 */
import { randomBytes } from 'node:crypto';
import { parsePayTime, type PaymentState } from '@shared/contracts/onPayCallback';
import { cloud } from './cloud';

/** A cloudPay reply as wx-server-sdk answers it (camelCase WeChat Pay v2 fields). */
export interface PayReply {
  returnCode?: string;
  returnMsg?: string;
  resultCode?: string;
  errCodeDes?: string;
  [field: string]: unknown;
}

type CloudPayApi = 'unifiedOrder' | 'queryOrder' | 'closeOrder' | 'refund' | 'queryRefund' | 'downloadBill';
type CloudPay = Record<CloudPayApi, (params: Record<string, unknown>) => Promise<PayReply>>;

/** The function the platform notifies when a refund completes. */
export const REFUND_CALLBACK_FUNCTION = 'onRefundCallback';

/** WeChat Pay's description of ORDERNOTEXIST (the only refusal that must be told apart from the others). */
const ORDER_NOT_FOUND_TEXT = /订单不存在|ORDERNOTEXIST/;

/** cloud.cloudPay, typed: the one place that casts it (wx-server-sdk's typings lack it). */
export function cloudPayApi(): CloudPay {
  return (cloud as unknown as { cloudPay: CloudPay }).cloudPay;
}

/** The merchant's sub-merchant id; a function that touches payments cannot work without it. */
function subMchId(): string {
  const id = process.env.WXPAY_SUB_MCH_ID;
  if (!id) throw new Error('WXPAY_SUB_MCH_ID is not set on this function: it cannot query, close or refund payments');
  return id;
}

const nonceStr = (): string => randomBytes(16).toString('hex');

async function call(name: 'queryOrder' | 'closeOrder' | 'refund', params: Record<string, unknown>): Promise<PayReply> {
  const reply = await cloudPayApi()[name]({ subMchId: subMchId(), nonceStr: nonceStr(), ...params });
  // A malformed request is a bug or a configuration error, never an outcome to act on.
  if (reply.returnCode !== 'SUCCESS')
    throw new Error(`cloudPay.${name} refused the request: ${reply.returnMsg ?? JSON.stringify(reply)}`);
  return reply;
}

/** What the platform says about the payment of `outTradeNo`. Transient failures throw. */
export async function queryPayment(outTradeNo: string): Promise<PaymentState> {
  const reply = await call('queryOrder', { outTradeNo });
  if (reply.resultCode !== 'SUCCESS') {
    if (ORDER_NOT_FOUND_TEXT.test(String(reply.errCodeDes ?? ''))) return { kind: 'none' };
    throw new Error(`cloudPay.queryOrder failed for ${outTradeNo}: ${String(reply.errCodeDes)}`);
  }
  const tradeState = String(reply.tradeState ?? '');
  if (tradeState === 'CLOSED' || tradeState === 'REVOKED') return { kind: 'closed' };
  if (tradeState !== 'SUCCESS' && tradeState !== 'REFUND') return { kind: 'unpaid', tradeState };
  return {
    kind: 'paid',
    payment: {
      outTradeNo: String(reply.outTradeNo ?? ''),
      transactionId: String(reply.transactionId ?? ''),
      totalFeeFen: Number(reply.totalFee),
      paidAt: parsePayTime(String(reply.timeEnd ?? '')),
      refunded: tradeState === 'REFUND',
    },
  };
}

/**
 * Closes the payment of `outTradeNo` so that it can never be paid, and answers the state it is
 * in afterwards: `closed` (now or before), `none` (never opened: nothing can be paid either),
 * `paid` (too late: the money arrived) or `unpaid` (the close did not happen, e.g. the shopper
 * is paying right now; try again later).
 */
export async function closePayment(outTradeNo: string): Promise<PaymentState> {
  const reply = await call('closeOrder', { outTradeNo });
  if (reply.resultCode === 'SUCCESS') return { kind: 'closed' };
  return queryPayment(outTradeNo);
}

export interface RefundRequest {
  outTradeNo: string;
  /** Deterministic per refund: the platform answers a repeated request with the same refund. */
  outRefundNo: string;
  totalFeeFen: number;
  refundFeeFen: number;
  reason: string;
}

/** Asks the platform to refund; answers its refund id. Accepted is not done: completion goes to onRefundCallback. */
export async function refundPayment(request: RefundRequest): Promise<{ refundId: string }> {
  const reply = await call('refund', {
    functionName: REFUND_CALLBACK_FUNCTION,
    envId: String(cloud.getWXContext().ENV ?? ''),
    outTradeNo: request.outTradeNo,
    outRefundNo: request.outRefundNo,
    totalFee: request.totalFeeFen,
    refundFee: request.refundFeeFen,
    refundDesc: request.reason,
  });
  if (reply.resultCode !== 'SUCCESS')
    throw new Error(`cloudPay.refund refused ${request.outRefundNo}: ${String(reply.errCodeDes)}`);
  return { refundId: String(reply.refundId ?? '') };
}

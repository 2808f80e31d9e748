/**
 * Opening the WeChat payment of an order (cloud.cloudPay.unifiedOrder, through _lib/pay.ts's
 * typed accessor). Calling it again for the same order is safe:
 * the platform answers the same prepay for the same out_trade_no and amount.
 */
import { createHash } from 'node:crypto';
import type { OrderDocument } from '@shared/orders';
import { cloud } from '../_lib/cloud';
import { cloudPayApi } from '../_lib/pay';

/** The callback function the platform calls when the payment succeeds. */
export const PAY_CALLBACK_FUNCTION = 'onPayCallback';

/** WeChat Pay's limit on the payment description (`body`), in UTF-8 bytes. */
const BODY_MAX_BYTES = 128;

/**
 * The payment description: the first product's name, with "等 N 件" for several lines, fitted to
 * BODY_MAX_BYTES. A Chinese character takes 3 bytes, so a name over about 40 characters is cut
 * on a character boundary (never inside a surrogate pair or a multi-byte sequence) and marked
 * with an ellipsis; the count of items is always kept whole.
 */
export function paymentBody(names: string[]): string {
  const first = names[0] || '商品';
  const suffix = names.length > 1 ? ` 等 ${names.length} 件` : '';
  if (Buffer.byteLength(first + suffix) <= BODY_MAX_BYTES) return first + suffix;
  const room = BODY_MAX_BYTES - Buffer.byteLength(`…${suffix}`);
  let cut = '';
  for (const character of Array.from(first)) {
    if (Buffer.byteLength(cut + character) > room) break;
    cut += character;
  }
  return `${cut}…${suffix}`;
}

export type PaymentParams = { ok: true; params: Record<string, string> } | { ok: false; reason: string };

export async function openPayment(order: OrderDocument, clientIp: string): Promise<PaymentParams> {
  const subMchId = process.env.WXPAY_SUB_MCH_ID;
  if (!subMchId) throw new Error('WXPAY_SUB_MCH_ID is not set on placeOrder: the shop cannot take payments');
  const reply = await cloudPayApi().unifiedOrder({
    functionName: PAY_CALLBACK_FUNCTION,
    envId: String(cloud.getWXContext().ENV ?? ''),
    subMchId,
    // Deterministic per order, so a retried call sends exactly the same request.
    nonceStr: createHash('sha256').update(order._id).digest('hex').slice(0, 32),
    body: paymentBody(order.lines.map((line) => line.name)),
    outTradeNo: order._id,
    totalFee: order.payableFen,
    spbillCreateIp: clientIp || '127.0.0.1',
    tradeType: 'JSAPI',
  });
  const payment = reply.payment as Record<string, string> | undefined;
  if (reply.returnCode !== 'SUCCESS' || reply.resultCode !== 'SUCCESS' || !payment) {
    return { ok: false, reason: reply.errCodeDes ?? reply.returnMsg ?? 'unifiedOrder failed' };
  }
  return { ok: true, params: payment };
}

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
    body:
      order.lines.length === 1
        ? (order.lines[0]?.name ?? '商品')
        : `${order.lines[0]?.name ?? '商品'} 等 ${order.lines.length} 件`,
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

/**
 * The `placeOrder` function and the payment that follows it (下单与支付).
 *
 * - `quote`: the checkout's totals, priced on the server by placeOrder's own pricing (read-only).
 * - `placeOrder`: the order; the same `idempotencyKey` answers the same order, so a retry after
 *   a lost answer never places a second one.
 * - `pay`: hands exactly the parameters placeOrder (or the order's `payParams`) answered to
 *   wx.requestPayment. In local mode there is no WeChat Pay: after a confirmation the payment is
 *   completed in the emulator's sandbox (`POST /_emulator/payments/<orderId>/pay`), which then
 *   notifies onPayCallback as the platform would. Pages see the same outcome either way.
 */
import type { PLACE_ORDER_CONTRACTS } from '@shared/contracts/quote';
import type { RouteInput, RouteOutput } from '@shared/routeTable';
import { LOCAL_EMULATOR_URL } from '../config';
import { call, callRoute, isLocalMode } from './call';

type Input<R extends keyof typeof PLACE_ORDER_CONTRACTS> = RouteInput<typeof PLACE_ORDER_CONTRACTS, R>;
export type PaymentParams = NonNullable<RouteOutput<typeof PLACE_ORDER_CONTRACTS, 'place'>['payment']>;

/** `cancelled`: the shopper closed the payment sheet; the order stays unpaid (待付款). */
export type PayOutcome = { status: 'paid' } | { status: 'cancelled' } | { status: 'failed'; message: string };

export const quote = (input: Input<'quote'>) => callRoute('placeOrder', 'quote', input);

/** Sent without `$url`: the function's default route, `place`. */
export const placeOrder = (input: Input<'place'>) => call('placeOrder', input);

function requestPayment(params: PaymentParams): Promise<PayOutcome> {
  return new Promise((resolve) => {
    wx.requestPayment({
      timeStamp: params.timeStamp,
      nonceStr: params.nonceStr,
      package: params.package,
      signType: params.signType as WechatMiniprogram.RequestPaymentOption['signType'],
      paySign: params.paySign,
      success: () => resolve({ status: 'paid' }),
      fail: (error: WechatMiniprogram.GeneralCallbackResult) =>
        resolve(
          /cancel/i.test(error.errMsg)
            ? { status: 'cancelled' }
            : { status: 'failed', message: '支付失败，请稍后重试' },
        ),
    });
  });
}

function sandboxPay(orderId: string): Promise<PayOutcome> {
  return new Promise((resolve) => {
    wx.request({
      url: `${LOCAL_EMULATOR_URL}/_emulator/payments/${encodeURIComponent(orderId)}/pay`,
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data: {},
      success: (response) =>
        resolve(
          response.statusCode === 200
            ? { status: 'paid' }
            : { status: 'failed', message: `模拟支付失败（HTTP ${response.statusCode}）` },
        ),
      fail: () => resolve({ status: 'failed', message: '网络不给力，请稍后重试' }),
    });
  });
}

async function localPay(orderId: string): Promise<PayOutcome> {
  const answer = await wx.showModal({
    title: '本地模式',
    content: '使用模拟器的支付沙箱完成支付？',
    confirmText: '支付',
    cancelText: '取消',
  });
  return answer.confirm ? sandboxPay(orderId) : { status: 'cancelled' };
}

/** Pays an order with the parameters its server answered; never throws. */
export function pay(orderId: string, params: PaymentParams): Promise<PayOutcome> {
  return isLocalMode() ? localPay(orderId) : requestPayment(params);
}

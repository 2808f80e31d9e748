/**
 * 订单详情 of an order placed for 余额支付 (docs/wallet.md section 2) that the balance did not cover
 * then: it offers 余额支付 (order › payWithBalance) instead of 继续支付, and shows the order paid
 * once the payment answers; a balance still short says so and changes nothing.
 */
import { answerCalls, callsOf, fail, ok, renderPage, tap, text, wx } from './helpers';
import { orderView, paidOrder } from './shop-buy-fixtures';

const ORDER_ID = 'o0123456789abcdef01234567';
const UNPAID = orderView({ payMethod: 'balance', payParams: null });

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  wx.showModal.mockResolvedValue({ confirm: true, cancel: false });
});

describe('shop/order/order paid with the balance', () => {
  it('余额支付 pays the unpaid balance order and shows it paid', async () => {
    answerCalls({
      'order.detail': ok(UNPAID),
      'afterSale.list': ok({ items: [], nextOffset: null }),
      'order.payWithBalance': ok({ status: 'paid', order: paidOrder({ payMethod: 'balance' }) }),
    });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    expect(text(page, '.pay-method')).toBe('余额支付');
    expect(page.querySelector('.pay-button')).toBeFalsy();
    await tap(page, '.balance-pay-button', '.t-button');
    expect(wx.showModal).toHaveBeenCalledWith({ title: '提示', content: '使用余额支付 ¥207.80？' });
    expect(callsOf('order.payWithBalance')).toEqual([{ $url: 'payWithBalance', orderId: ORDER_ID }]);
    expect(text(page, '.status-label')).toBe('待发货');
    expect(page.querySelector('.balance-pay-button')).toBeFalsy();
  });

  it('a balance still short says so and leaves the order unpaid', async () => {
    answerCalls({
      'order.detail': ok(UNPAID),
      'afterSale.list': ok({ items: [], nextOffset: null }),
      'order.payWithBalance': fail('BALANCE_INSUFFICIENT', '余额不足，还差 ¥7.80'),
    });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    await tap(page, '.balance-pay-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '余额不足，还差 ¥7.80', icon: 'none' });
    expect(text(page, '.status-label')).toBe('待付款');
  });
});

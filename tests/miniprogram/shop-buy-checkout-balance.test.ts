/**
 * 确认订单's payment choice (docs/wallet.md section 2): 微信支付 by default; 余额支付 shows the
 * balance the quote answered and is offered only when it covers the order (disabled with the
 * reason otherwise). Paying with the balance is done by placeOrder: no payment sheet, straight to
 * the paid order. A balance that fell short meanwhile leaves the order in 待付款.
 */
import { answerCalls, callsOf, fail, ok, renderPage, tap, text, wx, type Rendered } from './helpers';
import { addressView, cartView, PAY_PARAMS, quoteView } from './shop-buy-fixtures';

const ORDER_ID = 'o0123456789abcdef01234567';
const requestPayment = jest.fn();
(wx as unknown as { requestPayment: jest.Mock }).requestPayment = requestPayment;

const classOf = (page: Rendered, selector: string): string =>
  (page.querySelector(selector)!.dom as unknown as { className: string }).className;

const QUOTE = quoteView([{ skuId: 'tea-250', quantity: 1, unitPriceFen: 12800 }], 0);
const CART_QUERY = { from: 'cart', items: 'tea-250:1' };

function answers(balanceFen: number, overrides: Record<string, unknown> = {}): void {
  answerCalls({
    'placeOrder.quote': ok({ ...QUOTE, balanceFen }),
    placeOrder: ok({
      orderId: ORDER_ID,
      payableFen: 12800,
      payMethod: 'balance',
      paid: true,
      payment: null,
      payDeadline: '2026-03-01T02:30:00.000Z',
    }),
    'address.list': ok({ items: [addressView({ id: 'addr_home', isDefault: true })] }),
    'cart.remove': ok(cartView([])),
    ...overrides,
  });
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('shop/checkout/checkout payment choice', () => {
  it('offers 余额支付 with the balance; paying with it goes straight to the paid order', async () => {
    answers(30000);
    const page = await renderPage('shop/checkout/checkout', CART_QUERY);
    expect(text(page, '.pay-available')).toBe('可用余额 ¥300.00');
    expect(classOf(page, '.pay-wechat')).toContain('pay-method-chosen');
    await tap(page, '.pay-balance');
    expect(classOf(page, '.pay-balance')).toContain('pay-method-chosen');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('placeOrder')).toEqual([
      {
        items: [{ skuId: 'tea-250', quantity: 1 }],
        addressId: 'addr_home',
        idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
        note: '',
        payMethod: 'balance',
      },
    ]);
    expect(requestPayment).not.toHaveBeenCalled();
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: `/shop/order/order?id=${ORDER_ID}&paid=1` });
  });

  it('disables 余额支付 with the reason when the balance does not cover the order', async () => {
    answers(2800, {
      placeOrder: ok({
        orderId: ORDER_ID,
        payableFen: 12800,
        payMethod: 'wechat',
        paid: false,
        payment: PAY_PARAMS,
        payDeadline: '2026-03-01T02:30:00.000Z',
      }),
    });
    requestPayment.mockImplementation((options: { success(): void }) => options.success());
    const page = await renderPage('shop/checkout/checkout', CART_QUERY);
    expect(classOf(page, '.pay-balance')).toContain('pay-method-disabled');
    expect(text(page, '.pay-reason')).toBe('余额不足，还差 ¥100.00');
    await tap(page, '.pay-balance');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '余额不足，还差 ¥100.00', icon: 'none' });
    expect(classOf(page, '.pay-wechat')).toContain('pay-method-chosen');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('placeOrder')[0]).not.toHaveProperty('payMethod');
    expect(requestPayment).toHaveBeenCalledWith(expect.objectContaining(PAY_PARAMS));
  });

  it('a balance that fell short meanwhile leaves the order in 待付款', async () => {
    answers(30000, { placeOrder: fail('BALANCE_INSUFFICIENT', '余额不足，订单已保留，充值后可在订单详情用余额支付') });
    const page = await renderPage('shop/checkout/checkout', CART_QUERY);
    await tap(page, '.pay-balance');
    await tap(page, '.submit-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({
      title: '余额不足，订单已保留，充值后可在订单详情用余额支付',
      icon: 'none',
    });
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/shop/orders/orders?status=pending_payment' });
  });
});

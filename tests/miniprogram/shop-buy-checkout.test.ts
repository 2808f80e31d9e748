/**
 * 确认订单: totals from placeOrder › quote, the default address, submit → placeOrder with one
 * idempotency key across retries → wx.requestPayment with exactly the server's parameters →
 * the order page; a cancelled payment leaves the order unpaid and still opens it.
 */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, wx } from './helpers';
import { addressView, cartView, PAY_PARAMS, quoteView } from './shop-buy-fixtures';

const ORDER_ID = 'o0123456789abcdef01234567';
const requestPayment = jest.fn();
(wx as unknown as { requestPayment: jest.Mock }).requestPayment = requestPayment;

function payWith(errMsg: string | null): void {
  requestPayment.mockImplementation((options: { success(): void; fail(error: { errMsg: string }): void }) => {
    if (errMsg === null) options.success();
    else options.fail({ errMsg });
  });
}

const QUOTE = quoteView(
  [
    { skuId: 'tea-250', quantity: 1, unitPriceFen: 12800 },
    { skuId: 'towel-white', quantity: 2, unitPriceFen: 3990 },
  ],
  0,
);
const ADDRESSES = [
  addressView({ id: 'addr_other', isDefault: false, name: '李四' }),
  addressView({ id: 'addr_home', isDefault: true }),
];

function answers(overrides: Record<string, unknown> = {}): void {
  answerCalls({
    'placeOrder.quote': ok(QUOTE),
    placeOrder: ok({
      orderId: ORDER_ID,
      payableFen: 20780,
      payment: PAY_PARAMS,
      payDeadline: '2026-03-01T02:30:00.000Z',
    }),
    'address.list': ok({ items: ADDRESSES }),
    'cart.remove': ok(cartView([])),
    ...overrides,
  });
}

const CART_QUERY = { from: 'cart', items: 'tea-250:1,towel-white:2' };

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  payWith(null);
});

describe('shop/checkout/checkout', () => {
  it('shows the totals the server quoted and the default address', async () => {
    answers();
    const page = await renderPage('shop/checkout/checkout', CART_QUERY);
    expect(callsOf('placeOrder.quote')).toEqual([
      {
        $url: 'quote',
        items: [
          { skuId: 'tea-250', quantity: 1 },
          { skuId: 'towel-white', quantity: 2 },
        ],
      },
    ]);
    expect(text(page, '.goods')).toBe('¥207.80');
    expect(text(page, '.shipping')).toBe('免运费');
    expect(text(page, '.payable')).toBe('¥207.80');
    expect(text(page, '.address-name')).toBe('张三');
    expect(text(page, '.address-line')).toBe('浙江省 杭州市 西湖区 文三路 1 号');
    expect(page.querySelectorAll('.line')).toHaveLength(2);
  });

  it('quotes 立即购买 of one SKU and charges the shipping the server says', async () => {
    answers({ 'placeOrder.quote': ok(quoteView([{ skuId: 'tea-250', quantity: 2, unitPriceFen: 3990 }], 800)) });
    const page = await renderPage('shop/checkout/checkout', { skuId: 'tea-250', quantity: '2' });
    expect(callsOf('placeOrder.quote')).toEqual([{ $url: 'quote', items: [{ skuId: 'tea-250', quantity: 2 }] }]);
    expect(text(page, '.shipping')).toBe('¥8.00');
    expect(text(page, '.payable')).toBe('¥87.80');
  });

  it('places the order, removes the lines from the cart, pays with the server parameters and opens the order', async () => {
    answers();
    const page = await renderPage('shop/checkout/checkout', CART_QUERY);
    page.querySelector('.note-input')!.dispatchEvent('input', { detail: { value: '请尽快发货' } });
    await tap(page, '.submit-button', '.t-button');
    const [placed] = callsOf('placeOrder');
    expect(placed).toEqual({
      items: [
        { skuId: 'tea-250', quantity: 1 },
        { skuId: 'towel-white', quantity: 2 },
      ],
      addressId: 'addr_home',
      idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      note: '请尽快发货',
    });
    expect(callsOf('cart.remove')).toEqual([{ $url: 'remove', skuIds: ['tea-250', 'towel-white'] }]);
    expect(requestPayment).toHaveBeenCalledWith(expect.objectContaining(PAY_PARAMS));
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: `/shop/order/order?id=${ORDER_ID}&paid=1` });
  });

  it('keeps the idempotency key across a retry after a lost answer, and makes a new one after a refusal', async () => {
    let attempt = 0;
    answers({
      placeOrder: () => {
        attempt += 1;
        if (attempt === 1) throw Object.assign(new Error('timeout'), { errMsg: 'cloud.callFunction:fail timeout' });
        if (attempt === 2) return fail('OUT_OF_STOCK', '库存不足: towel-white');
        return ok({
          orderId: ORDER_ID,
          payableFen: 20780,
          payment: PAY_PARAMS,
          payDeadline: '2026-03-01T02:30:00.000Z',
        });
      },
    });
    const page = await renderPage('shop/checkout/checkout', CART_QUERY);
    await tap(page, '.submit-button', '.t-button');
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '网络不给力，请稍后重试', icon: 'none' });
    await tap(page, '.submit-button', '.t-button');
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '库存不足: towel-white', icon: 'none' });
    await tap(page, '.submit-button', '.t-button');
    const keys = callsOf('placeOrder').map((data) => data.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
    expect(wx.redirectTo).toHaveBeenCalledTimes(1);
  });

  it('opens the unpaid order when the shopper cancels the payment', async () => {
    payWith('requestPayment:fail cancel');
    answers();
    const page = await renderPage('shop/checkout/checkout', { skuId: 'tea-250', quantity: '1' });
    await tap(page, '.submit-button', '.t-button');
    expect(requestPayment).toHaveBeenCalledTimes(1);
    expect(callsOf('cart.remove')).toEqual([]);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已取消支付，可在订单中继续支付', icon: 'none' });
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: `/shop/order/order?id=${ORDER_ID}` });
  });

  it('asks for an address when there is no default, and takes the one chosen on the address list', async () => {
    answers({ 'address.list': ok({ items: [addressView({ id: 'addr_other', isDefault: false, name: '李四' })] }) });
    const page = await renderPage('shop/checkout/checkout', CART_QUERY);
    expect(text(page, '.address-missing')).toBe('请选择收货地址');
    await tap(page, '.submit-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请选择收货地址', icon: 'none' });
    expect(callsOf('placeOrder')).toEqual([]);
    await tap(page, '.address-card');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/addresses/addresses?select=1' });
    wx.setStorageSync('checkout.addressId', 'addr_other');
    await (page.instance as { onShow(): Promise<void> }).onShow();
    await settle(10);
    expect(text(page, '.address-name')).toBe('李四');
    expect(wx.getStorageSync('checkout.addressId')).toBe('');
  });

  it('shows why the items cannot be ordered, and refuses a malformed query without calling anything', async () => {
    answers({ 'placeOrder.quote': fail('NOT_ON_SALE', '商品已下架: 毛巾') });
    const page = await renderPage('shop/checkout/checkout', CART_QUERY);
    expect(stateText(page)).toBe('加载失败 商品已下架: 毛巾');
    jest.clearAllMocks();
    const bad = await renderPage('shop/checkout/checkout', { skuId: 'tea-250', quantity: '0' });
    expect(stateText(bad)).toBe('加载失败 没有要结算的商品');
    expect(wx.cloud.callFunction).not.toHaveBeenCalled();
  });
});

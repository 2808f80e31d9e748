/**
 * 确认订单 with discounts: every discount the quote priced is shown by name (限时折扣, 满减), the
 * coupon row opens the picker (usable coupons with what each takes off, the others greyed with
 * why, 不使用优惠券), a choice is priced again by the server, and placeOrder gets the coupon the
 * last quote priced in. The quote is the worked example of docs/marketing.md.
 */
import type { QuoteOutput } from '@shared/contracts/quote';
import { answerCalls, callsOf, fail, ok, renderPage, settle, tap, text, texts, wx } from './helpers';
import { addressView, PAY_PARAMS } from './shop-buy-fixtures';

const ORDER_ID = 'o0123456789abcdef01234567';
const ITEMS = 'tea-250:2,cup-1:1';

function line(skuId: string, unitPriceFen: number, quantity: number, extra: Partial<QuoteOutput['lines'][number]>) {
  return {
    skuId,
    productId: `p-${skuId}`,
    name: `商品 ${skuId}`,
    spec: '',
    image: '',
    unitPriceFen,
    quantity,
    lineTotalFen: unitPriceFen * quantity,
    discountFen: 0,
    paidFen: unitPriceFen * quantity,
    activity: null,
    discounts: [],
    stock: 10,
    ...extra,
  };
}

const COUPONS: QuoteOutput['coupons'] = [
  {
    couponId: 'cpnA_oBuyer_1',
    name: '满200减20',
    kind: 'threshold',
    thresholdFen: 20_000,
    offFen: 2_000,
    payRateBp: 0,
    maxOffFen: 0,
    validTo: '2026-03-08T00:00:00.000Z',
    amountFen: 2_000,
    usable: true,
    reason: null,
  },
  {
    couponId: 'cpnB_oBuyer_1',
    name: '无门槛券',
    kind: 'noThreshold',
    thresholdFen: 0,
    offFen: 500,
    payRateBp: 0,
    maxOffFen: 0,
    validTo: '2026-03-09T00:00:00.000Z',
    amountFen: 500,
    usable: true,
    reason: null,
  },
  {
    couponId: 'cpnC_oBuyer_1',
    name: '茶具8.5折',
    kind: 'discount',
    thresholdFen: 0,
    offFen: 0,
    payRateBp: 8_500,
    maxOffFen: 5_000,
    validTo: '2026-03-09T00:00:00.000Z',
    amountFen: 0,
    usable: false,
    reason: 'OUT_OF_SCOPE',
  },
];

/** The quote with `couponId` priced in (none: the coupon row offers the usable ones). */
function quoteWith(couponId: string | null): QuoteOutput {
  const coupon = COUPONS.find((candidate) => candidate.couponId === couponId);
  const couponFen = coupon?.amountFen ?? 0;
  const discounts: QuoteOutput['discounts'] = [
    { source: 'activity', id: 'act-sale', name: '春茶限时折扣', amountFen: 2_000 },
    { source: 'fullReduction', id: 'act-mj', name: '满300减30', amountFen: 3_000 },
    ...(coupon ? [{ source: 'coupon' as const, id: coupon.couponId, name: coupon.name, amountFen: couponFen }] : []),
  ];
  const discountFen = 5_000 + couponFen;
  return {
    lines: [
      line('tea-250', 12_800, 2, {
        activity: { id: 'act-sale', kind: 'timedDiscount', name: '春茶限时折扣', priceFen: 11_800 },
      }),
      line('cup-1', 5_990, 1, {}),
    ],
    goodsFen: 31_590,
    discountFen,
    discounts,
    shippingFen: 0,
    payableFen: 31_590 - discountFen,
    couponId: coupon ? coupon.couponId : null,
    coupons: COUPONS,
    balanceFen: 0,
  };
}

function answers(): void {
  answerCalls({
    'placeOrder.quote': (data: Record<string, unknown>) =>
      ok(quoteWith(data.couponId === undefined ? 'cpnA_oBuyer_1' : (data.couponId as string | null))),
    placeOrder: ok({
      orderId: ORDER_ID,
      payableFen: 24_590,
      payment: PAY_PARAMS,
      payDeadline: '2026-03-01T02:30:00.000Z',
    }),
    'address.list': ok({ items: [addressView({ id: 'addr_home', isDefault: true })] }),
  });
}

beforeEach(() => {
  jest.clearAllMocks();
  (globalThis as unknown as { wx: { requestPayment: jest.Mock } }).wx.requestPayment = jest.fn((options) =>
    options.success(),
  );
});

describe('shop/checkout/checkout discounts', () => {
  it('names every discount, the activity price beside the original, and the best coupon picked by the server', async () => {
    answers();
    const page = await renderPage('shop/checkout/checkout', { items: ITEMS });
    expect(callsOf('placeOrder.quote')).toEqual([
      {
        $url: 'quote',
        items: [
          { skuId: 'tea-250', quantity: 2 },
          { skuId: 'cup-1', quantity: 1 },
        ],
      },
    ]);
    expect(texts(page, '.line-activity')).toEqual(['春茶限时折扣']);
    expect(text(page, '.line-activity-price')).toBe('¥118.00');
    expect(text(page, '.line-original')).toBe('¥128.00');
    expect(texts(page, '.discount-row')).toEqual(['限时折扣春茶限时折扣-¥20.00', '满减满300减30-¥30.00']);
    expect(text(page, '.coupon-summary')).toBe('-¥20.00 ›');
    expect(text(page, '.discount')).toBe('-¥70.00');
    expect(text(page, '.payable')).toBe('¥245.90');
  });

  it('lists usable coupons with their amounts and the others greyed with why; a choice is priced again and placed', async () => {
    answers();
    const page = await renderPage('shop/checkout/checkout', { items: ITEMS });
    await tap(page, '.coupon-row');
    expect(page.data.pickerVisible).toBe(true);
    expect(texts(page, '.coupon-name')).toEqual(['满200减20', '无门槛券', '茶具8.5折']);
    expect(texts(page, '.coupon-rule')).toEqual(['满¥200.00减¥20.00', '无门槛减¥5.00', '8.5折 最多减¥50.00']);
    expect(texts(page, '.coupon-amount')).toEqual(['-¥20.00', '-¥5.00']);
    expect(texts(page, '.coupon-reason')).toEqual(['所选商品不可用']);
    expect(page.querySelectorAll('.coupon-unusable')).toHaveLength(1);
    expect(texts(page, '.coupon-chosen')).toEqual(['已选']);

    // An unusable coupon is not chosen.
    await tap(page, '.coupon-unusable');
    expect(callsOf('placeOrder.quote')).toHaveLength(1);

    const coupons = page.querySelectorAll('.coupon');
    coupons[1]!.dispatchEvent('tap');
    await settle();
    expect(callsOf('placeOrder.quote')[1]).toMatchObject({ couponId: 'cpnB_oBuyer_1' });
    expect(text(page, '.coupon-summary')).toBe('-¥5.00 ›');
    expect(text(page, '.payable')).toBe('¥260.90');

    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('placeOrder')[0]).toMatchObject({ couponId: 'cpnB_oBuyer_1' });
  });

  it('不使用优惠券 prices without a coupon and places the order without one', async () => {
    answers();
    const page = await renderPage('shop/checkout/checkout', { items: ITEMS });
    await tap(page, '.coupon-row');
    await tap(page, '.no-coupon');
    expect(callsOf('placeOrder.quote')[1]).toMatchObject({ couponId: null });
    expect(text(page, '.coupon-summary')).toBe('2 张可用 ›');
    expect(text(page, '.payable')).toBe('¥265.90');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('placeOrder')[0]).not.toHaveProperty('couponId');
  });

  it('prices again with the best coupon left when placeOrder says the coupon was taken meanwhile', async () => {
    answerCalls({
      'placeOrder.quote': (data: Record<string, unknown>) =>
        ok(quoteWith(data.couponId === undefined ? 'cpnA_oBuyer_1' : (data.couponId as string | null))),
      placeOrder: fail('COUPON_INVALID', '优惠券已被其他订单使用'),
      'address.list': ok({ items: [addressView({ id: 'addr_home', isDefault: true })] }),
    });
    const page = await renderPage('shop/checkout/checkout', { items: ITEMS });
    await tap(page, '.submit-button', '.t-button');
    await settle();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '优惠券已被其他订单使用' }));
    expect(callsOf('placeOrder.quote')).toHaveLength(2);
    expect(callsOf('placeOrder.quote')[1]).not.toHaveProperty('couponId');
    expect(wx.redirectTo).not.toHaveBeenCalled();
  });
});

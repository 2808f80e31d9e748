/**
 * Points (积分) pages: the shopper's 积分 page (可用, 冻结中, the next expiry, history with reasons,
 * paged), the 积分 cell of 我的, the checkout's points switch (使用 N 积分抵 ¥X, priced again by the
 * server, sent to placeOrder), the merchant's 积分设置 and a user's points with an adjustment.
 */
import type { PointsPage } from '@shared/contracts/points';
import type { QuoteOutput } from '@shared/contracts/quote';
import fc from 'fast-check';
import { DEFAULT_POINTS_RULES, DEFAULT_RULES, PointsRules } from '@shared/rules';
import { FORM_DEFAULTS, pointsOf } from '../../miniprogram/admin/pointsSettings/form';
import { answerCalls, callsOf, ok, renderPage, settle, tap, text, texts, wx } from './helpers';
import { profileView } from './fixtures';
import { addressView, PAY_PARAMS } from './shop-buy-fixtures';

const RULES = { enabled: true, pointsPerYuan: 100, earnPerYuan: 1, validityMonths: 12 };

function pointsPage(extra: Partial<PointsPage> = {}): PointsPage {
  return {
    account: {
      frozen: 256,
      available: 1_256,
      spent: 640,
      expired: 0,
      nextExpiry: { points: 616, at: '2027-12-31T16:00:00.000Z' },
    },
    entries: [
      {
        id: 'spend:o1',
        kind: 'spend',
        frozen: 0,
        available: -640,
        shortfall: 0,
        availableAfter: 616,
        reason: '下单抵扣',
        orderId: 'o1',
        by: 'system',
        at: '2026-12-07T02:00:00.000Z',
      },
      {
        id: 'earn:o0',
        kind: 'earn',
        frozen: 256,
        available: 0,
        shortfall: 0,
        availableAfter: 0,
        reason: '订单奖励',
        orderId: 'o0',
        by: 'system',
        at: '2026-12-06T02:00:00.000Z',
      },
    ],
    nextOffset: null,
    rules: RULES,
    ...extra,
  };
}

beforeEach(() => {
  jest.clearAllMocks();
});

describe('shop/points/points', () => {
  it('shows available and frozen points, the next expiry, the rule and the history with reasons', async () => {
    answerCalls({ 'profile.points': ok(pointsPage()) });
    const page = await renderPage('shop/points/points');
    expect(callsOf('profile.points')).toEqual([{ $url: 'points', offset: 0, limit: 20 }]);
    expect(text(page, '.points-value.available')).toBe('1256');
    expect(text(page, '.points-value.frozen')).toBe('256');
    expect(text(page, '.expiry')).toBe('616 积分将于 2027-12-31 过期');
    expect(texts(page, '.entry-title')).toEqual(['下单抵扣', '订单奖励（先冻结）']);
    expect(texts(page, '.entry-change')).toEqual(['-640', '+256']);
  });

  it('says when the history is empty and a take-back fell short', async () => {
    const short = {
      ...pointsPage().entries[0]!,
      id: 'earnBack:o1:a1',
      kind: 'earnBack' as const,
      available: -56,
      shortfall: 72,
      reason: '退款扣回',
    };
    answerCalls({ 'profile.points': ok(pointsPage({ entries: [short] })) });
    const page = await renderPage('shop/points/points');
    expect(text(page, '.entry-note')).toBe('另有 72 积分不足扣回');
    answerCalls({ 'profile.points': ok(pointsPage({ entries: [] })) });
    const empty = await renderPage('shop/points/points');
    expect(empty.querySelector('.page-state')).toBeDefined();
  });
});

describe('pages/me/me', () => {
  it('shows the available points beside the profile when the shop has points on', async () => {
    answerCalls({
      'profile.get': ok(profileView()),
      'order.counts': ok({ counts: {} }),
      'profile.points': ok(pointsPage()),
    });
    const page = await renderPage('pages/me/me');
    expect(page.data.points).toBe('1256 积分');
    await tap(page, '.points-entry', '.t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/points/points' });
  });

  it('hides the 积分 cell when points are off', async () => {
    answerCalls({
      'profile.get': ok(profileView()),
      'order.counts': ok({ counts: {} }),
      'profile.points': ok(pointsPage({ rules: { ...RULES, enabled: false } })),
    });
    const page = await renderPage('pages/me/me');
    expect(page.querySelector('.points-entry')).toBeUndefined();
  });
});

describe('shop/checkout/checkout points switch', () => {
  function quote(usePoints: boolean): QuoteOutput {
    const off = usePoints ? 640 : 0;
    return {
      lines: [
        {
          skuId: 'tea-250',
          productId: 'p-tea',
          name: '明前龙井',
          spec: '',
          image: '',
          unitPriceFen: 12_800,
          quantity: 1,
          lineTotalFen: 12_800,
          discountFen: off,
          paidFen: 12_800 - off,
          activity: null,
          discounts: usePoints ? [{ source: 'points', id: 'points', name: '积分抵扣', amountFen: 640 }] : [],
          stock: 10,
        },
      ],
      goodsFen: 12_800,
      discountFen: off,
      discounts: usePoints ? [{ source: 'points', id: 'points', name: '积分抵扣', amountFen: 640 }] : [],
      shippingFen: 0,
      payableFen: 12_800 - off,
      couponId: null,
      coupons: [],
      balanceFen: 0,
      points: { availablePoints: 1_256, usedPoints: 640, offFen: 640, applied: usePoints },
    };
  }

  it('shows what the switch takes off, prices again when it is turned on, and places the order with points', async () => {
    (globalThis as unknown as { wx: { requestPayment: jest.Mock } }).wx.requestPayment = jest.fn((options) =>
      options.success(),
    );
    answerCalls({
      'placeOrder.quote': (data: Record<string, unknown>) => ok(quote(data.usePoints === true)),
      'address.list': ok({ items: [addressView({ id: 'addr_home', isDefault: true })] }),
      placeOrder: ok({
        orderId: 'o1',
        payableFen: 12_160,
        payment: PAY_PARAMS,
        payDeadline: '2026-03-01T02:30:00.000Z',
      }),
    });
    const page = await renderPage('shop/checkout/checkout', { items: 'tea-250:1' });
    expect(text(page, '.points-label')).toBe('使用 640 积分抵 ¥6.40');
    expect(text(page, '.payable')).toBe('¥128.00');
    page.querySelector('.points-switch')!.dispatchEvent('change', { detail: { value: true } });
    await settle(10);
    expect(callsOf('placeOrder.quote').at(-1)).toMatchObject({ usePoints: true });
    expect(text(page, '.payable')).toBe('¥121.60');
    expect(texts(page, '.discount-row')).toEqual(['积分抵扣-¥6.40']);
    await tap(page, '.submit-button', '.t-button');
    await settle(10);
    expect(callsOf('placeOrder')[0]).toMatchObject({ usePoints: true });
  });
});

describe('admin points pages', () => {
  it('积分设置 saves the points section with the rest of the rules', async () => {
    const rules = { ...DEFAULT_RULES };
    answerCalls({
      'admin.getRules': ok({ version: 3, rules }),
      'admin.updateRules': (data: Record<string, unknown>) =>
        ok({ status: 'updated', current: { version: 4, rules: (data as { rules: typeof rules }).rules } }),
    });
    const page = await renderPage('admin/pointsSettings/pointsSettings');
    expect(page.data.form).toMatchObject({ enabled: false, pointsPerYuan: '100', maxDeductPercent: '50' });
    page.querySelector('.enabled-switch')!.dispatchEvent('change', { detail: { value: true } });
    page.querySelector('.share-input')!.dispatchEvent('input', { detail: { value: '5' } });
    await settle(10);
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    const [saved] = callsOf('admin.updateRules');
    expect(saved).toMatchObject({
      expectedVersion: 3,
      rules: { points: { enabled: true, earnPerYuan: 1, pointsPerYuan: 100, maxDeductBp: 500, validityMonths: 12 } },
    });
  });

  it('积分设置 refuses a value outside the limits before saving', async () => {
    answerCalls({ 'admin.getRules': ok({ version: 3, rules: { ...DEFAULT_RULES } }) });
    const page = await renderPage('admin/pointsSettings/pointsSettings');
    page.querySelector('.rate-input')!.dispatchEvent('input', { detail: { value: '0' } });
    await settle(10);
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    expect(text(page, '.error')).toBe('多少积分抵 1 元：1-100000 的整数');
    expect(callsOf('admin.updateRules')).toEqual([]);
  });

  it("用户积分 shows the user's points and adjusts them with a reason", async () => {
    answerCalls({
      'admin.userPoints': ok(pointsPage()),
      'admin.adjustPoints': ok({ account: pointsPage().account, replayed: false }),
    });
    wx.showModal.mockResolvedValue({ confirm: true, content: '活动补偿' });
    const page = await renderPage('admin/userPoints/userPoints', { userId: 'oBuyer' });
    expect(callsOf('admin.userPoints')[0]).toMatchObject({ userId: 'oBuyer', offset: 0 });
    expect(text(page, '.points-value.available')).toBe('1256');
    page.querySelector('.amount-input')!.dispatchEvent('input', { detail: { value: '-100' } });
    await settle(10);
    await tap(page, '.adjust-button', '.t-button');
    await settle(10);
    expect(callsOf('admin.adjustPoints')[0]).toMatchObject({ userId: 'oBuyer', points: -100, reason: '活动补偿' });
  });
});

describe('积分设置 form against the schema it mirrors', () => {
  it("shows the schema's defaults for a shop without a points section", () => {
    expect(FORM_DEFAULTS).toEqual(DEFAULT_POINTS_RULES);
  });

  it('accepts exactly what PointsRules accepts (the schema is not bundled into the package)', () => {
    const text = fc.oneof(
      fc.integer({ min: -5, max: 200_000 }).map(String),
      fc.constantFrom('', ' ', 'abc', '1.5', '99.99', '100.01', '-0', '1e3'),
    );
    fc.assert(
      fc.property(fc.boolean(), text, text, text, text, (enabled, earn, per, percent, months) => {
        const verdict = pointsOf({
          enabled,
          earnPerYuan: earn,
          pointsPerYuan: per,
          maxDeductPercent: percent,
          validityMonths: months,
        });
        const number = (value: string): number => (value.trim() === '' ? NaN : Number(value));
        const schema = PointsRules.safeParse({
          enabled,
          earnPerYuan: number(earn),
          pointsPerYuan: number(per),
          maxDeductBp: Math.round(number(percent) * 100),
          validityMonths: number(months),
        });
        expect(verdict.ok).toBe(schema.success);
        if (verdict.ok && schema.success) expect(verdict.points).toEqual(schema.data);
      }),
      { numRuns: 500 },
    );
  });
});

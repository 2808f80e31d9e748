/**
 * 余额 (shop/balance): the balance, the top-up chips with their bonus, the custom amount and the
 * history; a top-up opened with one idempotency key (kept across a cancelled payment), paid with
 * wx.requestPayment with exactly the server's parameters, then polled until credited. And the
 * 余额 cell of 我的.
 */
import { answerCalls, callsOf, fail, ok, renderPage, settle, tap, text, texts, wx, type Rendered } from './helpers';
import { PAY_PARAMS } from './shop-buy-fixtures';
import { profileView } from './fixtures';

const TOP_UP_ID = 't0123456789abcdef01234567';
const requestPayment = jest.fn();
(wx as unknown as { requestPayment: jest.Mock }).requestPayment = requestPayment;

function payWith(errMsg: string | null): void {
  requestPayment.mockImplementation((options: { success(): void; fail(error: { errMsg: string }): void }) => {
    if (errMsg === null) options.success();
    else options.fail({ errMsg });
  });
}

const SUMMARY = {
  balanceFen: 58_000,
  topUp: {
    enabled: true,
    tiers: [
      { amountFen: 10_000, bonusFen: 1_000 },
      { amountFen: 50_000, bonusFen: 8_000 },
      { amountFen: 100_000, bonusFen: 0 },
    ],
    custom: { allowed: true, minFen: 100, maxFen: 200_000 },
  },
};

const entry = (id: string, kind: string, label: string, amountFen: number, balanceAfterFen: number, reason = null) => ({
  id,
  kind,
  label,
  amountFen,
  balanceAfterFen,
  at: '2026-06-01T02:00:00.000Z',
  reason,
  orderId: null,
  topUpId: null,
});

const ENTRIES = {
  items: [
    entry('adjust:r1', 'adjust', '商家调整', -2_000, 58_000, '误充扣回' as never),
    entry(`topUpBonus:${TOP_UP_ID}`, 'topUpBonus', '充值赠送', 8_000, 60_000),
    entry(`topUp:${TOP_UP_ID}`, 'topUp', '充值', 50_000, 52_000),
  ],
  nextOffset: null,
};

function answers(overrides: Record<string, unknown> = {}): void {
  answerCalls({
    'wallet.summary': ok(SUMMARY),
    'wallet.entries': ok(ENTRIES),
    'wallet.topUp': (data: Record<string, unknown>) =>
      ok({
        topUpId: TOP_UP_ID,
        status: 'pending_payment',
        amountFen: data.amountFen,
        bonusFen: 8_000,
        payment: PAY_PARAMS,
      }),
    'wallet.topUpStatus': ok({
      topUpId: TOP_UP_ID,
      status: 'paid',
      amountFen: 50_000,
      bonusFen: 8_000,
      balanceFen: 116_000,
    }),
    ...overrides,
  } as never);
}

async function chooseChip(page: Rendered, index: number): Promise<void> {
  page.querySelectorAll('.chip')[index]!.dispatchEvent('tap');
  await settle(10);
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('shop/balance', () => {
  it('shows the balance, the tiers with their bonus, the custom bounds and the history', async () => {
    answers();
    const page = await renderPage('shop/balance/balance');
    expect(callsOf('wallet.entries')).toEqual([{ $url: 'entries', offset: 0, limit: 20 }]);
    expect(text(page, '.hero-balance')).toBe('¥580.00');
    expect(texts(page, '.chip-amount')).toEqual(['¥100', '¥500', '¥1000']);
    expect(texts(page, '.chip-bonus')).toEqual(['送 ¥10.00', '送 ¥80.00']);
    expect(page.data.summary.topUp.customHint).toBe('可充 ¥1.00 - ¥2,000.00');
    expect(texts(page, '.entry-label')).toEqual(['商家调整', '充值赠送', '充值']);
    expect(texts(page, '.entry-amount')).toEqual(['-¥20.00', '+¥80.00', '+¥500.00']);
    expect(text(page, '.entry-reason')).toBe('误充扣回');
    expect(texts(page, '.entry-after')[0]).toBe('余额 ¥580.00');
  });

  it('tops up a chosen tier: one key, the server parameters to wx.requestPayment, polled until credited', async () => {
    answers();
    payWith(null);
    const page = await renderPage('shop/balance/balance');
    await chooseChip(page, 1);
    await tap(page, '.top-up-button', '.t-button');
    await settle(50);
    const [opened] = callsOf('wallet.topUp');
    expect(opened).toEqual({ $url: 'topUp', idempotencyKey: expect.any(String), amountFen: 50_000 });
    expect(requestPayment).toHaveBeenCalledWith(expect.objectContaining(PAY_PARAMS));
    expect(callsOf('wallet.topUpStatus')).toEqual([{ $url: 'topUpStatus', topUpId: TOP_UP_ID }]);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '充值成功', icon: 'success' });
    // The page reloads the balance and the history.
    expect(callsOf('wallet.summary').length).toBeGreaterThanOrEqual(2);
  });

  it('a cancelled payment keeps the key: paying again is the same top-up', async () => {
    answers();
    payWith('requestPayment:fail cancel');
    const page = await renderPage('shop/balance/balance');
    await chooseChip(page, 0);
    await tap(page, '.top-up-button', '.t-button');
    await settle(20);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已取消支付', icon: 'none' });
    payWith(null);
    await tap(page, '.top-up-button', '.t-button');
    await settle(20);
    const [first, second] = callsOf('wallet.topUp');
    expect(second).toEqual(first);
    expect(first).toMatchObject({ amountFen: 10_000 });
  });

  it('checks a custom amount against the bounds before calling; the server refusal is shown', async () => {
    answers({ 'wallet.topUp': fail('TOP_UP_AMOUNT_INVALID', '充值金额超出范围') });
    const page = await renderPage('shop/balance/balance');
    page.querySelector('.custom-input')!.dispatchEvent('input', { detail: { value: '3000' } });
    await tap(page, '.top-up-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '可充 ¥1.00 - ¥2,000.00', icon: 'none' });
    expect(callsOf('wallet.topUp')).toEqual([]);
    page.querySelector('.custom-input')!.dispatchEvent('input', { detail: { value: '12.5' } });
    await tap(page, '.top-up-button', '.t-button');
    await settle(20);
    expect(callsOf('wallet.topUp')).toEqual([{ $url: 'topUp', idempotencyKey: expect.any(String), amountFen: 1_250 }]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '充值金额超出范围', icon: 'none' });
  });

  it('says when the shop has top-ups off, and when there is no history yet', async () => {
    answers({
      'wallet.summary': ok({ ...SUMMARY, balanceFen: 0, topUp: { ...SUMMARY.topUp, enabled: false } }),
      'wallet.entries': ok({ items: [], nextOffset: null }),
    });
    const page = await renderPage('shop/balance/balance');
    expect(text(page, '.top-up-off')).toBe('商家暂未开启余额充值');
    expect(page.querySelector('.top-up-button')).toBeUndefined();
    expect(text(page, '.hero-balance')).toBe('¥0.00');
    expect(text(page, '.history-empty')).toBe('暂无明细');
  });
});

describe('pages/me/me: 余额', () => {
  it('shows the balance on its cell and opens the 余额 page', async () => {
    answerCalls({ 'profile.get': ok(profileView()), 'wallet.summary': ok(SUMMARY) });
    const page = await renderPage('pages/me/me');
    expect(page.data.balance).toBe('¥580.00');
    await tap(page, '.balance-entry', '.t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/balance/balance' });
  });
});

/**
 * The merchant's balance pages: 余额设置 (the rules' balance section, its verdicts held to the
 * schema's), 用户余额 (balance, entries, an adjustment with a reason and one request id across
 * retries), 充值订单 (the list, 退款 after a confirmation, a refused refund shown with 重试退款),
 * today's top-ups on the dashboard and the ways into 用户余额.
 */
import fc from 'fast-check';
import { MAX_ADJUST_FEN as CONTRACT_MAX_ADJUST_FEN } from '@shared/contracts/adminBalance';
import { BalanceRules, DEFAULT_RULES } from '@shared/rules';
import { balanceOf, type BalanceForm } from '../../miniprogram/admin/balanceSettings/form';
import { MAX_ADJUST_FEN } from '../../miniprogram/admin/userBalance/form';
import { answerCalls, callsOf, fail, ok, renderPage, settle, tap, text, texts, wx, type Rendered } from './helpers';
import { dashboardView, orderView } from './admin-fixtures';

const USER = 'oBUYER0000000000000000001';
const TOP_UP_ID = 't0123456789abcdef01234567';
const BALANCE = {
  topUpEnabled: true,
  topUpTiers: [
    { amountFen: 10_000, bonusFen: 1_000 },
    { amountFen: 50_000, bonusFen: 8_000 },
  ],
  customTopUp: { allowed: false, minFen: 100, maxFen: 500_000 },
};
const RULES = {
  rules: { ...DEFAULT_RULES, balance: BALANCE },
  version: 3,
  updatedAt: '2026-03-01T00:00:00.000Z',
  updatedBy: 'oADMIN',
};

const input = (page: Rendered, selector: string, value: string, index = 0): void =>
  page.querySelectorAll(selector)[index]!.dispatchEvent('input', { detail: { value } });

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('admin/balanceSettings', () => {
  it('shows the section and saves it as a new rules version, the other sections as loaded', async () => {
    answerCalls({
      'admin.getRules': ok(RULES),
      'admin.updateRules': (data: Record<string, unknown>) =>
        ok({ status: 'updated', current: { ...RULES, version: 4, rules: data.rules } }),
    });
    const page = await renderPage('admin/balanceSettings/balanceSettings');
    expect(page.data.form.tiers).toEqual([
      { amountText: '100', bonusText: '10' },
      { amountText: '500', bonusText: '80' },
    ]);
    await tap(page, '.add-tier', '.t-button');
    input(page, '.tier-amount', '1000', 2);
    input(page, '.tier-bonus', '150.5', 2);
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    const [saved] = callsOf('admin.updateRules');
    expect(saved).toEqual({
      $url: 'updateRules',
      expectedVersion: 3,
      rules: {
        ...RULES.rules,
        balance: { ...BALANCE, topUpTiers: [...BALANCE.topUpTiers, { amountFen: 100_000, bonusFen: 15_050 }] },
      },
    });
    expect(page.data.version).toBe(4);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' });
  });

  it('refuses what the schema refuses before sending', async () => {
    answerCalls({ 'admin.getRules': ok(RULES) });
    const page = await renderPage('admin/balanceSettings/balanceSettings');
    input(page, '.tier-bonus', '100', 0);
    await tap(page, '.save-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '第 1 档：赠送金额须小于充值金额', icon: 'none' });
    expect(callsOf('admin.updateRules')).toEqual([]);
  });

  it("the form's verdicts are the schema's", () => {
    const yuanText = fc.oneof(
      fc.constantFrom('', '0', '1', '100', '0.5', '99999', '100001', 'x'),
      fc.integer({ min: 0, max: 200_000 }).map(String),
    );
    const form = fc.record({
      enabled: fc.boolean(),
      tiers: fc.array(fc.record({ amountText: yuanText, bonusText: yuanText }), { maxLength: 9 }),
      customAllowed: fc.boolean(),
      minText: yuanText,
      maxText: yuanText,
    });
    fc.assert(
      fc.property(form, (candidate: BalanceForm) => {
        const verdict = balanceOf(candidate);
        if (verdict.ok) expect(BalanceRules.safeParse(verdict.balance).success).toBe(true);
        // When every text is an amount, the form refuses exactly what the schema refuses.
        const fen = (text: string): number | null =>
          /^\d+(\.\d{1,2})?$/.test(text) ? Math.round(Number(text) * 100) : null;
        const tiers = candidate.tiers.map((tier) => ({
          amountFen: fen(tier.amountText),
          bonusFen: tier.bonusText === '' ? 0 : fen(tier.bonusText),
        }));
        const [minFen, maxFen] = [fen(candidate.minText), fen(candidate.maxText)];
        const texts = [minFen, maxFen, ...tiers.flatMap((tier) => [tier.amountFen, tier.bonusFen])];
        if (texts.some((value) => value === null)) return;
        const schema = BalanceRules.safeParse({
          topUpEnabled: candidate.enabled,
          topUpTiers: tiers,
          customTopUp: { allowed: candidate.customAllowed, minFen, maxFen },
        });
        expect([candidate, verdict.ok]).toEqual([candidate, schema.success]);
      }),
      { numRuns: 300 },
    );
    expect(MAX_ADJUST_FEN).toBe(CONTRACT_MAX_ADJUST_FEN);
  });
});

const entry = (id: string, amountFen: number, balanceAfterFen: number, reason: string | null) => ({
  id,
  kind: 'adjust',
  label: '商家调整',
  amountFen,
  balanceAfterFen,
  at: '2026-06-01T02:00:00.000Z',
  reason,
  orderId: null,
  topUpId: null,
});

describe('admin/userBalance', () => {
  const account = (balanceFen: number) =>
    ok({
      userId: USER,
      nickname: '小明',
      balanceFen,
      entryCount: 1,
      entries: { items: [entry('adjust:r1', 2_000, 2_000, '活动补偿')], nextOffset: null },
    });

  it('shows the balance and entries, and adjusts with a signed amount, a reason and one request id', async () => {
    let fails = 1;
    answerCalls({
      'admin.userBalance': account(2_000),
      'admin.adjustBalance': () =>
        fails-- > 0
          ? fail('NETWORK', '网络不给力')
          : ok({ status: 'adjusted', entry: entry('adjust:x', -500, 1_500, '运费抵扣'), balanceFen: 1_500 }),
    });
    const page = await renderPage('admin/userBalance/userBalance', { userId: USER });
    expect(callsOf('admin.userBalance')).toEqual([{ $url: 'userBalance', userId: USER, offset: 0, limit: 20 }]);
    expect(text(page, '.account-balance')).toBe('¥20.00');
    expect(texts(page, '.entry-amount')).toEqual(['+¥20.00']);
    expect(text(page, '.entry-reason')).toBe('活动补偿');

    await tap(page, '.direction-take');
    input(page, '.amount-input', '5');
    await tap(page, '.adjust-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请填写原因（2-100 字）', icon: 'none' });
    expect(callsOf('admin.adjustBalance')).toEqual([]);
    input(page, '.reason-input', '运费抵扣');
    await tap(page, '.adjust-button', '.t-button');
    await tap(page, '.adjust-button', '.t-button');
    await settle(10);
    const [first, second] = callsOf('admin.adjustBalance');
    expect(first).toEqual({
      $url: 'adjustBalance',
      userId: USER,
      amountFen: -500,
      reason: '运费抵扣',
      requestId: expect.any(String),
    });
    expect(second).toEqual(first);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已调整', icon: 'success' });
    expect(page.data.amountText).toBe('');
  });

  it('shows a refusal in a dialog', async () => {
    answerCalls({
      'admin.userBalance': account(0),
      'admin.adjustBalance': fail('BALANCE_INSUFFICIENT', '余额不足：当前 0 分，调整需 500 分'),
    });
    const page = await renderPage('admin/userBalance/userBalance', { userId: USER });
    await tap(page, '.direction-take');
    input(page, '.amount-input', '5');
    input(page, '.reason-input', '运费抵扣');
    await tap(page, '.adjust-button', '.t-button');
    await settle(10);
    expect(wx.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '调整未完成', content: expect.stringContaining('余额不足') }),
    );
  });
});

const topUp = (overrides: Record<string, unknown> = {}) => ({
  topUpId: TOP_UP_ID,
  userId: USER,
  amountFen: 50_000,
  bonusFen: 8_000,
  status: 'paid',
  createdAt: '2026-06-01T02:00:00.000Z',
  paidAt: '2026-06-01T02:01:00.000Z',
  transactionId: '4200000000000000000000000001',
  refund: null,
  mismatch: null,
  ...overrides,
});

describe('admin/topUps', () => {
  it('lists top-ups and refunds a paid one after a confirmation; a refusal is shown with 重试退款', async () => {
    const refused = topUp({
      status: 'refunding',
      refund: {
        requestedAt: '2026-06-01T03:00:00.000Z',
        acceptedAt: null,
        succeededAt: null,
        failure: '基本账户余额不足',
      },
    });
    answerCalls({
      'admin.listTopUps': ok({ items: [topUp()], nextOffset: null }),
      'admin.refundTopUp': ok({ status: 'refused', topUp: refused }),
    });
    const page = await renderPage('admin/topUps/topUps');
    expect(callsOf('admin.listTopUps')).toEqual([{ $url: 'listTopUps', limit: 20, offset: 0 }]);
    expect(text(page, '.top-up-amount')).toBe('¥500.00');
    expect(text(page, '.top-up-bonus')).toBe('赠送 ¥80.00');
    expect(text(page, '.top-up-status')).toBe('已到账');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.refund-button', '.t-button');
    await settle(10);
    expect(wx.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '退回 ¥500.00，并从余额扣回赠送 ¥80.00。余额不足时不能退款。' }),
    );
    expect(callsOf('admin.refundTopUp')).toEqual([{ $url: 'refundTopUp', topUpId: TOP_UP_ID }]);
    expect(text(page, '.top-up-failure')).toBe('微信支付未受理退款：基本账户余额不足');
    expect(page.data.rows[0].refundAction).toBe('重试退款');
    await tap(page, '.top-up-user');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/admin/userBalance/userBalance?userId=${USER}` });
  });
});

describe('ways into the balance pages', () => {
  it("the dashboard shows today's top-ups and opens the list and the settings", async () => {
    answerCalls({ 'admin.dashboard': ok(dashboardView()) });
    const page = await renderPage('admin/dashboard/dashboard');
    expect(texts(page, '.top-ups .figure-value')).toEqual(['3', '¥700.00', '¥90.00']);
    await tap(page, '.top-ups-amount');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/topUps/topUps' });
    await tap(page, '.top-up-settings');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/balanceSettings/balanceSettings' });
  });

  it("the order list's buyer opens the buyer's balance", async () => {
    answerCalls({ 'admin.listOrders': ok({ items: [orderView('o1', { buyerId: USER })], nextOffset: null }) });
    const page = await renderPage('admin/orders/orders');
    await tap(page, '.buyer');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/admin/userBalance/userBalance?userId=${USER}` });
  });
});

/** 分销中心 and 申请成为分销员: distributor.center drives both pages. */
import { answerCalls, callsOf, fail, ok, renderPage, stateText, tap, text, texts, wx } from './helpers';
import { centerView } from './fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('distributor/center/center', () => {
  it('shows grade, rates, share code, team and the next grade from distributor.center', async () => {
    answerCalls({ 'distributor.center': ok(centerView()) });
    const page = await renderPage('distributor/center/center');
    expect(callsOf('distributor.center')).toEqual([{ $url: 'center' }]);
    expect(text(page, '.grade-name')).toBe('普通分销员');
    expect(text(page, '.rates')).toBe('佣金比例：一级 10% · 二级 5%');
    expect(text(page, '.share-code')).toBe('ABCD2345');
    expect([text(page, '.direct'), text(page, '.level2')]).toEqual(['3', '5']);
    expect(page.querySelector('.level3')).toBeUndefined();
    expect(texts(page, '.condition-progress')).toEqual(['3 人 / 20 人', '¥1,250.00 / ¥10,000.00']);
  });

  it("shows this month's team sales, the tier reached and the next one on the 团队奖励 card", async () => {
    const progress = {
      teamSalesFen: 123_400,
      reached: { text: '团队业绩满 ¥1,000.00 奖励 ¥30.00', bonusFen: 3_000 },
      next: { text: '团队业绩满 ¥3,000.00 奖励业绩的 5%', missingFen: 176_600 },
    };
    answerCalls({ 'distributor.center': ok(centerView({ teamBonus: progress })) });
    const page = await renderPage('distributor/center/center');
    expect(text(page, '.team-bonus-sales')).toBe('¥1,234.00');
    expect(text(page, '.team-bonus-reached')).toBe('已达：团队业绩满 ¥1,000.00 奖励 ¥30.00，本月预计 ¥30.00');
    expect(text(page, '.team-bonus-next')).toBe('下一档：团队业绩满 ¥3,000.00 奖励业绩的 5%，还差 ¥1,766.00');
    answerCalls({ 'distributor.center': ok(centerView({ teamBonus: null })) });
    const off = await renderPage('distributor/center/center');
    expect(off.querySelector('.team-bonus')).toBeUndefined();
  });

  it('says what is still missing for the next grade, from the figures the server counted', async () => {
    answerCalls({ 'distributor.center': ok(centerView()) });
    const page = await renderPage('distributor/center/center');
    expect(text(page, '.next-grade-hint')).toBe('再邀请 17 人 或 团队业绩还差 ¥8,750.00，即可升级为银牌分销员');
    const gold = centerView({
      nextGrade: {
        id: 'gold',
        name: '金牌分销员',
        conditions: [
          { metric: 'releasedCommissionFen', target: 50_000, current: 38_000, met: false, remaining: 12_000 },
        ],
      },
    });
    answerCalls({ 'distributor.center': ok(gold) });
    const next = await renderPage('distributor/center/center');
    expect(text(next, '.next-grade-hint')).toBe('已结算佣金还差 ¥120.00，即可升级为金牌分销员');
    answerCalls({ 'distributor.center': ok(centerView({ nextGrade: null })) });
    const top = await renderPage('distributor/center/center');
    expect(top.querySelector('.next-grade-hint')).toBeUndefined();
  });

  it('shows the balances of a new distributor as zeros and hides them from a shopper without money', async () => {
    answerCalls({ 'distributor.center': ok(centerView()) });
    const page = await renderPage('distributor/center/center');
    expect(text(page, '.available')).toBe('¥0.00');
    expect(text(page, '.chart-empty')).toBe('近 30 天还没有收益，分享商品开始赚佣金吧');
    answerCalls({ 'distributor.center': ok(centerView({ status: 'none', isDistributor: false })) });
    const shopper = await renderPage('distributor/center/center');
    expect(shopper.querySelector('.balances')).toBeUndefined();
    expect(shopper.querySelector('.commissions-link')).toBeUndefined();
  });

  it('copies the share code and opens the team page', async () => {
    answerCalls({ 'distributor.center': ok(centerView()) });
    const page = await renderPage('distributor/center/center');
    await tap(page, '.copy-button', '.t-button');
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: 'ABCD2345' });
    await tap(page, '.team-link', '.t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/team/team' });
  });

  it('exits after confirmation and shows the new status', async () => {
    let exited = false;
    answerCalls({
      'distributor.center': () => ok(exited ? centerView({ status: 'exited', isDistributor: false }) : centerView()),
      'distributor.exit': () => {
        exited = true;
        return ok({ distributorStatus: 'exited' });
      },
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    const page = await renderPage('distributor/center/center');
    await tap(page, '.exit-link', '.t-cell');
    expect(callsOf('distributor.exit')).toEqual([{ $url: 'exit' }]);
    expect(text(page, '.status-label')).toBe('已退出');
    expect(page.querySelector('.apply-button')).toBeDefined();
  });

  it('offers the application to a shopper when the shop recruits by application', async () => {
    answerCalls({ 'distributor.center': ok(centerView({ status: 'none', isDistributor: false })) });
    const page = await renderPage('distributor/center/center');
    expect(text(page, '.grade-name')).toBe('尚未成为分销员');
    expect(page.querySelector('.share')).toBeUndefined();
    await tap(page, '.apply-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/apply/apply' });
  });

  it('shows the error of a failed call', async () => {
    answerCalls({ 'distributor.center': fail('UNAUTHENTICATED', '请在微信中打开') });
    const page = await renderPage('distributor/center/center');
    expect(stateText(page)).toBe('加载失败 请在微信中打开');
  });
});

describe('distributor/apply/apply', () => {
  const application = {
    id: 'app-o1-1',
    status: 'pending' as const,
    form: { realName: '王小明', phone: '13800138000' },
    createdAt: '2026-03-05T06:30:00.000Z',
    reviewedAt: null,
    reviewReason: null,
  };

  function fill(page: Awaited<ReturnType<typeof renderPage>>, field: string, value: string): void {
    page.querySelector(`.${field}`)!.dispatchEvent('input', { detail: { value } });
  }

  it('sends the form with distributor.apply and shows the pending application', async () => {
    answerCalls({
      'distributor.center': ok(centerView({ status: 'none', isDistributor: false })),
      'distributor.apply': ok({ application, distributorStatus: 'pending' }),
    });
    const page = await renderPage('distributor/apply/apply');
    fill(page, 'real-name', '王小明');
    fill(page, 'phone', '13800138000');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('distributor.apply')).toEqual([
      { $url: 'apply', form: { realName: '王小明', phone: '13800138000', reason: undefined } },
    ]);
    expect(text(page, '.pending .card-title')).toBe('申请审核中');
    expect(text(page, '.pending .muted')).toBe('提交于 2026-03-05 14:30，商家审核后即可开始推广。');
  });

  it('refuses an empty form without calling the function', async () => {
    answerCalls({ 'distributor.center': ok(centerView({ status: 'none', isDistributor: false })) });
    const page = await renderPage('distributor/apply/apply');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('distributor.apply')).toEqual([]);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请填写姓名和手机号', icon: 'none' });
  });

  it("shows the function's refusal", async () => {
    answerCalls({
      'distributor.center': ok(centerView({ status: 'none', isDistributor: false })),
      'distributor.apply': fail('INVALID_INPUT', 'form.phone: 手机号格式不正确'),
    });
    const page = await renderPage('distributor/apply/apply');
    fill(page, 'real-name', '王小明');
    fill(page, 'phone', '123');
    await tap(page, '.submit-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: 'form.phone: 手机号格式不正确', icon: 'none' });
    expect(page.querySelector('.pending')).toBeUndefined();
  });

  it('retracts a pending application', async () => {
    answerCalls({
      'distributor.center': ok(centerView({ status: 'pending', isDistributor: false, application })),
      'distributor.retractApplication': ok({
        application: { ...application, status: 'retracted' },
        distributorStatus: 'none',
      }),
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    const page = await renderPage('distributor/apply/apply');
    await tap(page, '.withdraw-button', '.t-button');
    expect(callsOf('distributor.retractApplication')).toEqual([{ $url: 'retractApplication' }]);
    expect(page.querySelector('.submit-button')).toBeDefined();
  });

  it.each([
    ['designated', 'none', '暂不开放申请'],
    ['everyone', 'none', '你已是分销员'],
  ] as const)('under recruitment %s (status %s) says %s', async (recruitment, status, title) => {
    const isDistributor = recruitment === 'everyone';
    answerCalls({ 'distributor.center': ok(centerView({ recruitment, status, isDistributor })) });
    const page = await renderPage('distributor/apply/apply');
    expect(text(page, '.notice .card-title')).toBe(title);
    expect(page.querySelector('.submit-button')).toBeUndefined();
  });

  it('shows why the last application was rejected above the form', async () => {
    const rejected = { ...application, status: 'rejected' as const, reviewReason: '资料不完整' };
    answerCalls({
      'distributor.center': ok(centerView({ status: 'rejected', isDistributor: false, application: rejected })),
    });
    const page = await renderPage('distributor/apply/apply');
    expect(text(page, '.rejection')).toBe('上次申请未通过：资料不完整');
  });
});

/** admin/dashboard/dashboard: the merchant's landing page after the gate. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import { alertFixture, dashboardView, FORBIDDEN } from './admin-fixtures';

type Mock = jest.Mock;
const platform = wx as unknown as { requestSubscribeMessage: Mock };
platform.requestSubscribeMessage = jest.fn();

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('admin/dashboard/dashboard', () => {
  it('shows sales, orders, commission owed and pending reviews through the one formatter', async () => {
    answerCalls({ 'admin.dashboard': ok(dashboardView()) });
    const page = await renderPage('admin/dashboard/dashboard');
    expect(callsOf('admin.dashboard')).toEqual([{ $url: 'dashboard' }]);
    expect(text(page, '.sales-todaySales .figure-value')).toBe('¥160.00');
    expect(text(page, '.sales-monthSales .figure-value')).toBe('¥12,345.67');
    expect(text(page, '.sales-monthOrders .figure-value')).toBe('40');
    expect(text(page, '.orders-toShip')).toBe('3待发货');
    expect(text(page, '.orders-afterSalesOpen')).toBe('2售后处理中');
    expect(text(page, '.owed')).toBe('¥15.50');
    expect(texts(page, '.commission-figure .figure-value')).toEqual(['¥11.00', '¥1.50', '¥3.00']);
    expect(text(page, '.badge')).toBe('3');
    expect(page.querySelector('.pending-applications .attention')).toBeDefined();
    // The commission owed is a total the server computes every 10 minutes: when, in China time.
    expect(text(page, '.totals-at')).toBe('统计于 14:30');
  });

  it('dates totals computed on an earlier day, and shows dashes before their first computation', async () => {
    answerCalls({ 'admin.dashboard': ok(dashboardView({ totalsAt: '2026-03-30T15:55:00.000Z' })) });
    let page = await renderPage('admin/dashboard/dashboard');
    expect(text(page, '.totals-at')).toBe('统计于 03-30 23:55');
    answerCalls({
      'admin.dashboard': ok(
        dashboardView({
          orders: { pendingPayment: 1, toShip: 3, shipped: 2, completed: null, closed: null },
          commission: null,
          totalsAt: null,
        }),
      ),
    });
    page = await renderPage('admin/dashboard/dashboard');
    expect(text(page, '.totals-at')).toBe('统计中');
    expect(text(page, '.owed')).toBe('—');
    expect(texts(page, '.commission-figure .figure-value')).toEqual(['—', '—', '—']);
    expect(text(page, '.orders-toShip')).toBe('3待发货');
  });

  it('opens the page where a figure is worked on, and every page from the menu', async () => {
    answerCalls({ 'admin.dashboard': ok(dashboardView()) });
    const page = await renderPage('admin/dashboard/dashboard');
    await tap(page, '.orders-toShip');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/orders/orders?status=paid' });
    await tap(page, '.pending-withdrawals');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/withdrawals/withdrawals' });
    wx.navigateTo.mockClear();
    await tap(page, '.sales-todaySales');
    expect(wx.navigateTo).not.toHaveBeenCalled();
    const menu = page.querySelectorAll('.menu-item');
    expect(menu).toHaveLength(11);
    const opens = [
      [0, '/admin/products/products'],
      [1, '/admin/categories/categories'],
      [6, '/admin/distributors/distributors'],
      [7, '/admin/grades/grades'],
      [9, '/admin/ledger/ledger'],
    ] as const;
    for (const [index, url] of opens) {
      menu[index]!.querySelector('.t-grid-item')!.dispatchEvent('tap');
      await settle(10);
      expect(wx.navigateTo).toHaveBeenLastCalledWith({ url });
    }
  });

  it('reloads on show and on pull-down', async () => {
    let todayFen = 100;
    answerCalls({
      'admin.dashboard': () =>
        ok(
          dashboardView({
            sales: { today: { netGoodsFen: todayFen, orders: 1 }, month: { netGoodsFen: todayFen, orders: 1 } },
          }),
        ),
    });
    const page = await renderPage('admin/dashboard/dashboard');
    expect(text(page, '.sales-todaySales .figure-value')).toBe('¥1.00');
    todayFen = 2_500;
    await page.instance.onPullDownRefresh();
    await settle();
    expect(text(page, '.sales-todaySales .figure-value')).toBe('¥25.00');
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
    expect(callsOf('admin.dashboard')).toHaveLength(2);
  });

  it('tells a non-admin the page is for admins, and offers 重试 after a failure', async () => {
    answerCalls({ 'admin.dashboard': FORBIDDEN });
    let page = await renderPage('admin/dashboard/dashboard');
    expect(stateText(page)).toMatch(/^加载失败 仅限本店管理员使用/);
    answerCalls({ 'admin.dashboard': fail('FUNCTION_FAILED', '服务暂时不可用') });
    page = await renderPage('admin/dashboard/dashboard');
    expect(stateText(page)).toBe('加载失败 服务暂时不可用');
  });
});

describe('admin/dashboard/dashboard 待处理', () => {
  const withAlerts = (items = [alertFixture()], open = items.length) =>
    dashboardView({ alerts: { open, items, templateId: 'tpl-alert' } });

  it('says there is nothing pending when no alert is open, and offers no subscription when the message is off', async () => {
    answerCalls({ 'admin.dashboard': ok(dashboardView()) });
    const page = await renderPage('admin/dashboard/dashboard');
    expect(text(page, '.alerts-empty')).toBe('暂无待处理事项，退款、提现与结算一切正常');
    expect(page.querySelectorAll('.alert')).toHaveLength(0);
    expect(page.querySelector('.alerts-badge')).toBeUndefined();
    expect(page.querySelector('.subscribe')).toBeUndefined();
  });

  it('shows each open alert first: title, amount through the one formatter, when, detail and action', async () => {
    const settlement = alertFixture({
      id: 'settlement:o1',
      kind: 'settlement',
      title: '佣金结算长时间未完成',
      amountFen: 500,
      firstSeenAt: '2026-03-30T15:55:00.000Z',
      action: { text: '系统每 5 分钟自动重试结算', button: null, route: null, page: null },
    });
    answerCalls({ 'admin.dashboard': ok(withAlerts([alertFixture(), settlement], 23)) });
    const page = await renderPage('admin/dashboard/dashboard');
    // 待处理 is the first card of the page.
    expect(texts(page, '.card-title')[0]).toMatch(/^待处理/);
    expect(text(page, '.alerts-badge')).toBe('23');
    expect(texts(page, '.alert-title')).toEqual(['退款未被微信支付受理', '佣金结算长时间未完成']);
    expect(texts(page, '.alert-amount')).toEqual(['¥1,234.56', '¥5.00']);
    // China time: 14:10 on the dashboard's day, the date on an earlier one.
    expect(texts(page, '.alert-when')).toEqual(['14:10 发现', '03-30 23:55 发现']);
    expect(text(page, '.alert-refund .alert-detail')).toContain('NOTENOUGH');
    expect(text(page, '.alert-refund .alert-action-text')).toBe(
      '查看原因（如商户号余额不足）处理后重新发起，同一笔退款不会重复退',
    );
    expect(page.querySelectorAll('.alert-action')).toHaveLength(1);
    expect(text(page.querySelector('.alert-refund .alert-action')!, '.t-button')).toBe('重新发起退款');
    expect(page.querySelector('.alert-settlement .alert-action')).toBeUndefined();
    expect(text(page, '.alerts-more')).toBe('另有 21 项，处理上面的之后显示');
  });

  it('runs the action of an alert through its admin route, then reloads', async () => {
    let open = [alertFixture()];
    answerCalls({
      'admin.dashboard': () => ok(withAlerts(open)),
      'admin.approveAfterSale': () => {
        open = [];
        return ok({ status: 'approved', afterSale: {} });
      },
    });
    const page = await renderPage('admin/dashboard/dashboard');
    await tap(page, '.alert-action', '.t-button');
    await settle();
    expect(callsOf('admin.approveAfterSale')).toEqual([
      { $url: 'approveAfterSale', afterSaleId: 's000000000000000000000001' },
    ]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已重新发起', icon: 'success' });
    expect(callsOf('admin.dashboard')).toHaveLength(2);
    expect(text(page, '.alerts-empty')).toBe('暂无待处理事项，退款、提现与结算一切正常');
  });

  it("shows the function's refusal, opens the page of a page action, and marks an alert handled", async () => {
    const transfer = alertFixture({
      id: 'transfer:w1',
      kind: 'transfer',
      action: { text: '金额已退回', button: '查看提现', route: null, page: 'withdrawals/withdrawals' },
    });
    answerCalls({
      'admin.dashboard': ok(withAlerts([alertFixture(), transfer])),
      'admin.approveAfterSale': fail('REFUND_FAILED', '微信支付未受理退款，可重试'),
      'admin.resolveAlert': ok({ status: 'resolved', alert: alertFixture({ state: 'resolved' }) }),
    });
    const page = await renderPage('admin/dashboard/dashboard');
    const [refundAction, transferAction] = page.querySelectorAll('.alert-action');
    refundAction!.querySelector('.t-button')!.dispatchEvent('tap');
    await settle();
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '微信支付未受理退款，可重试', icon: 'none' });
    expect(callsOf('admin.dashboard')).toHaveLength(1);
    transferAction!.querySelector('.t-button')!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/withdrawals/withdrawals' });
    await tap(page, '.alert-transfer .alert-resolve', '.t-button');
    await settle();
    expect(callsOf('admin.resolveAlert')).toEqual([{ $url: 'resolveAlert', alertId: 'transfer:w1' }]);
    expect(callsOf('admin.dashboard')).toHaveLength(2);
  });

  it('asks the admin to subscribe to the alert message', async () => {
    platform.requestSubscribeMessage.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', 'tpl-alert': 'accept' });
    answerCalls({ 'admin.dashboard': ok(withAlerts()) });
    const page = await renderPage('admin/dashboard/dashboard');
    await tap(page, '.subscribe');
    await settle();
    expect(platform.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tpl-alert'] });
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '有新的待处理时会提醒你', icon: 'none' });
  });
});

/** admin/dashboard/dashboard: the merchant's landing page after the gate. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import { dashboardView, FORBIDDEN } from './admin-fixtures';

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
    expect(menu).toHaveLength(7);
    menu[0]!.querySelector('.t-grid-item')!.dispatchEvent('tap');
    await settle(10);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/products/products' });
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

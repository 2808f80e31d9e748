/**
 * The analytics pages: the merchant's 数据分析 (admin/analytics) and the distributor's 数据
 * (distributor/data). A canvas does not draw under miniprogram-simulate, so the tests check what
 * each page hands its charts (kind, unit, points) and what the chart component makes of it (its
 * spec and its tip, and a tap selecting a point); the geometry itself is tested in
 * chart-geometry.test.ts.
 */
import {
  answerCalls,
  callsOf,
  ok,
  renderPage,
  settle,
  stateText,
  tap,
  text,
  texts,
  wx,
  type Rendered,
} from './helpers';
import { FORBIDDEN } from './admin-fixtures';
import { adminAnalyticsView, distributorAnalyticsView } from './analytics-fixtures';
import { chartGeometry } from '../../miniprogram/components/chart/geometry';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

/** The chart component rendered for `selector`, with its properties and data. */
function chartOf(page: Rendered, selector: string): Record<string, any> {
  const chart = page.querySelector(selector);
  if (!chart) throw new Error(`no chart ${selector}`);
  return chart.data;
}

describe('admin/analytics/analytics (数据分析)', () => {
  it('shows the summary, hands the charts the daily points and lists funnel, repurchase and tops', async () => {
    const data = adminAnalyticsView(30);
    answerCalls({ 'admin.analytics': ok(data) });
    const page = await renderPage('admin/analytics/analytics');
    expect(callsOf('admin.analytics')).toEqual([{ $url: 'analytics', days: 30 }]);
    expect(text(page, '.hero-title')).toBe('2026-03-02 至 2026-03-31');
    expect(texts(page, '.hero .figure-label')).toEqual(['销售额', '支付订单', '复购率', '佣金占比']);
    expect(text(page, '.summary-repurchase .figure-value')).toBe('22.77%');
    expect(text(page, '.summary-commission .figure-value')).toBe('7.77%');
    const sales = chartOf(page, '.sales-chart');
    expect([sales.kind, sales.unit]).toEqual(['line', 'fen']);
    expect(sales.points).toHaveLength(30);
    expect(sales.points[29]).toEqual({ label: '03-31', value: data.daily[29]!.salesFen });
    // The chart's tip shows the latest day until a tap, in 元.
    expect(sales.tip).toMatch(/^03-31 {2}¥[\d,]+\.\d\d$/);
    expect(sales.spec).toMatchObject({ kind: 'line', unit: 'fen', width: 343, height: 180 });
    const orders = chartOf(page, '.orders-chart');
    expect([orders.kind, orders.unit, orders.points[0]]).toEqual([
      'bar',
      'count',
      { label: '03-02', value: data.daily[0]!.orders },
    ]);
    expect(texts(page, '.funnel-label')).toEqual(['浏览商品', '加入购物车', '提交订单', '支付订单']);
    expect(texts(page, '.funnel-count')).toEqual(['4820', '912', '305', '251']);
    expect(texts(page, '.funnel-rate')).toEqual(['', '转化 18.92%', '转化 33.44%', '转化 82.29%']);
    expect(text(page, '.funnel .title-row .muted')).toBe('浏览到支付 5.2%');
    expect(text(page, '.repurchase-repeat .figure-value')).toBe('41');
    expect(texts(page, '.top-product .top-name')).toEqual(['云南普洱 357g 饼', '西湖龙井 250g', '安吉白茶礼盒']);
    expect(texts(page, '.top-product .top-value')).toEqual(['¥5,980.00', '¥3,840.00', '¥1,299.00']);
    expect(texts(page, '.top-distributor .top-name')).toEqual(['小林', '未设置昵称']);
    expect(text(page, '.distributors-rate .figure-value')).toBe('30%');
    expect(text(page, '.commission-share .figure-value')).toBe('7.77%');
  });

  it('switches to 90 days and back, asking the server for each range', async () => {
    answerCalls({ 'admin.analytics': (input: { days: 30 | 90 }) => ok(adminAnalyticsView(input.days)) });
    const page = await renderPage('admin/analytics/analytics');
    expect(page.querySelector('.range-30.active')).toBeDefined();
    await tap(page, '.range-90');
    await settle(10);
    expect(callsOf('admin.analytics').map((call) => call.days)).toEqual([30, 90]);
    expect(page.querySelector('.range-90.active')).toBeDefined();
    expect(chartOf(page, '.sales-chart').points).toHaveLength(90);
    expect(text(page, '.hero-title')).toBe('2026-01-01 至 2026-03-31');
    await tap(page, '.range-90');
    expect(callsOf('admin.analytics')).toHaveLength(2);
  });

  it('a tap on a chart shows that day’s value', async () => {
    answerCalls({ 'admin.analytics': ok(adminAnalyticsView(30)) });
    const page = await renderPage('admin/analytics/analytics');
    const chart = page.querySelector('.orders-chart')!;
    // The middle of the fourth column (03-05), from the chart's own geometry. WeChat gives a canvas
    // touch in canvas pixels (x, y); simulate's touches carry page coordinates, so the handler is
    // called as the canvas would call it.
    const geometry = chartGeometry(chart.data.spec);
    chart.instance.onTouch({ touches: [{ x: geometry.marks[3]!.cx, y: 50 }] });
    await settle();
    expect(chart.data.selected).toBe(3);
    expect(chart.data.tip).toBe(`03-05  ${adminAnalyticsView(30).daily[3]!.orders}`);
    chart.instance.onTouch({ touches: [{ x: 0 }] });
    await settle();
    expect(chart.data.selected).toBe(0);
    expect(chart.data.tip).toBe(`03-02  ${adminAnalyticsView(30).daily[0]!.orders}`);
  });

  it('shows dashes for rates without a whole, and empty tops', async () => {
    answerCalls({
      'admin.analytics': ok(
        adminAnalyticsView(30, {
          repurchase: { buyers: 0, repeatBuyers: 0, rateBp: null },
          topProducts: [],
          topDistributors: [],
          funnel: [
            { stage: 'views', count: 0, stepBp: null, overallBp: null },
            { stage: 'cartAdds', count: 0, stepBp: null, overallBp: null },
            { stage: 'ordered', count: 0, stepBp: null, overallBp: null },
            { stage: 'paid', count: 0, stepBp: null, overallBp: null },
          ],
        }),
      ),
    });
    const page = await renderPage('admin/analytics/analytics');
    expect(text(page, '.summary-repurchase .figure-value')).toBe('—');
    expect(texts(page, '.funnel-rate')).toEqual(['', '转化 —', '转化 —', '转化 —']);
    expect(texts(page, '.empty')).toEqual(['暂无销售', '暂无分销业绩']);
  });

  it('tells anyone but an admin that the page is for admins', async () => {
    answerCalls({ 'admin.analytics': FORBIDDEN });
    const page = await renderPage('admin/analytics/analytics');
    expect(stateText(page)).toMatch(/管理员/);
  });

  it('is linked from the dashboard and the admin menu', async () => {
    const { dashboardView } = await import('./admin-fixtures');
    answerCalls({ 'admin.dashboard': ok(dashboardView()), 'admin.listAdmins': ok({ items: [] }) });
    const dashboard = await renderPage('admin/dashboard/dashboard');
    await tap(dashboard, '.analytics-link');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/analytics/analytics' });
    const index = await renderPage('admin/index/index', { manage: '1' });
    await tap(index, '.analytics-link', '.t-cell');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/analytics/analytics' });
  });
});

describe('distributor/data/data (数据)', () => {
  it('shows the totals, hands the charts earnings and team sales, and the share conversion from the visits', async () => {
    const data = distributorAnalyticsView();
    answerCalls({ 'distributor.analytics': ok(data) });
    const page = await renderPage('distributor/data/data');
    expect(callsOf('distributor.analytics')).toEqual([{ $url: 'analytics' }]);
    expect(texts(page, '.hero .figure-label')).toEqual(['近 30 天收益', '团队业绩', '团队订单']);
    const earnings = chartOf(page, '.earnings-chart');
    expect([earnings.kind, earnings.unit, earnings.points.length]).toEqual(['line', 'fen', 30]);
    expect(earnings.points[0]).toEqual({ label: '03-02', value: 0 });
    const team = chartOf(page, '.team-chart');
    expect([team.kind, team.unit, team.points[29]]).toEqual([
      'bar',
      'fen',
      { label: '03-31', value: data.teamSales[29]!.salesFen },
    ]);
    expect(texts(page, '.figure-label').slice(3)).toEqual([
      '分享访问',
      '新绑定用户',
      '访问转化',
      '已下单用户',
      '转化率',
      '直推订单',
    ]);
    expect(texts(page, '.shares .figure-value')).toEqual(['160', '24', '15%', '9', '37.5%', '15']);
    expect(text(page, '.share-conversion .figure-value')).toBe('37.5%');
  });

  it('shows — for the rates without visits or binds', async () => {
    const shares = { visits: 0, visitBindBp: null, binds: 0, payingBinds: 0, conversionBp: null, directOrders: 0 };
    answerCalls({
      'distributor.analytics': ok(distributorAnalyticsView({ shares: { ...shares, directBuyers: 0 } })),
    });
    const page = await renderPage('distributor/data/data');
    expect(texts(page, '.shares .figure-value')).toEqual(['0', '0', '—', '0', '—', '0']);
  });

  it('is linked from the distributor center', async () => {
    const { centerView } = await import('./fixtures');
    answerCalls({ 'distributor.center': ok(centerView()) });
    const page = await renderPage('distributor/center/center');
    await tap(page, '.data-link', '.t-cell');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/distributor/data/data' });
  });
});

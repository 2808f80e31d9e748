/**
 * 分销中心's money: the four balances, earnings, the 30-day chart (its geometry in chart.ts),
 * a negative available balance explained, and the entries to the ledger pages.
 */
import { answerCalls, callsOf, ok, renderPage, settle, tap, text, wx } from './helpers';
import { centerView, ledgerCenterView } from './fixtures';

interface ChartBar {
  day: string;
  label: string;
  heightPct: number;
  amount: string;
  isMax: boolean;
}
interface ChartModule {
  roundTopFen(fen: number): number;
  barHeightPct(earnedFen: number, topFen: number): number;
  earningsChart(points: Array<{ day: string; earnedFen: number }>): {
    bars: ChartBar[];
    topLabel: string;
    totalLabel: string;
    empty: boolean;
  };
  MIN_VISIBLE_PCT: number;
}
const chart = require('../../miniprogram/distributor/center/chart') as ChartModule;

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('the earnings chart geometry (distributor/center/chart.ts)', () => {
  it.each([
    [0, 100],
    [1, 100],
    [100, 100],
    [101, 200],
    [4000, 5000],
    [5001, 10000],
    [123456, 200000],
  ])('rounds the axis top of a best day of %i fen up to %i fen', (best, top) => {
    expect(chart.roundTopFen(best)).toBe(top);
  });

  it('makes bars proportional to the top, one decimal, tiny days still visible, none above 100%', () => {
    expect(chart.barHeightPct(0, 5000)).toBe(0);
    expect(chart.barHeightPct(4000, 5000)).toBe(80);
    expect(chart.barHeightPct(1250, 5000)).toBe(25);
    expect(chart.barHeightPct(1, 3000)).toBe(chart.MIN_VISIBLE_PCT);
    expect(chart.barHeightPct(1234, 5000)).toBe(24.7);
    expect(chart.barHeightPct(-50, 5000)).toBe(0);
  });

  it('labels today and every 7th day back, marks the best day and sums the 30 days', () => {
    const view = chart.earningsChart(ledgerCenterView().earningsChart);
    expect(view.bars).toHaveLength(30);
    expect(view.bars.filter((bar) => bar.label !== '').map((bar) => bar.label)).toEqual([
      '02-15',
      '02-22',
      '03-01',
      '03-08',
      '今天',
    ]);
    expect(view.bars.filter((bar) => bar.isMax).map((bar) => bar.day)).toEqual(['2026-03-06']);
    expect(view.topLabel).toBe('¥50.00');
    expect(view.totalLabel).toBe('¥52.60');
    expect(view.empty).toBe(false);
    expect(chart.earningsChart([{ day: '2026-03-15', earnedFen: 0 }]).empty).toBe(true);
  });
});

describe('distributor/center/center ledger', () => {
  it('shows the four balances, earnings and the chart bars from distributor.center', async () => {
    answerCalls({ 'distributor.center': ok(ledgerCenterView()) });
    const page = await renderPage('distributor/center/center');
    expect(callsOf('distributor.center')).toHaveLength(1);
    expect(text(page, '.available')).toBe('¥123.45');
    expect([text(page, '.frozen'), text(page, '.withdrawing'), text(page, '.withdrawn')]).toEqual([
      '¥32.10',
      '¥50.00',
      '¥200.00',
    ]);
    expect([text(page, '.earned-today'), text(page, '.earned-month'), text(page, '.earned-total')]).toEqual([
      '¥12.50',
      '¥52.50',
      '¥405.55',
    ]);
    expect(text(page, '.chart-total')).toBe('¥52.60');
    expect(text(page, '.chart-top')).toBe('¥50.00');
    const bars = page.querySelectorAll('.chart-bar');
    expect(bars).toHaveLength(30);
    expect(bars[20]!.dom!.getAttribute('style')).toMatch(/height: ?80%/);
    expect(bars[29]!.dom!.getAttribute('style')).toMatch(/height: ?25%/);
    expect(page.querySelector('.negative-note')).toBeUndefined();
  });

  it('shows a tapped day and its earnings', async () => {
    answerCalls({ 'distributor.center': ok(ledgerCenterView()) });
    const page = await renderPage('distributor/center/center');
    page.querySelectorAll('.chart-column')[20]!.dispatchEvent('tap');
    await settle();
    expect(text(page, '.chart-selected')).toBe('03-06 ¥40.00');
  });

  it('explains a negative available balance (a refund after release)', async () => {
    const balances = { frozenFen: 0, availableFen: -350, withdrawingFen: 0, withdrawnFen: 1000 };
    answerCalls({ 'distributor.center': ok(ledgerCenterView({ balances })) });
    const page = await renderPage('distributor/center/center');
    expect(text(page, '.available')).toBe('-¥3.50');
    expect(text(page, '.negative-note')).toMatch(/^可提现余额为负：已结算的佣金因订单退款被扣回（佣金扣回）/);
  });

  it('keeps the balances and ledger entries for a former distributor who still has money', async () => {
    answerCalls({ 'distributor.center': ok(ledgerCenterView({ status: 'exited', isDistributor: false })) });
    const page = await renderPage('distributor/center/center');
    expect(text(page, '.available')).toBe('¥123.45');
    expect(page.querySelector('.withdrawals-link')).toBeDefined();
    expect(page.querySelector('.team-link')).toBeUndefined();
  });

  it('opens every ledger page, with counts beside the entries', async () => {
    answerCalls({ 'distributor.center': ok(ledgerCenterView()) });
    const page = await renderPage('distributor/center/center');
    expect(text(page.querySelector('.commissions-link')!, '.t-cell__note')).toBe('冻结中 2 · 售后冻结 1');
    expect(text(page.querySelector('.promotion-link')!, '.t-cell__note')).toBe('9 单');
    expect(text(page.querySelector('.withdrawals-link')!, '.t-cell__note')).toBe('审核中 1 · 打款中 1');
    const links: Array<[string, string]> = [
      ['.commissions-link', 'commissions/commissions'],
      ['.promotion-link', 'promotion/promotion'],
      ['.withdraw-link', 'withdraw/withdraw'],
      ['.withdrawals-link', 'withdrawals/withdrawals'],
      ['.team-link', 'team/team'],
      ['.poster-link', 'poster/poster'],
      ['.ranking-link', 'ranking/ranking'],
    ];
    for (const [selector] of links) await tap(page, selector, '.t-cell');
    await tap(page, '.withdraw-button', '.t-button');
    expect(wx.navigateTo.mock.calls.map(([options]) => options.url)).toEqual([
      ...links.map(([, path]) => `/distributor/${path}`),
      '/distributor/withdraw/withdraw',
    ]);
  });

  it('shows a chart placeholder when nothing was earned in 30 days', async () => {
    answerCalls({ 'distributor.center': ok(centerView()) });
    const page = await renderPage('distributor/center/center');
    expect(page.querySelector('.chart')).toBeUndefined();
    expect(text(page, '.chart-empty')).toBe('近 30 天还没有收益，分享商品开始赚佣金吧');
  });
});

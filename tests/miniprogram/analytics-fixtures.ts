/** Answers of `admin.analytics` and `distributor.analytics` for the page tests and the screenshots. */
import type { AnalyticsOutput } from '@shared/contracts/adminAnalytics';
import type { DistributorAnalyticsOutput } from '@shared/contracts/distributorAnalytics';

/** The days of a range ending 2026-03-31, oldest first. */
function days(count: number): string[] {
  const last = Date.parse('2026-03-31T00:00:00Z');
  return Array.from({ length: count }, (_, index) =>
    new Date(last - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** A plausible daily figure: a weekly rhythm and a rising trend, no randomness. */
const wave = (index: number, base: number): number => Math.round(base * (1 + index / 40) * (1 + 0.4 * Math.sin(index)));

export function adminAnalyticsView(count: 30 | 90 = 30, overrides: Partial<AnalyticsOutput> = {}): AnalyticsOutput {
  const daily = days(count).map((day, index) => ({
    day,
    salesFen: wave(index, 52_000),
    orders: Math.round(wave(index, 6)),
  }));
  return {
    days: count,
    from: daily[0]!.day,
    to: daily[daily.length - 1]!.day,
    daily,
    totals: {
      salesFen: daily.reduce((sum, point) => sum + point.salesFen, 0),
      orders: daily.reduce((sum, point) => sum + point.orders, 0),
    },
    funnel: [
      { stage: 'views', count: 4_820, stepBp: null, overallBp: null },
      { stage: 'cartAdds', count: 912, stepBp: 1_892, overallBp: 1_892 },
      { stage: 'ordered', count: 305, stepBp: 3_344, overallBp: 632 },
      { stage: 'paid', count: 251, stepBp: 8_229, overallBp: 520 },
    ],
    repurchase: { buyers: 180, repeatBuyers: 41, rateBp: 2_277 },
    topProducts: [
      { productId: 'p1', name: '云南普洱 357g 饼', salesFen: 598_000, quantity: 30 },
      { productId: 'p2', name: '西湖龙井 250g', salesFen: 384_000, quantity: 30 },
      { productId: 'p3', name: '安吉白茶礼盒', salesFen: 129_900, quantity: 10 },
    ],
    topDistributors: [
      { userId: 'oD1', nickname: '小林', salesFen: 420_000, commissionFen: 42_000 },
      { userId: 'oD2', nickname: '', salesFen: 230_000, commissionFen: 18_500 },
    ],
    distributors: { active: 12, approved: 40, activeBp: 3_000 },
    commission: { commissionFen: 121_300, goodsPaidFen: 1_560_000, shareBp: 777 },
    ...overrides,
  };
}

export function distributorAnalyticsView(
  overrides: Partial<DistributorAnalyticsOutput> = {},
): DistributorAnalyticsOutput {
  const list = days(30);
  const earnings = list.map((day, index) => ({ day, earnedFen: index % 3 === 0 ? 0 : wave(index, 1_800) }));
  const teamSales = list.map((day, index) => ({ day, salesFen: wave(index, 16_000), orders: index % 4 === 0 ? 0 : 2 }));
  return {
    days: 30,
    from: list[0]!,
    to: list[29]!,
    earnings,
    teamSales,
    totals: {
      earnedFen: earnings.reduce((sum, point) => sum + point.earnedFen, 0),
      teamSalesFen: teamSales.reduce((sum, point) => sum + point.salesFen, 0),
      teamOrders: teamSales.reduce((sum, point) => sum + point.orders, 0),
    },
    shares: {
      visits: 160,
      visitBindBp: 1_500,
      binds: 24,
      payingBinds: 9,
      conversionBp: 3_750,
      directOrders: 15,
      directBuyers: 9,
    },
    ...overrides,
  };
}

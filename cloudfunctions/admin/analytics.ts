/**
 * The merchant's analytics (数据分析): every figure of a 30- or 90-day range in ONE aggregation,
 * like the dashboard: it starts from the caller's own `admins` document (which exists, since the
 * router has just checked it) and joins each figure as an uncorrelated `$lookup` sub-pipeline
 * (analyticsQueries.ts). With the router's admin check the route costs two round trips, whatever
 * the number of orders; the rates are computed here from the grouped rows (shared/analytics.ts).
 */
import { analyticsWindow, dailySeries, dayNumber, funnelOf, shareBp, type AnalyticsWindow } from '@shared/analytics';
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { ok, type Result } from '@shared/result';
import { aggregateList } from '../_lib/db';
import type { AdminContext } from './context';
import { analyticsLookups, type AnalyticsRow } from './analyticsQueries';

type Analytics = AdminOutput<'analytics'>;

/** The one aggregation; null only if the caller's admin document vanished since the check. */
async function readAnalytics(openid: string, window: AnalyticsWindow): Promise<AnalyticsRow | null> {
  const lookups = analyticsLookups(window, dayNumber(window.startsAt), dayNumber(window.endsAt.getTime() - 1));
  const [row] = await aggregateList<AnalyticsRow>('admins', (pipeline) =>
    lookups.reduce((joined, lookup) => joined.lookup(lookup), pipeline.match({ _id: openid }).limit(1)),
  );
  return row ?? null;
}

/** The figures from the joined rows; an empty group (nothing matched) is zero. */
function analyticsOf(row: AnalyticsRow | null, window: AnalyticsWindow, days: 30 | 90): Analytics {
  const daily = dailySeries(window, row?.daily ?? [], ['salesFen', 'orders'] as const);
  const salesFen = daily.reduce((sum, point) => sum + point.salesFen, 0);
  const paid = daily.reduce((sum, point) => sum + point.orders, 0);
  const goodsPaidFen = (row?.daily ?? []).reduce((sum, day) => sum + day.goodsPaidFen, 0);
  const buyers = row?.buyers[0] ?? { buyers: 0, repeatBuyers: 0 };
  const counters = row?.counters[0] ?? { views: 0, cartAdds: 0 };
  const earners = row?.earners[0] ?? { active: 0, commissionFen: 0 };
  const approved = row?.approved[0]?.n ?? 0;
  return {
    days,
    from: window.from,
    to: window.to,
    daily,
    totals: { salesFen, orders: paid },
    funnel: funnelOf({ ...counters, ordered: row?.ordered[0]?.n ?? 0, paid }),
    repurchase: { ...buyers, rateBp: shareBp(buyers.repeatBuyers, buyers.buyers) },
    topProducts: (row?.products ?? []).map(({ _id, name, salesFen, quantity }) => ({
      productId: _id,
      name,
      salesFen,
      quantity,
    })),
    topDistributors: (row?.distributors ?? []).map((entry) => ({
      userId: entry._id,
      nickname: entry.users[0]?.nickname ?? '',
      salesFen: entry.salesFen,
      commissionFen: entry.commissionFen,
    })),
    distributors: { active: earners.active, approved, activeBp: shareBp(earners.active, approved) },
    commission: {
      commissionFen: earners.commissionFen,
      goodsPaidFen,
      shareBp: shareBp(earners.commissionFen, goodsPaidFen),
    },
  };
}

export async function analytics(
  context: AdminContext,
  input: AdminInput<'analytics'>,
): Promise<Result<Analytics, AdminError>> {
  const window = analyticsWindow(context.now, input.days);
  return ok(analyticsOf(await readAnalytics(context.openid, window), window, input.days));
}

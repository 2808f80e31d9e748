/**
 * The merchant's dashboard (经营概况): sales today and this month, orders by status, open
 * after-sales, today's top-ups, the commission the shop owes distributors and what waits for review, in ONE
 * aggregation: it starts from the caller's own `admins` document (which exists, since the router
 * has just checked it) and joins each figure as an uncorrelated `$lookup` sub-pipeline
 * (dashboardQueries.ts). With the router's admin check, the route costs two round trips.
 *
 * Why two kinds of figures: a shop at promotion scale has 100,000 orders and 10,000 accounts,
 * and a call that groups a whole collection reads all of it, on every open of the page. So each
 * per-call sub-pipeline starts with a `$match` on an indexed field that selects a bounded set
 * (the period's paid orders by `payment.paidAt`, orders and after-sales still open by `status`,
 * the reviews waiting, the open alerts), and the figures that can only come from the whole history, completed
 * and closed orders and the commission owed over every account, are read from the `system`
 * document `shopTotals`, which the computeShopTotals timer rewrites every 10 minutes. The page
 * shows when they were computed (`totalsAt`). Before the timer's first run they are null and the
 * page says they are being computed: computing them here instead would put the whole-collection
 * read back into the call exactly on a shop moved in with its history, and on a new shop the
 * answer is all zeros anyway; the first run comes within 10 minutes of the deployment.
 *
 * Operators used, all documented for CloudBase aggregation and supported by the emulator:
 * $match ($gte, $lt, $in), $project with $subtract and array $sum, $group with $sum, $count,
 * $limit, $lookup (pipeline).
 */
import type { AdminError, AdminOutput } from '@shared/contracts/admin';
import { alertView } from '@shared/contracts/alerts';
import { chinaDay, chinaDayStart, chinaMonthStart } from '@shared/earnings';
import { OPEN_AFTER_SALE_STATUSES } from '@shared/afterSales';
import { ok, type Result } from '@shared/result';
import type { ShopTotals } from '@shared/system';
import { aggregateList } from '../_lib/db';
import type { AdminContext } from './context';
import { dashboardLookups, type DashboardRow, type SalesRow } from './dashboardQueries';

type Dashboard = AdminOutput<'dashboard'>;

/** The one aggregation; null only if the caller's admin document vanished since the check. */
async function readDashboard(openid: string, now: Date): Promise<DashboardRow | null> {
  const lookups = dashboardLookups(chinaDayStart(now), chinaMonthStart(now));
  const [row] = await aggregateList<DashboardRow>('admins', (pipeline) =>
    lookups.reduce((joined, lookup) => joined.lookup(lookup), pipeline.match({ _id: openid }).limit(1)),
  );
  return row ?? null;
}

/** The totals part of the answer: null figures until the timer first computed them. */
function totalsOf(totals: ShopTotals | undefined): Pick<Dashboard, 'commission' | 'totalsAt'> & {
  completed: number | null;
  closed: number | null;
} {
  if (!totals) return { completed: null, closed: null, commission: null, totalsAt: null };
  const { frozenFen, availableFen, withdrawingFen } = totals;
  return {
    completed: totals.completedOrders,
    closed: totals.closedOrders,
    commission: { frozenFen, availableFen, withdrawingFen, owedFen: frozenFen + availableFen + withdrawingFen },
    totalsAt: new Date(totals.computedAt).toISOString(),
  };
}

/** The figures from the joined rows; an empty group (nothing matched) is zero. */
function dashboardOf(row: DashboardRow | null, now: Date): Dashboard {
  const sales = (rows: SalesRow[] | undefined) => ({
    netGoodsFen: rows?.[0]?.netGoodsFen ?? 0,
    orders: rows?.[0]?.orders ?? 0,
  });
  const orders = new Map((row?.orderStatuses ?? []).map((entry) => [entry._id, entry.n]));
  const afterSales = new Map((row?.afterSaleStatuses ?? []).map((entry) => [entry._id, entry.n]));
  const { completed, closed, commission, totalsAt } = totalsOf(row?.totals[0]);
  return {
    day: chinaDay(now),
    month: chinaDay(now).slice(0, 7),
    sales: { today: sales(row?.salesToday), month: sales(row?.salesMonth) },
    orders: {
      pendingPayment: orders.get('pending_payment') ?? 0,
      toShip: orders.get('paid') ?? 0,
      shipped: orders.get('shipped') ?? 0,
      completed,
      closed,
    },
    topUps: { today: row?.topUpsToday[0] ?? { count: 0, amountFen: 0, bonusFen: 0 } },
    afterSalesOpen: OPEN_AFTER_SALE_STATUSES.reduce((sum, status) => sum + (afterSales.get(status) ?? 0), 0),
    commission,
    pending: {
      applications: row?.applications[0]?.n ?? 0,
      withdrawals: row?.withdrawals[0]?.n ?? 0,
      afterSales: afterSales.get('requested') ?? 0,
      riskCases: row?.riskCases[0]?.n ?? 0,
    },
    totalsAt,
    alerts: {
      open: row?.alertsOpen[0]?.n ?? 0,
      items: (row?.alerts ?? []).map(alertView),
      templateId: row?.rules[0]?.notifications?.alert?.templateId ?? null,
    },
  };
}

export async function dashboard(context: AdminContext): Promise<Result<Dashboard, AdminError>> {
  return ok(dashboardOf(await readDashboard(context.openid, context.now), context.now));
}

/**
 * The merchant's dashboard (经营概况): sales today and this month, orders by status, open
 * after-sales, the commission the shop owes distributors and what waits for review. Everything
 * is counted and summed by the database in ONE aggregation, whatever the shop's size: it starts
 * from the caller's own `admins` document (which exists, since the router has just checked it)
 * and joins each figure as an uncorrelated `$lookup` sub-pipeline that groups down to a few
 * rows. With the router's admin check, the route costs two round trips.
 *
 * Periods are China calendar days and months (UTC+8, shared/earnings.ts), by `payment.paidAt`.
 * Operators used, all documented for CloudBase aggregation and supported by the emulator:
 * $match ($gte, $lt, $in), $project with $subtract and array $sum, $group with $sum, $count,
 * $limit, $lookup (pipeline).
 */
import type { CollectionName } from '@shared/collections';
import type { AdminOutput } from '@shared/contracts/admin';
import { chinaDay, chinaDayStart, chinaMonthStart } from '@shared/earnings';
import { OPEN_AFTER_SALE_STATUSES, type AfterSaleStatus } from '@shared/afterSales';
import type { OrderStatus } from '@shared/orderStates';
import { ok, type Result } from '@shared/result';
import { aggregateList, type Lookup } from '../_lib/db';
import type { AdminContext } from './context';
import type { AdminError } from '@shared/contracts/admin';

type Dashboard = AdminOutput<'dashboard'>;

/** A paid order stays paid, shipped or completed (shared/orderStates.ts: it never closes). */
const PAID_STATUSES: OrderStatus[] = ['paid', 'shipped', 'completed'];

interface SalesRow {
  netGoodsFen: number;
  orders: number;
}

interface DashboardRow {
  salesToday: SalesRow[];
  salesMonth: SalesRow[];
  orderStatuses: Array<{ _id: OrderStatus; n: number }>;
  afterSaleStatuses: Array<{ _id: AfterSaleStatus; n: number }>;
  balances: Array<{ frozenFen: number; availableFen: number; withdrawingFen: number }>;
  applications: Array<{ n: number }>;
  withdrawals: Array<{ n: number }>;
}

/** Orders paid in [from, to): their count and goods net of refunds, grouped to one row. */
function salesLookup(from: Date, to: Date, as: string): Lookup {
  return {
    from: 'orders',
    pipeline: [
      { $match: { status: { $in: PAID_STATUSES }, 'payment.paidAt': { $gte: from, $lt: to } } },
      { $project: { netGoodsFen: { $subtract: [{ $sum: '$lines.paidFen' }, { $sum: '$lines.refundedFen' }] } } },
      { $group: { _id: null, netGoodsFen: { $sum: '$netGoodsFen' }, orders: { $sum: 1 } } },
    ],
    as,
  };
}

const countLookup = (from: CollectionName, match: object, as: string): Lookup => ({
  from,
  pipeline: [{ $match: match }, { $count: 'n' }],
  as,
});

/** Groups by status: at most 6 rows, under the 20 an aggregation answers without `$limit`. */
const statusLookup = (from: CollectionName, as: string): Lookup => ({
  from,
  pipeline: [{ $group: { _id: '$status', n: { $sum: 1 } } }],
  as,
});

/** The one aggregation; null only if the caller's admin document vanished since the check. */
async function readDashboard(openid: string, now: Date): Promise<DashboardRow | null> {
  const dayStart = chinaDayStart(now);
  const monthStart = chinaMonthStart(now);
  // The end of the period is the next China midnight, so a paidAt stamped a little ahead of
  // this function's clock still counts today, never tomorrow.
  const dayEnd = new Date(dayStart.getTime() + 24 * 3600 * 1000);
  const [row] = await aggregateList<DashboardRow>('admins', (pipeline) =>
    pipeline
      .match({ _id: openid })
      .limit(1)
      .lookup(salesLookup(dayStart, dayEnd, 'salesToday'))
      .lookup(salesLookup(monthStart, dayEnd, 'salesMonth'))
      .lookup(statusLookup('orders', 'orderStatuses'))
      .lookup(statusLookup('afterSales', 'afterSaleStatuses'))
      .lookup({
        from: 'accounts',
        pipeline: [
          {
            $group: {
              _id: null,
              frozenFen: { $sum: '$frozenFen' },
              availableFen: { $sum: '$availableFen' },
              withdrawingFen: { $sum: '$withdrawingFen' },
            },
          },
        ],
        as: 'balances',
      })
      .lookup(countLookup('distributorApplications', { status: 'pending' }, 'applications'))
      .lookup(countLookup('withdrawals', { status: 'reviewing' }, 'withdrawals')),
  );
  return row ?? null;
}

/** The figures from the joined rows; an empty group (nothing matched) is zero. */
export function dashboardOf(row: DashboardRow | null, now: Date): Dashboard {
  const sales = (rows: SalesRow[] | undefined) => ({
    netGoodsFen: rows?.[0]?.netGoodsFen ?? 0,
    orders: rows?.[0]?.orders ?? 0,
  });
  const orders = new Map((row?.orderStatuses ?? []).map((entry) => [entry._id, entry.n]));
  const afterSales = new Map((row?.afterSaleStatuses ?? []).map((entry) => [entry._id, entry.n]));
  const balances = row?.balances[0] ?? { frozenFen: 0, availableFen: 0, withdrawingFen: 0 };
  const { frozenFen, availableFen, withdrawingFen } = balances;
  return {
    day: chinaDay(now),
    month: chinaDay(now).slice(0, 7),
    sales: { today: sales(row?.salesToday), month: sales(row?.salesMonth) },
    orders: {
      pendingPayment: orders.get('pending_payment') ?? 0,
      toShip: orders.get('paid') ?? 0,
      shipped: orders.get('shipped') ?? 0,
      completed: orders.get('completed') ?? 0,
      closed: orders.get('closed') ?? 0,
    },
    afterSalesOpen: OPEN_AFTER_SALE_STATUSES.reduce((sum, status) => sum + (afterSales.get(status) ?? 0), 0),
    commission: { frozenFen, availableFen, withdrawingFen, owedFen: frozenFen + availableFen + withdrawingFen },
    pending: {
      applications: row?.applications[0]?.n ?? 0,
      withdrawals: row?.withdrawals[0]?.n ?? 0,
      afterSales: afterSales.get('requested') ?? 0,
    },
  };
}

export async function dashboard(context: AdminContext): Promise<Result<Dashboard, AdminError>> {
  return ok(dashboardOf(await readDashboard(context.openid, context.now), context.now));
}

/**
 * The `$lookup` sub-pipelines of the admin dashboard's one aggregation (cloudfunctions/admin/
 * dashboard.ts). Each starts with a `$match` that a declared index serves (shared/collections.ts)
 * and that selects a bounded set: the period's paid orders, the orders and after-sales still in
 * progress, the reviews waiting, the one `shopTotals` document. None groups a whole collection;
 * tests/orders/admin-dashboard.test.ts checks every first `$match` against the indexes.
 */
import type { AfterSaleStatus } from '@shared/afterSales';
import type { AlertDocument } from '@shared/alerts';
import { OPEN_AFTER_SALE_STATUSES } from '@shared/afterSales';
import type { CollectionName } from '@shared/collections';
import type { OrderStatus } from '@shared/orderStates';
import { SHOP_TOTALS_ID, type ShopTotals } from '@shared/system';
import type { Lookup } from '../_lib/db';

/** A paid order stays paid, shipped or completed (shared/orderStates.ts: it never closes). */
const PAID_STATUSES: OrderStatus[] = ['paid', 'shipped', 'completed'];

/**
 * Orders still in progress, counted live: unpaid ones close within the payment deadline and the
 * others move on when shipped or received, so the set stays as small as the shop's open work.
 */
const LIVE_ORDER_STATUSES: OrderStatus[] = ['pending_payment', 'paid', 'shipped'];

export interface SalesRow {
  netGoodsFen: number;
  orders: number;
}

/** What the aggregation answers: one row, the caller's admin document with every lookup joined. */
export interface DashboardRow {
  salesToday: SalesRow[];
  salesMonth: SalesRow[];
  topUpsToday: Array<{ count: number; amountFen: number; bonusFen: number }>;
  orderStatuses: Array<{ _id: OrderStatus; n: number }>;
  afterSaleStatuses: Array<{ _id: AfterSaleStatus; n: number }>;
  applications: Array<{ n: number }>;
  withdrawals: Array<{ n: number }>;
  /** Open risk cases (风险审核, docs/rules.md section 9). */
  riskCases: Array<{ n: number }>;
  totals: ShopTotals[];
  /** The open alerts most recently seen (ALERTS_SHOWN at most), and how many are open. */
  alerts: AlertDocument[];
  alertsOpen: Array<{ n: number }>;
  /** The current rules' alert template, for the page's subscribe button. */
  rules: Array<{ notifications?: { alert?: { templateId: string } | null } }>;
}

/** Open alerts the dashboard lists; the rest are counted (and listed by listAlerts). */
export const ALERTS_SHOWN = 20;

/**
 * Orders paid in [from, to): their count and goods net of refunds, grouped to one row. The range
 * on `payment.paidAt` (index `idx_paid_at`) selects the period's orders only.
 */
function salesLookup(from: Date, to: Date, as: keyof DashboardRow): Lookup {
  return {
    from: 'orders',
    pipeline: [
      { $match: { 'payment.paidAt': { $gte: from, $lt: to }, status: { $in: PAID_STATUSES } } },
      { $project: { netGoodsFen: { $subtract: [{ $sum: '$lines.paidFen' }, { $sum: '$lines.refundedFen' }] } } },
      { $group: { _id: null, netGoodsFen: { $sum: '$netGoodsFen' }, orders: { $sum: 1 } } },
    ],
    as,
  };
}

/** Top-ups paid in [from, to) (index `idx_paid_at`), summed to one row. */
function topUpsLookup(from: Date, to: Date): Lookup {
  return {
    from: 'topUps',
    pipeline: [
      { $match: { 'payment.paidAt': { $gte: from, $lt: to } } },
      { $group: { _id: null, count: { $sum: 1 }, amountFen: { $sum: '$amountFen' }, bonusFen: { $sum: '$bonusFen' } } },
    ],
    as: 'topUpsToday',
  };
}

/** Documents in the given statuses (the indexed `status`), counted per status: a few rows. */
const statusLookup = (from: CollectionName, statuses: readonly string[], as: keyof DashboardRow): Lookup => ({
  from,
  pipeline: [{ $match: { status: { $in: [...statuses] } } }, { $group: { _id: '$status', n: { $sum: 1 } } }],
  as,
});

/** Documents in one (indexed) status, counted to one row `{ n }`, none when there are none. */
const countLookup = (from: CollectionName, status: string, as: keyof DashboardRow, field = 'status'): Lookup => ({
  from,
  pipeline: [{ $match: { [field]: status } }, { $count: 'n' }],
  as,
});

/**
 * Every lookup of a call on the China day that starts at `dayStart`, in the month that starts at
 * `monthStart` (China midnights, UTC+8). Both periods end at the next China midnight, so a paidAt
 * stamped a little ahead of this function's clock still counts today, never tomorrow.
 */
export function dashboardLookups(dayStart: Date, monthStart: Date): Lookup[] {
  const dayEnd = new Date(dayStart.getTime() + 24 * 3600 * 1000);
  return [
    salesLookup(dayStart, dayEnd, 'salesToday'),
    salesLookup(monthStart, dayEnd, 'salesMonth'),
    topUpsLookup(dayStart, dayEnd),
    statusLookup('orders', LIVE_ORDER_STATUSES, 'orderStatuses'),
    statusLookup('afterSales', OPEN_AFTER_SALE_STATUSES, 'afterSaleStatuses'),
    countLookup('distributorApplications', 'pending', 'applications'),
    countLookup('withdrawals', 'reviewing', 'withdrawals'),
    countLookup('riskCases', 'open', 'riskCases'),
    { from: 'system', pipeline: [{ $match: { _id: SHOP_TOTALS_ID } }, { $limit: 1 }], as: 'totals' },
    // Open alerts (index idx_state_last): as many as the shop has problems right now.
    {
      from: 'alerts',
      pipeline: [{ $match: { state: 'open' } }, { $sort: { lastSeenAt: -1 } }, { $limit: ALERTS_SHOWN }],
      as: 'alerts',
    },
    countLookup('alerts', 'open', 'alertsOpen', 'state'),
    {
      from: 'rules',
      pipeline: [{ $match: { _id: 'current' } }, { $limit: 1 }, { $project: { 'notifications.alert.templateId': 1 } }],
      as: 'rules',
    },
  ];
}

/**
 * The `$lookup` sub-pipelines of the merchant analytics' one aggregation (analytics.ts). Like the
 * dashboard's (dashboardQueries.ts), each starts with a `$match` a declared index serves and that
 * selects the range only: orders paid in it (`idx_paid_at`), orders placed in it (`idx_created`),
 * the range's productDailyStats days (`idx_day`), the approved distributors
 * (`idx_distributor_status`). Each groups to a bounded number of rows and says so with `$limit`
 * (aggregation answers 20 rows without one): a row per day, the tops, or a single row.
 *
 * Operators used, all documented for CloudBase aggregation and supported by the emulator:
 * $match ($gte, $lt, $lte, $in, $gt), $project, $unwind, $group ($sum, $first), $sort, $limit,
 * $count, $lookup (plain and pipeline), $subtract of two dates, $divide, $floor, $cond, $gte.
 */
import { TOP_LIMIT, type AnalyticsWindow } from '@shared/analytics';
import type { OrderStatus } from '@shared/orderStates';
import type { Lookup } from '../_lib/db';

/** A paid order stays paid, shipped or completed (shared/orderStates.ts: it never closes). */
const PAID_STATUSES: OrderStatus[] = ['paid', 'shipped', 'completed'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the aggregation answers: the caller's admin document with every lookup joined. */
export interface AnalyticsRow {
  daily: Array<{ _id: number; salesFen: number; goodsPaidFen: number; orders: number }>;
  buyers: Array<{ buyers: number; repeatBuyers: number }>;
  products: Array<{ _id: string; name: string; salesFen: number; quantity: number }>;
  distributors: Array<{ _id: string; salesFen: number; commissionFen: number; users: Array<{ nickname?: string }> }>;
  earners: Array<{ active: number; commissionFen: number }>;
  ordered: Array<{ n: number }>;
  counters: Array<{ views: number; cartAdds: number }>;
  approved: Array<{ n: number }>;
}

/** The range's paid orders: the first stage of every order figure but `ordered`. */
const paidIn = (window: AnalyticsWindow): object => ({
  $match: { 'payment.paidAt': { $gte: window.startsAt, $lt: window.endsAt }, status: { $in: PAID_STATUSES } },
});

/** The range's paid order lines that earned commission, one row per line and earning level. */
const earningLevels = (window: AnalyticsWindow): object[] => [
  paidIn(window),
  { $project: { lines: 1 } },
  { $unwind: '$lines' },
  { $unwind: '$lines.attribution.levels' },
  { $match: { 'lines.attribution.levels.amountFen': { $gt: 0 } } },
];

/** Sales per day index, net of refunds (the dashboard's figure), with the goods as paid. */
function dailyLookup(window: AnalyticsWindow): Lookup {
  return {
    from: 'orders',
    pipeline: [
      paidIn(window),
      {
        $group: {
          _id: { $floor: { $divide: [{ $subtract: ['$payment.paidAt', window.startsAt] }, DAY_MS] } },
          salesFen: { $sum: { $subtract: [{ $sum: '$lines.paidFen' }, { $sum: '$lines.refundedFen' }] } },
          goodsPaidFen: { $sum: { $sum: '$lines.paidFen' } },
          orders: { $sum: 1 },
        },
      },
      { $limit: window.days + 1 },
    ],
    as: 'daily',
  };
}

/** Buyers of the range, and those among them with two paid orders or more: one row. */
function buyersLookup(window: AnalyticsWindow): Lookup {
  return {
    from: 'orders',
    pipeline: [
      paidIn(window),
      { $group: { _id: '$buyerId', orders: { $sum: 1 } } },
      {
        $group: {
          _id: null,
          buyers: { $sum: 1 },
          repeatBuyers: { $sum: { $cond: [{ $gte: ['$orders', 2] }, 1, 0] } },
        },
      },
      { $limit: 1 },
    ],
    as: 'buyers',
  };
}

/** The products that sold the most goods, net of refunds. */
function productsLookup(window: AnalyticsWindow): Lookup {
  return {
    from: 'orders',
    pipeline: [
      paidIn(window),
      { $project: { lines: 1 } },
      { $unwind: '$lines' },
      {
        $group: {
          _id: '$lines.productId',
          name: { $first: '$lines.name' },
          salesFen: { $sum: { $subtract: ['$lines.paidFen', '$lines.refundedFen'] } },
          quantity: { $sum: { $subtract: ['$lines.quantity', '$lines.refundedQuantity'] } },
        },
      },
      { $sort: { salesFen: -1, _id: 1 } },
      { $limit: TOP_LIMIT },
    ],
    as: 'products',
  };
}

/** The distributors whose commissioned lines sold the most, with their nicknames. */
function distributorsLookup(window: AnalyticsWindow): Lookup {
  return {
    from: 'orders',
    pipeline: [
      ...earningLevels(window),
      {
        $group: {
          _id: '$lines.attribution.levels.beneficiaryId',
          salesFen: { $sum: '$lines.paidFen' },
          commissionFen: { $sum: '$lines.attribution.levels.amountFen' },
        },
      },
      { $sort: { salesFen: -1, _id: 1 } },
      { $limit: TOP_LIMIT },
      { $lookup: { from: 'users', localField: '_id', foreignField: '_id', as: 'users' } },
      { $project: { salesFen: 1, commissionFen: 1, 'users.nickname': 1 } },
    ],
    as: 'distributors',
  };
}

/** How many distributors earned commission in the range, and the commission: one row. */
function earnersLookup(window: AnalyticsWindow): Lookup {
  return {
    from: 'orders',
    pipeline: [
      ...earningLevels(window),
      {
        $group: {
          _id: '$lines.attribution.levels.beneficiaryId',
          commissionFen: { $sum: '$lines.attribution.levels.amountFen' },
        },
      },
      { $group: { _id: null, active: { $sum: 1 }, commissionFen: { $sum: '$commissionFen' } } },
      { $limit: 1 },
    ],
    as: 'earners',
  };
}

/** The range's product-page views and adds to cart, summed over its days: one row. */
function countersLookup(fromDay: number, toDay: number): Lookup {
  return {
    from: 'productDailyStats',
    pipeline: [
      { $match: { day: { $gte: fromDay, $lte: toDay } } },
      { $group: { _id: null, views: { $sum: '$views' }, cartAdds: { $sum: '$cartAdds' } } },
      { $limit: 1 },
    ],
    as: 'counters',
  };
}

/** Every lookup of the range; `fromDay` and `toDay` are its first and last day as YYYYMMDD. */
export function analyticsLookups(window: AnalyticsWindow, fromDay: number, toDay: number): Lookup[] {
  return [
    dailyLookup(window),
    buyersLookup(window),
    productsLookup(window),
    distributorsLookup(window),
    earnersLookup(window),
    {
      from: 'orders',
      pipeline: [{ $match: { createdAt: { $gte: window.startsAt, $lt: window.endsAt } } }, { $count: 'n' }],
      as: 'ordered',
    },
    countersLookup(fromDay, toDay),
    {
      from: 'users',
      pipeline: [{ $match: { 'distributor.status': 'approved' } }, { $count: 'n' }],
      as: 'approved',
    },
  ];
}

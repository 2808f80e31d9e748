/**
 * A distributor's analytics (数据): the last 30 China days of earnings, team sales and the
 * conversion of their shares (visits through them, binds, orders), in ONE aggregation that starts
 * from the caller's user document and joins each figure as a `$lookup` sub-pipeline: one round
 * trip, whatever the team's size. A caller without a user document has no figures yet (all zero).
 *
 * Every sub-pipeline starts with a `$match` a declared index serves: the caller's commissions
 * by creation (`idx_beneficiary_created`), the orders whose chain holds the caller
 * (`idx_chain_created`: orders created from a day before the range, since an order is paid
 * within its payment deadline of at most a day, then kept when paid in the range), the users
 * bound to the caller (`idx_ancestor_0`), the caller's days of share visits (`idx_sharer_day`).
 * Operators as in admin/analyticsQueries.ts, plus $arrayElemAt and $eq.
 */
import {
  analyticsWindow,
  dailySeries,
  dayNumber,
  DISTRIBUTOR_ANALYTICS_DAYS,
  shareBp,
  type AnalyticsWindow,
} from '@shared/analytics';
import type { DistributorAnalyticsOutput } from '@shared/contracts/distributorAnalytics';
import type { DistributorError } from '@shared/contracts/distributor';
import type { OrderStatus } from '@shared/orderStates';
import { ok, type Result } from '@shared/result';
import { aggregateList, type Lookup } from '../_lib/db';
import { NET_FEN } from '../_lib/earnings';

const DAY_MS = 24 * 60 * 60 * 1000;
const PAID_STATUSES: OrderStatus[] = ['paid', 'shipped', 'completed'];

interface AnalyticsRow {
  earnings: Array<{ _id: number; earnedFen: number }>;
  team: Array<{ _id: number; salesFen: number; orders: number }>;
  direct: Array<{ buyers: number; orders: number }>;
  binds: Array<{ binds: number; payingBinds: number }>;
  visits: Array<{ visits: number }>;
}

const dayIndexOf = (field: string, window: AnalyticsWindow) => ({
  $floor: { $divide: [{ $subtract: [field, window.startsAt] }, DAY_MS] },
});

/** The orders paid in the range whose attribution chain holds the caller. */
const teamOrders = (openid: string, window: AnalyticsWindow): object[] => [
  { $match: { chain: openid, createdAt: { $gte: new Date(window.startsAt.getTime() - DAY_MS), $lt: window.endsAt } } },
  { $match: { 'payment.paidAt': { $gte: window.startsAt, $lt: window.endsAt }, status: { $in: PAID_STATUSES } } },
];

function lookups(openid: string, window: AnalyticsWindow): Lookup[] {
  return [
    {
      from: 'commissions',
      pipeline: [
        { $match: { beneficiaryId: openid, createdAt: { $gte: window.startsAt, $lt: window.endsAt } } },
        { $group: { _id: dayIndexOf('$createdAt', window), earnedFen: { $sum: NET_FEN } } },
        { $limit: window.days + 1 },
      ],
      as: 'earnings',
    },
    {
      from: 'orders',
      pipeline: [
        ...teamOrders(openid, window),
        {
          $group: {
            _id: dayIndexOf('$payment.paidAt', window),
            salesFen: { $sum: { $subtract: [{ $sum: '$lines.paidFen' }, { $sum: '$lines.refundedFen' }] } },
            orders: { $sum: 1 },
          },
        },
        { $limit: window.days + 1 },
      ],
      as: 'team',
    },
    {
      // One row per buyer of the orders where the caller stood on level 1 (their own shares).
      from: 'orders',
      pipeline: [
        ...teamOrders(openid, window),
        { $match: { 'chain.0': openid } },
        { $group: { _id: '$buyerId', orders: { $sum: 1 } } },
        { $group: { _id: null, buyers: { $sum: 1 }, orders: { $sum: '$orders' } } },
        { $limit: 1 },
      ],
      as: 'direct',
    },
    {
      from: 'users',
      pipeline: [
        { $match: { 'ancestors.0': openid, boundAt: { $gte: window.startsAt, $lt: window.endsAt } } },
        {
          $group: {
            _id: null,
            binds: { $sum: 1 },
            payingBinds: { $sum: { $cond: [{ $eq: ['$hasPaidOrder', true] }, 1, 0] } },
          },
        },
        { $limit: 1 },
      ],
      as: 'binds',
    },
    {
      // The caller's days in the range: YYYYMMDD numbers order as the days do.
      from: 'shareDailyStats',
      pipeline: [
        { $match: { sharerId: openid, day: { $gte: dayNumber(window.startsAt), $lt: dayNumber(window.endsAt) } } },
        { $group: { _id: null, visits: { $sum: '$visits' } } },
        { $limit: 1 },
      ],
      as: 'visits',
    },
  ];
}

async function readAnalytics(openid: string, window: AnalyticsWindow): Promise<AnalyticsRow | null> {
  const [row] = await aggregateList<AnalyticsRow>('users', (pipeline) =>
    lookups(openid, window).reduce((joined, lookup) => joined.lookup(lookup), pipeline.match({ _id: openid }).limit(1)),
  );
  return row ?? null;
}

export async function distributorAnalytics(
  openid: string,
  now: Date,
): Promise<Result<DistributorAnalyticsOutput, DistributorError>> {
  const window = analyticsWindow(now, DISTRIBUTOR_ANALYTICS_DAYS);
  const row = await readAnalytics(openid, window);
  const earnings = dailySeries(window, row?.earnings ?? [], ['earnedFen'] as const);
  const teamSales = dailySeries(window, row?.team ?? [], ['salesFen', 'orders'] as const);
  const binds = row?.binds[0] ?? { binds: 0, payingBinds: 0 };
  const direct = row?.direct[0] ?? { buyers: 0, orders: 0 };
  const visits = row?.visits[0]?.visits ?? 0;
  const sum = <T>(points: T[], figure: (point: T) => number) =>
    points.reduce((total, point) => total + figure(point), 0);
  return ok({
    days: DISTRIBUTOR_ANALYTICS_DAYS,
    from: window.from,
    to: window.to,
    earnings,
    teamSales,
    totals: {
      earnedFen: sum(earnings, (point) => point.earnedFen),
      teamSalesFen: sum(teamSales, (point) => point.salesFen),
      teamOrders: sum(teamSales, (point) => point.orders),
    },
    shares: {
      visits,
      visitBindBp: shareBp(binds.binds, visits),
      ...binds,
      conversionBp: shareBp(binds.payingBinds, binds.binds),
      directOrders: direct.orders,
      directBuyers: direct.buyers,
    },
  });
}

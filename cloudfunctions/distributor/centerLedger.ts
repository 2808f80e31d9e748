/**
 * The center's ledger figures: balances, earnings today / this month / in
 * total, counts, the 30-day chart and the withdraw rules, read with a constant number of round
 * trips whatever the distributor's history: the figures are `$lookup` sub-pipelines joined onto
 * the context aggregation on `users` (context.ts), plus one aggregation that counts held
 * commissions (a join with afterSales per frozen commission, which would nest a lookup inside a
 * lookup if it were joined there too).
 *
 * Every sub-pipeline groups in the database and returns a handful of rows (at most 5 statuses,
 * 31 days): aggregation answers at most 20 rows without `$limit`, so the day rows carry one.
 * Operators used, all documented for CloudBase aggregation and supported by the emulator's
 * mingo: $match, $group with $sum, $count, $limit, $lookup (let / pipeline / $expr), $subtract
 * of two dates (milliseconds), $add, $divide, $floor, $eq, $in.
 */
import type { CollectionName } from '@shared/collections';
import type { CenterOutput } from '@shared/contracts/distributor';
import { chinaDay, DAY_MS, earningsFromDays, type EarningsWindow } from '@shared/earnings';
import { ZERO_BALANCES, type AccountDocument, type CommissionStatus } from '@shared/ledger';
import type { Rules } from '@shared/rules';
import type { WithdrawalStatus } from '@shared/withdrawals';
import { _, aggregateList, type Lookup, type Pipeline } from '../_lib/db';
import { accountLookup, NET_FEN } from '../_lib/earnings';
import { withHolds } from './ledgerReads';

export interface LedgerJoins {
  ledgerAccount: AccountDocument[];
  ledgerWithdrawals: Array<{ _id: WithdrawalStatus; n: number }>;
  ledgerStatuses: Array<{ _id: CommissionStatus; n: number; netFen: number }>;
  ledgerDays: Array<{ _id: number; netFen: number }>;
  ledgerOrders: Array<{ n: number }>;
  team0: Array<{ n: number }>;
  team1: Array<{ n: number }>;
  team2: Array<{ n: number }>;
}

export const LEDGER_JOIN_FIELDS: ReadonlyArray<keyof LedgerJoins> = [
  'ledgerAccount',
  'ledgerWithdrawals',
  'ledgerStatuses',
  'ledgerDays',
  'ledgerOrders',
  'team0',
  'team1',
  'team2',
];

const countOf = (collection: CollectionName, match: object, as: string): Lookup => ({
  from: collection,
  pipeline: [{ $match: match }, { $count: 'n' }],
  as,
});

/** Joins the ledger figures and the team sizes onto the context aggregation (one row: the caller). */
export function withLedger(pipeline: Pipeline, openid: string, window: EarningsWindow): Pipeline {
  const mine = { beneficiaryId: openid };
  return pipeline
    .lookup(accountLookup(openid, 'ledgerAccount'))
    .lookup({
      from: 'withdrawals',
      pipeline: [
        { $match: { userId: openid, status: { $in: ['reviewing', 'paying'] } } },
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ],
      as: 'ledgerWithdrawals',
    })
    .lookup({
      from: 'commissions',
      pipeline: [{ $match: mine }, { $group: { _id: '$status', n: { $sum: 1 }, netFen: { $sum: NET_FEN } } }],
      as: 'ledgerStatuses',
    })
    .lookup({
      from: 'commissions',
      pipeline: [
        { $match: { ...mine, createdAt: { $gte: window.startsAt } } },
        // The China day as a whole number of days since the window's first China midnight.
        {
          $group: {
            _id: { $floor: { $divide: [{ $subtract: ['$createdAt', window.startsAt] }, DAY_MS] } },
            netFen: { $sum: NET_FEN },
          },
        },
        { $limit: window.days + 1 },
      ],
      as: 'ledgerDays',
    })
    .lookup({
      from: 'commissions',
      pipeline: [{ $match: mine }, { $group: { _id: '$orderId' } }, { $count: 'n' }],
      as: 'ledgerOrders',
    })
    .lookup(countOf('users', { 'ancestors.0': openid }, 'team0'))
    .lookup(countOf('users', { 'ancestors.1': openid }, 'team1'))
    .lookup(countOf('users', { 'ancestors.2': openid }, 'team2'));
}

/** How many of the caller's frozen commissions an open after-sale holds: one aggregation. */
export async function heldCount(openid: string): Promise<number> {
  const [row] = await aggregateList<{ n: number }>('commissions', (pipeline) =>
    withHolds(pipeline.match({ beneficiaryId: openid, status: 'frozen' }))
      .match({ 'holds.0': _.exists(true) })
      .count('n'),
  );
  return row?.n ?? 0;
}

type LedgerFigures = Pick<CenterOutput, 'balances' | 'earnings' | 'earningsChart' | 'counts' | 'rules'>;

/** The figures from the joined rows; a caller without an account or commissions gets zeros (they have none). */
export function ledgerFigures(
  joins: LedgerJoins | null,
  heldRead: number,
  window: EarningsWindow,
  now: Date,
  rules: Rules,
): LedgerFigures {
  const account = joins?.ledgerAccount[0];
  const statuses = new Map((joins?.ledgerStatuses ?? []).map((row) => [row._id, row]));
  const count = (status: CommissionStatus): number => statuses.get(status)?.n ?? 0;
  const withdrawals = (status: WithdrawalStatus): number =>
    joins?.ledgerWithdrawals.find((row) => row._id === status)?.n ?? 0;
  const days = earningsFromDays(
    window,
    (joins?.ledgerDays ?? []).map((row) => ({ dayIndex: row._id, netFen: row.netFen })),
  );
  const { minAmountFen, maxAmountFen, feeBp, maxPerDay, channels } = rules.withdraw;
  // The balance channel's own fee, only where it is offered (absent in the rules means 0).
  const balanceFee = channels.includes('balance') ? { balanceFeeBp: rules.withdraw.balanceFeeBp ?? 0 } : {};
  // The two reads are not one snapshot: a release between them must not make `frozen` negative.
  const held = Math.min(heldRead, count('frozen'));
  const today = chinaDay(now);
  return {
    balances: account
      ? {
          frozenFen: account.frozenFen,
          availableFen: account.availableFen,
          withdrawingFen: account.withdrawingFen,
          withdrawnFen: account.withdrawnFen,
        }
      : { ...ZERO_BALANCES },
    earnings: {
      todayFen: days.todayFen,
      monthFen: days.monthFen,
      totalFen: [...statuses.values()].reduce((sum, row) => sum + row.netFen, 0),
      day: today,
      month: today.slice(0, 7),
    },
    earningsChart: days.chart,
    counts: {
      // Held commissions are frozen ones; the page shows them apart.
      commissions: {
        frozen: count('frozen') - held,
        held,
        releasing: count('releasing'),
        released: count('released'),
        reversed: count('reversed'),
      },
      promotionOrders: joins?.ledgerOrders[0]?.n ?? 0,
      withdrawalsReviewing: withdrawals('reviewing'),
      withdrawalsPaying: withdrawals('paying'),
    },
    rules: {
      withdraw: { minAmountFen, maxAmountFen, feeBp, ...balanceFee, maxPerDay, channels: [...channels] },
      notifications: {
        commission: rules.notifications.commission?.templateId ?? null,
        withdrawal: rules.notifications.withdrawal?.templateId ?? null,
      },
    },
  };
}

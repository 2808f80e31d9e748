/**
 * One run of the monthly team bonus (docs/team.md section 1). During the first COMPUTE_DAYS days
 * of a China month, while the team bonus is on, it computes the month before (once no order of
 * that month has an open after-sale request, or on the last of those days without such orders): pages of
 * distributors with team sales in that month (one aggregation each, _lib/teamSales.ts), for each
 * the tier reached and the cap, and a grant of `tb:<userId>:<yyyymm>` with its explanation
 * through _lib/rewards.ts. The position is saved after every page; a period marked done is not
 * read again.
 *
 * Paying once whatever happens: the reward id is the distributor and the month, and a grant of
 * an existing id answers the existing reward. A re-run, or two runs at once, therefore grant
 * nothing new; the rewards of a page that exist already are found with one read first, so a
 * re-run does not even recompute their explanations.
 */
import { OPEN_AFTER_SALE_STATUSES } from '@shared/afterSales';
import type { ComputeTeamBonusOutput } from '@shared/contracts/timers';
import { chinaDay } from '@shared/chinaTime';
import { teamBonusRulesOf, type TeamBonusRules } from '@shared/rules';
import { teamBonusRewardId } from '@shared/rewards';
import {
  explainTeamBonus,
  MAX_EXPLAINED_ORDERS,
  periodRange,
  previousPeriod,
  teamBonusOf,
  type TeamBonusRunState,
} from '@shared/teamBonus';
import { isDistributor } from '@shared/users';
import type { RulesDocument } from '@shared/rules';
import { _, findWhere, getDoc, setDoc } from '../_lib/db';
import { grantReward, RISK_VOIDED } from '../_lib/rewards';
import { loadRules } from '../_lib/rules';
import { countedIn, countedOrders, teamSalesPage, type TeamSalesRow } from '../_lib/teamSales';
import type { TimerBudget } from '../_lib/timer';
import { BUSY } from '../_lib/tx';

/** The month before is computed on days 1..COMPUTE_DAYS of a month (China time); a failing day is retried the next. */
const COMPUTE_DAYS = 7;
const STATE_ID = 'computeTeamBonus';
const DAY_MS = 86_400_000;

function emptyReport(period: string): ComputeTeamBonusOutput {
  return {
    period,
    skipped: null,
    distributors: 0,
    granted: 0,
    existing: 0,
    noBonus: 0,
    busy: 0,
    done: true,
    failed: 0,
  };
}

interface Period {
  period: string;
  range: { from: Date; to: Date };
  rules: RulesDocument;
  bonus: TeamBonusRules;
  /** Orders of the period left out: an after-sale request on them was still open on the last computing day. */
  excluded: string[];
}

/** Grants one distributor's bonus of the period (the tier and cap applied), with its explanation. */
async function grantOne(report: ComputeTeamBonusOutput, row: TeamSalesRow, at: Period, now: Date): Promise<void> {
  const amount = teamBonusOf(at.bonus, row.teamSalesFen);
  const orders = await countedOrders(row._id, at.range, MAX_EXPLAINED_ORDERS, at.excluded);
  const outcome = await grantReward(
    {
      _id: teamBonusRewardId(row._id, at.period),
      kind: 'teamBonus',
      beneficiaryId: row._id,
      amountFen: amount.amountFen,
      releaseAt: new Date(now.getTime() + at.bonus.frozenDays * DAY_MS),
      orderId: null,
      period: at.period,
      explanation: explainTeamBonus(at.bonus, at.period, { ...row, orders }),
    },
    now,
  );
  // A risk case voids only rewards tied to an order, which a team bonus never is.
  if (outcome === RISK_VOIDED) throw new Error(`team bonus ${row._id} of ${at.period} refused by a risk case`);
  if (outcome === BUSY) report.busy += 1;
  else if (outcome.created) report.granted += 1;
  else report.existing += 1;
}

/** One page of distributors: the ones without a bonus yet and with one due are granted, a few at once. */
async function computePage(report: ComputeTeamBonusOutput, rows: TeamSalesRow[], at: Period, now: Date) {
  report.distributors += rows.length;
  const earning = rows.filter((row) => teamBonusOf(at.bonus, row.teamSalesFen).amountFen > 0);
  const ids = earning.map((row) => row._id);
  const [users, existing] = await Promise.all([
    ids.length ? findWhere('users', { _id: _.in(ids) }, { limit: ids.length }) : [],
    ids.length
      ? findWhere('rewards', { _id: _.in(ids.map((id) => teamBonusRewardId(id, at.period))) }, { limit: ids.length })
      : [],
  ]);
  const distributors = new Set(users.filter((user) => isDistributor(user, at.rules)).map((user) => user._id));
  const paid = new Set(existing.map((reward) => reward.beneficiaryId));
  const due = earning.filter((row) => distributors.has(row._id) && !paid.has(row._id));
  report.noBonus += rows.length - earning.length + earning.filter((row) => !distributors.has(row._id)).length;
  report.existing += earning.filter((row) => distributors.has(row._id) && paid.has(row._id)).length;
  for (let i = 0; i < due.length; i += 5)
    await Promise.all(due.slice(i, i + 5).map((row) => grantOne(report, row, at, now)));
}

/** Open after-sale requests one run looks at, at most (a shop has far fewer open at once). */
const MAX_OPEN_REQUESTS = 1_000;

/**
 * The orders counted in the period whose outcome is still open: an after-sale request (its refund
 * may still come, and a bonus paid on it could not be taken back) or a risk case (the merchant
 * may still void it as fraud). Three reads: the open requests (index idx_status_created) and the
 * period's orders with an open risk case at once, then which of the requests' orders the period
 * counts.
 */
async function heldOrdersOf(range: { from: Date; to: Date }): Promise<string[]> {
  const [open, risky] = await Promise.all([
    findWhere('afterSales', { status: _.in([...OPEN_AFTER_SALE_STATUSES]) }, { limit: MAX_OPEN_REQUESTS }),
    findWhere('orders', { ...countedIn(range), 'settlement.risk': 'open' }, { limit: MAX_OPEN_REQUESTS }),
  ]);
  const orderIds = [...new Set(open.map((request) => request.orderId))];
  const refunding =
    orderIds.length === 0
      ? []
      : await findWhere('orders', { _id: _.in(orderIds), ...countedIn(range) }, { limit: orderIds.length });
  return [...new Set([...refunding, ...risky].map((order) => order._id))];
}

/**
 * The period to compute now, or why there is none. While an order of the period has an open
 * after-sale request or risk case, the run waits (a later day of the first COMPUTE_DAYS days
 * tries again); on the last of them it computes without those orders, so that no refund and no
 * void can reach a bonus: an order still open a week after the month is left out of it.
 */
async function periodToCompute(
  now: Date,
): Promise<{ at: Period; after: string | null } | 'notYet' | 'off' | 'waiting'> {
  const period = previousPeriod(now);
  const day = Number(chinaDay(now).slice(8, 10));
  if (day > COMPUTE_DAYS) return 'notYet';
  const [rules, state] = await Promise.all([loadRules(), getDoc('system', STATE_ID)]);
  const bonus = teamBonusRulesOf(rules);
  if (!bonus.enabled) return 'off';
  const own = state && 'period' in state && state.period === period ? (state as TeamBonusRunState) : null;
  if (own?.done) return 'notYet';
  const range = periodRange(period);
  const excluded = await heldOrdersOf(range);
  if (excluded.length > 0 && day < COMPUTE_DAYS) return 'waiting';
  return { at: { period, range, rules, bonus, excluded }, after: own?.after ?? null };
}

export async function computeTeamBonus(
  pageSize: number,
  budget: TimerBudget,
  now: Date,
): Promise<ComputeTeamBonusOutput> {
  const report = emptyReport(previousPeriod(now));
  const start = await periodToCompute(now);
  if (typeof start === 'string') return { ...report, skipped: start };
  const { at } = start;
  report.heldOrders = at.excluded.length;
  let after = start.after;
  for (;;) {
    const pageStart = after;
    const rows = await teamSalesPage(at.range, after, pageSize, at.excluded);
    await computePage(report, rows, at, now);
    const done = rows.length < pageSize && report.busy === 0;
    after = rows.at(-1)?._id ?? after;
    // A busy grant keeps the position before its page, so the next run computes that page again.
    const saved: Omit<TeamBonusRunState, '_id'> = {
      period: at.period,
      after: report.busy > 0 ? pageStart : after,
      done,
      updatedAt: now,
    };
    await setDoc('system', STATE_ID, saved);
    if (done) return report;
    if (report.busy > 0 || !budget.left()) return { ...report, done: false };
  }
}

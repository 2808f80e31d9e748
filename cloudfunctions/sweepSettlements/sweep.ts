/**
 * The settlement sweep, two phases per run:
 *
 *   1. paid orders whose settlement is still pending (the payment flow's call was lost, failed
 *      or never ran), oldest payment first, one page per run. Each is settled with the shared
 *      steps of _lib/settleOrder.ts, which are idempotent, so an order settled meanwhile by the
 *      payment flow is harmless here;
 *   2. settlement shares still pending (a settlement committed and then crashed, or its roll-up
 *      ran out of time): the users they belong to are rolled up (_lib/rollup.ts), oldest share
 *      first, which also applies whatever else those users have pending.
 */
import type { SweepSettlementsOutput } from '@shared/contracts/timers';
import { _, findWhere } from '../_lib/db';
import { finishPendingInvites } from '../_lib/inviteReward';
import { rollUpUser } from '../_lib/rollup';
import { settleOrder } from '../_lib/settleOrder';
import type { TimerBudget } from '../_lib/timer';

/** Orders paid (and shares written) this recently are left to the payment flow's own call. */
const GRACE_MS = 60_000;
const PAGE_SIZE = 50;

async function settleOrders(now: Date, budget: TimerBudget, report: SweepSettlementsOutput): Promise<void> {
  const due = await findWhere(
    'orders',
    { 'settlement.state': 'pending', 'payment.paidAt': _.lt(new Date(now.getTime() - GRACE_MS)) },
    { orderBy: [['payment.paidAt', 'asc']], limit: PAGE_SIZE },
  );
  report.done = due.length < PAGE_SIZE;
  for (const order of due) {
    if (!budget.left()) {
      report.done = false;
      return;
    }
    const result = await settleOrder(order._id, new Date());
    if (result.ok) report.settled += 1;
    else report.failed += 1;
  }
}

async function rollUpLeftovers(now: Date, budget: TimerBudget, report: SweepSettlementsOutput): Promise<void> {
  const left = await findWhere(
    'settlementShares',
    { state: 'pending', createdAt: _.lt(new Date(now.getTime() - GRACE_MS)) },
    { orderBy: [['createdAt', 'asc']], limit: PAGE_SIZE },
  );
  if (left.length === PAGE_SIZE) report.done = false;
  for (const userId of new Set(left.map((share) => share.userId))) {
    if (!budget.left()) {
      report.done = false;
      return;
    }
    // The run's own time limit bounds each user's roll-up too.
    const deadline = performance.now() + Math.max(0, budget.budgetMs - budget.elapsedMs());
    const outcome = await rollUpUser(userId, new Date(), { deadline });
    report.rolledUp += outcome.applied;
    if (!outcome.done) report.failed += 1;
  }
}

export async function settlePending(now: Date, budget: TimerBudget): Promise<SweepSettlementsOutput> {
  const report: SweepSettlementsOutput = { settled: 0, rolledUp: 0, invites: 0, failed: 0, done: true };
  await settleOrders(now, budget, report);
  if (budget.left()) await rollUpLeftovers(now, budget, report);
  else report.done = false;
  if (budget.left()) {
    const invites = await finishPendingInvites(now, GRACE_MS, () => budget.left());
    report.invites = invites.finished;
    if (!invites.done) report.done = false;
  } else report.done = false;
  return report;
}

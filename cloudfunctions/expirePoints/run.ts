/**
 * One run of expirePoints, in two phases, each resumable and safe to run twice:
 *
 *   1. release: orders whose points are `frozen` and whose return window has ended
 *      (`returnWindowEndsAt` ≤ now) get them moved to available (_lib/pointsEarning.ts
 *      releaseOrderPoints: one transaction, entry `release:<orderId>`, the order marked
 *      `released`). An order with an open after-sale request waits, as its commissions do, so
 *      that the refund takes its points back from frozen. This is the moment commissions release
 *      (releaseCommissions runs on the same 10-minute schedule); it is a phase of this timer
 *      rather than of releaseCommissions because points move per order and need no batch claims,
 *      and keeping them apart leaves the commission run's batches, report and round trips as
 *      they are.
 *   2. expire: under the rules' validityMonths, the points that became available in a month M
 *      expire when month M + validityMonths ends (China time). Accounts whose oldest month has
 *      expired are found by `oldestMonth`; each is expired in one transaction with one entry per
 *      month (`expire:<userId>:<YYYY-MM>`), so an account and month expire once, whoever runs.
 */
import { isOpenAfterSale } from '@shared/afterSales';
import { chinaMonth } from '@shared/chinaTime';
import type { ExpirePointsOutput } from '@shared/contracts/timers';
import { lastExpiredMonth, type PointsMove } from '@shared/points';
import { pointsRulesOf } from '@shared/rules';
import { _, findWhere } from '../_lib/db';
import { movePoints } from '../_lib/points';
import { releaseOrderPoints } from '../_lib/pointsEarning';
import { loadRules } from '../_lib/rules';
import type { TimerBudget } from '../_lib/timer';
import { BUSY, inTransaction, isDuplicate } from '../_lib/tx';

function emptyReport(): ExpirePointsOutput {
  return { done: true, failed: 0, releasedOrders: 0, held: 0, expiredAccounts: 0, expiredPoints: 0 };
}

/** The orders of `orderIds` that an open after-sale request holds (one read). */
async function heldOrders(orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const requests = await findWhere('afterSales', { orderId: _.in([...orderIds]) }, { limit: 1000 });
  return new Set(requests.filter((request) => isOpenAfterSale(request.status)).map((request) => request.orderId));
}

/** Phase 1, page after page while the budget lasts. */
async function releaseDue(report: ExpirePointsOutput, pageSize: number, budget: TimerBudget, now: Date): Promise<void> {
  const skip: string[] = [];
  for (;;) {
    const where = { 'points.earnState': 'frozen', returnWindowEndsAt: _.lte(now), _id: _.nin(skip) };
    const page = await findWhere('orders', where, { limit: pageSize });
    const held = await heldOrders(page.map((order) => order._id));
    for (const order of page) {
      if (held.has(order._id)) {
        report.held += 1;
        skip.push(order._id);
      } else if (await releaseOrderPoints(order._id, now)) report.releasedOrders += 1;
    }
    if (page.length < pageSize) return;
    if (!budget.left()) {
      report.done = false;
      return;
    }
  }
}

/** Expires every month of one account up to `lastExpired`. Answers the points expired. */
async function expireAccount(userId: string, lastExpired: string, now: Date): Promise<number> {
  try {
    const outcome = await inTransaction(async (tx) => {
      const account = await tx.get('pointsAccounts', userId);
      if (!account) return 0;
      const months = Object.keys(account.months).filter((month) => month <= lastExpired);
      const moves: PointsMove[] = months.map((month) => ({
        kind: 'expire',
        causeId: `${userId}:${month}`,
        points: 0,
        month,
        ref: {},
        reason: `${month} 获得的积分过期`,
        by: 'system',
      }));
      if (moves.length === 0) return 0;
      const verdict = await movePoints(tx, userId, moves, now, account);
      return verdict.ok ? verdict.entries.reduce((sum, entry) => sum + entry.deltas.expired, 0) : 0;
    });
    if (outcome === BUSY) throw new Error(`the points account of ${userId} stayed busy`);
    return outcome;
  } catch (error) {
    if (isDuplicate(error)) return 0;
    throw error;
  }
}

/** Phase 2. */
async function expireDue(report: ExpirePointsOutput, pageSize: number, budget: TimerBudget, now: Date): Promise<void> {
  const lastExpired = lastExpiredMonth(chinaMonth(now), pointsRulesOf(await loadRules()).validityMonths);
  if (!lastExpired) return;
  for (;;) {
    const page = await findWhere('pointsAccounts', { oldestMonth: _.lte(lastExpired) }, { limit: pageSize });
    for (const account of page) {
      report.expiredPoints += await expireAccount(account._id, lastExpired, now);
      report.expiredAccounts += 1;
    }
    if (page.length < pageSize) return;
    if (!budget.left()) {
      report.done = false;
      return;
    }
  }
}

export async function runPoints(pageSize: number, budget: TimerBudget, now: Date): Promise<ExpirePointsOutput> {
  const report = emptyReport();
  await releaseDue(report, pageSize, budget, now);
  if (budget.left()) await expireDue(report, pageSize, budget, now);
  else report.done = false;
  return report;
}

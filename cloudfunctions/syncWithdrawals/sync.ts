/**
 * The withdrawal sync: paying WeChat transfers, oldest first, one page per run, each brought up
 * to date with WeChat Pay by the distributor's own `sync` step (_lib/withdrawals/review.ts):
 * withdrawn, or failed with the amount back in available, and a missing bill created.
 * Withdrawals changed in the last few minutes are left to the interactive path.
 */
import type { SyncWithdrawalsOutput } from '@shared/contracts/timers';
import { _, findWhere } from '../_lib/db';
import { payoutConfig } from '../_lib/payout';
import type { TimerBudget } from '../_lib/timer';
import { WITHDRAWALS } from '../_lib/withdrawals/moves';
import { sync } from '../_lib/withdrawals/review';

/** Transfers approved this recently are left to the approval and the distributor's own sync. */
export const SYNC_GRACE_MS = 5 * 60_000;
const PAGE_SIZE = 100;

export async function syncPaying(now: Date, budget: TimerBudget): Promise<SyncWithdrawalsOutput> {
  const report: SyncWithdrawalsOutput = { synced: 0, changed: 0, failed: 0, done: true };
  // Without WeChat Pay's merchant settings there is nothing to ask.
  if (!payoutConfig()) return report;
  const due = await findWhere(
    WITHDRAWALS,
    { status: 'paying', channel: 'wechatTransfer', updatedAt: _.lt(new Date(now.getTime() - SYNC_GRACE_MS)) },
    { orderBy: [['updatedAt', 'asc']], limit: PAGE_SIZE },
  );
  report.done = due.length < PAGE_SIZE;
  for (const withdrawal of due) {
    if (!budget.left()) return { ...report, done: false };
    try {
      const result = await sync(withdrawal._id, new Date());
      report.synced += 1;
      if (result.ok && result.data.status === 'changed') report.changed += 1;
    } catch (error) {
      // WeChat Pay did not answer for this one; the next run asks again.
      console.error(`syncWithdrawals ${withdrawal._id}:`, error);
      report.failed += 1;
    }
  }
  return report;
}

/**
 * syncWithdrawals (timer, every 30 minutes): brings paying WeChat transfers up to date with
 * WeChat Pay, oldest first. The distributor's own `sync` covers the usual path (the mini-program
 * syncs right after the confirmation), but a distributor may close the mini-program after
 * confirming, never confirm, or the bill's creation may have been lost after the approval: this
 * timer finishes those (withdrawn, or failed with the amount back in available) and creates
 * missing bills. Withdrawals changed in the last few minutes are left to the interactive path.
 * It stops starting new syncs at half its time limit; the next run continues.
 */
import { caller } from '../_lib/cloud';
import { _, findWhere } from '../_lib/db';
import { payoutConfig } from '../_lib/payout';
import { WITHDRAWALS } from '../_lib/withdrawals/moves';
import { sync } from '../_lib/withdrawals/review';

/** Transfers approved this recently are left to the approval and the distributor's own sync. */
export const SYNC_GRACE_MS = 5 * 60_000;
const PAGE_SIZE = 100;

export async function main(_event: unknown, context: { getRemainingTimeInMillis?: () => number }): Promise<{ synced: number; changed: number; failed: number } | { error: string }> {
  if (caller().openid) return { error: 'FORBIDDEN' };
  if (!payoutConfig()) return { synced: 0, changed: 0, failed: 0 };
  const now = new Date();
  const due = await findWhere(
    WITHDRAWALS,
    { status: 'paying', channel: 'wechatTransfer', updatedAt: _.lt(new Date(now.getTime() - SYNC_GRACE_MS)) },
    { orderBy: [['updatedAt', 'asc']], limit: PAGE_SIZE },
  );
  const budgetMs = (context.getRemainingTimeInMillis?.() ?? 60_000) / 2;
  const started = Date.now();
  const counts = { synced: 0, changed: 0, failed: 0 };
  for (const withdrawal of due) {
    if (Date.now() - started > budgetMs) break;
    try {
      const result = await sync(withdrawal._id, new Date());
      counts.synced += 1;
      if (result.ok && result.data.status === 'changed') counts.changed += 1;
    } catch (error) {
      // WeChat Pay did not answer for this one; the next run asks again.
      console.error(`syncWithdrawals ${withdrawal._id}:`, error);
      counts.failed += 1;
    }
  }
  return counts;
}

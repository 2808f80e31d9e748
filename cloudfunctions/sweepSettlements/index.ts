/**
 * sweepSettlements (timer, every 5 minutes): settles paid orders whose settlement is still
 * pending (the payment flow's call was lost, failed or never ran), oldest payment first. It stops
 * starting new orders at half its time limit; the next run continues.
 */
import { _, findWhere } from '../_lib/db';
import { caller } from '../_lib/cloud';
import { settleOrder } from '../_lib/settle';

/** Orders paid this recently are left to the payment flow's own call. */
const GRACE_MS = 60_000;
const PAGE_SIZE = 50;

export async function main(_event: unknown, context: { getRemainingTimeInMillis?: () => number }): Promise<{ settled: number; failed: number } | { error: string }> {
  if (caller().openid) return { error: 'FORBIDDEN' };
  const now = new Date();
  const due = await findWhere(
    'orders',
    { 'settlement.state': 'pending', 'payment.paidAt': _.lt(new Date(now.getTime() - GRACE_MS)) },
    { orderBy: [['payment.paidAt', 'asc']], limit: PAGE_SIZE },
  );
  const budgetMs = (context.getRemainingTimeInMillis?.() ?? 60_000) / 2;
  const started = Date.now();
  let settled = 0;
  let failed = 0;
  for (const order of due) {
    if (Date.now() - started > budgetMs) break;
    const result = await settleOrder(order._id, new Date());
    if (result.ok) settled += 1;
    else failed += 1;
  }
  return { settled, failed };
}

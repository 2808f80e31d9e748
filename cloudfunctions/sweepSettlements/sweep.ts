/**
 * The settlement sweep: paid orders whose settlement is still pending (the payment flow's call
 * was lost, failed or never ran), oldest payment first, one page per run. Each is settled with
 * the shared steps of _lib/settleOrder.ts, which are idempotent, so an order settled meanwhile by the
 * payment flow is harmless here.
 */
import type { SweepSettlementsOutput } from '@shared/contracts/timers';
import { _, findWhere } from '../_lib/db';
import { settleOrder } from '../_lib/settleOrder';
import type { TimerBudget } from '../_lib/timer';

/** Orders paid this recently are left to the payment flow's own call. */
const GRACE_MS = 60_000;
const PAGE_SIZE = 50;

export async function settlePending(now: Date, budget: TimerBudget): Promise<SweepSettlementsOutput> {
  const due = await findWhere(
    'orders',
    { 'settlement.state': 'pending', 'payment.paidAt': _.lt(new Date(now.getTime() - GRACE_MS)) },
    { orderBy: [['payment.paidAt', 'asc']], limit: PAGE_SIZE },
  );
  const report: SweepSettlementsOutput = { settled: 0, failed: 0, done: due.length < PAGE_SIZE };
  for (const order of due) {
    if (!budget.left()) return { ...report, done: false };
    const result = await settleOrder(order._id, new Date());
    if (result.ok) report.settled += 1;
    else report.failed += 1;
  }
  return report;
}

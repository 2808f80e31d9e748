/**
 * The refund sweep: approved or refunding after-sales whose last refund submission is older than
 * the grace period, oldest request first, each re-driven by the same idempotent steps as the
 * refund callback (redriveAfterSaleRefund in _lib/afterSaleRefund.ts). A request WeChat Pay has
 * not refunded (yet) stays as it is: a refund still processing finishes on a later run, and one
 * WeChat Pay never accepted waits for the merchant to approve again (the dashboard shows it).
 */
import type { SweepRefundsInput, SweepRefundsOutput } from '@shared/contracts/timers';
import { redriveAfterSaleRefund } from '../_lib/afterSaleRefund';
import { _, findWhere } from '../_lib/db';
import { subMerchantId } from '../_lib/refunds';
import type { TimerBudget } from '../_lib/timer';

/**
 * Submissions this recent are left to the platform's notification, which normally arrives within
 * seconds to minutes; the sweep is for the ones it gave up on or that failed on our side.
 */
export const REFUND_SWEEP_GRACE_MS = 30 * 60_000;

export async function sweepRefunds(
  input: SweepRefundsInput,
  now: Date,
  budget: TimerBudget,
): Promise<SweepRefundsOutput> {
  const report: SweepRefundsOutput = { done: true, failed: 0, scanned: 0, refunded: 0, waiting: 0 };
  const subMchId = subMerchantId();
  // Without WeChat Pay there are no refunds to ask about.
  if (!subMchId) return report;
  const { pageSize } = input;
  const cutoff = new Date(now.getTime() - REFUND_SWEEP_GRACE_MS);
  // Keyset pages over (createdAt, _id): requests that stay waiting never hide the ones behind them.
  let after: { createdAt: Date; seen: Set<string> } | null = null;
  for (;;) {
    const where: Record<string, unknown> = {
      status: _.in(['approved', 'refunding']),
      'refund.lastAttemptAt': _.lt(cutoff),
    };
    if (after) where.createdAt = _.gte(after.createdAt);
    const page = await findWhere('afterSales', where, {
      orderBy: [
        ['createdAt', 'asc'],
        ['_id', 'asc'],
      ],
      limit: pageSize,
    });
    const fresh = page.filter((request) => !after?.seen.has(request._id));
    for (const request of fresh) {
      if (!budget.left()) return { ...report, done: false };
      await redriveOne(subMchId, request._id, report);
    }
    const last = page[page.length - 1];
    if (page.length < pageSize || !last || fresh.length === 0) return report;
    const seen: Set<string> =
      after && after.createdAt.getTime() === last.createdAt.getTime() ? after.seen : new Set<string>();
    for (const request of page) if (request.createdAt.getTime() === last.createdAt.getTime()) seen.add(request._id);
    after = { createdAt: last.createdAt, seen };
  }
}

async function redriveOne(subMchId: string, afterSaleId: string, report: SweepRefundsOutput): Promise<void> {
  report.scanned += 1;
  try {
    const outcome = await redriveAfterSaleRefund(subMchId, afterSaleId, new Date());
    if (outcome.kind === 'refunded') report.refunded += 1;
    else report.waiting += 1;
  } catch (error) {
    // The platform or the database failed for this one; the next run tries again.
    console.error(`sweepRefunds ${afterSaleId}:`, error);
    report.failed += 1;
  }
}

/**
 * Which day the timer reconciles (the China day before its run, unless the input names one) and
 * its report.
 */
import { chinaDay } from '@shared/chinaTime';
import type { ReconcilePaymentsOutput } from '@shared/contracts/timers';
import { dayIsOver } from '@shared/reconciliation';
import { reconcileDay } from '../_lib/reconciliation/run';
import type { TimerBudget } from '../_lib/timer';

const DAY_MS = 24 * 3600_000;

/** The China day before `now`'s. */
export function previousChinaDay(now: Date): string {
  return chinaDay(new Date(now.getTime() - DAY_MS));
}

export async function reconcileScheduled(
  day: string | undefined,
  budget: TimerBudget,
  now: Date,
): Promise<ReconcilePaymentsOutput> {
  const target = day ?? previousChinaDay(now);
  // A day not over yet has no bill: WeChat Pay makes it the next morning.
  if (!dayIsOver(target, chinaDay(now)))
    throw new Error(`${target} is not over yet: it can be reconciled from tomorrow`);
  const doc = await reconcileDay(target, budget, now);
  return { done: doc.complete, failed: 0, mismatches: doc.mismatchCount, unchecked: doc.unchecked };
}

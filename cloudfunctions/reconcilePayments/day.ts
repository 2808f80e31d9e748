/**
 * Which day the timer reconciles (the China day before its run, unless the input names one) and
 * its report. A function deployed without WXPAY_SUB_MCH_ID does nothing, as syncWithdrawals does
 * without the transfer settings: such a shop takes no payments.
 */
import { chinaDay } from '@shared/chinaTime';
import type { ReconcilePaymentsOutput } from '@shared/contracts/timers';
import { dayIsOver } from '@shared/reconciliation';
import { reconcileDay } from '../_lib/reconciliation/run';
import { subMerchantId } from '../_lib/refunds';
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
  // Without the sub-merchant id the shop takes no payments, so there is nothing to reconcile.
  if (!subMerchantId()) {
    console.warn('reconcilePayments: WXPAY_SUB_MCH_ID is not set, nothing to reconcile');
    return { done: true, failed: 0, mismatches: 0, unchecked: 0 };
  }
  const target = day ?? previousChinaDay(now);
  // A day not over yet has no bill: WeChat Pay makes it the next morning.
  if (!dayIsOver(target, chinaDay(now)))
    throw new Error(`${target} is not over yet: it can be reconciled from tomorrow`);
  const doc = await reconcileDay(target, budget, now);
  return { done: doc.complete, failed: 0, mismatches: doc.mismatchCount, unchecked: doc.unchecked };
}

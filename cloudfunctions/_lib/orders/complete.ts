/**
 * Completion (shipped → completed): the shopper's confirmReceipt or the autoConfirmOrders timer.
 * Completion is the moment the return window starts (docs/rules.md section 6): the order records
 * `completedAt` and `returnWindowEndsAt` = completedAt + returnWindowDays of the order's rules
 * version, which the ledger uses as the release time of the order's commissions.
 *
 * Scheduling that release is two named steps. The completing update itself sets
 * `commissionSchedule: 'pending'` (the durable request, written together with the completion);
 * then scheduleCommissions gives the order's commissions their releaseAt and marks the order
 * 'done'. A crash between the two leaves 'pending', which the releaseCommissions timer re-drives
 * before it releases anything; the step is idempotent, so the re-drive and a slow first attempt
 * may both run.
 */
import type { Rules } from '@shared/rules';
import { ORDER_MACHINE } from '@shared/orderStates';
import type { OrderDocument } from '@shared/orders';
import { scheduleCommissions } from '../release';
import { transition } from '../transitions';
import { addDays, rulesOfVersion } from './store';

export interface Completion {
  by: 'shopper' | 'auto';
  /** The shopper's confirmation time, or the order's autoConfirmAt for the timer. */
  completedAt: Date;
  now: Date;
}

/**
 * Completes a shipped order with one update conditional on `shipped`: the shopper and the timer
 * may race, exactly one completes it (and schedules its commissions' release). Answers false
 * when it was not shipped any more.
 */
export async function completeOrder(
  order: Pick<OrderDocument, '_id' | 'rulesVersion'>,
  completion: Completion,
  rules?: Rules,
): Promise<boolean> {
  const { returnWindowDays } = rules ?? (await rulesOfVersion(order.rulesVersion));
  const fields = {
    completedAt: completion.completedAt,
    completedBy: completion.by,
    returnWindowEndsAt: addDays(completion.completedAt, returnWindowDays),
    commissionSchedule: 'pending',
    updatedAt: completion.now,
  };
  if ((await transition(ORDER_MACHINE, 'complete', { _id: order._id }, fields)) !== 1) return false;
  try {
    await scheduleCommissions(order._id, fields.returnWindowEndsAt, completion.now);
  } catch (error) {
    // The order is completed and says 'pending': releaseCommissions schedules it on its next run,
    // so the shopper's confirmation (or the timer) does not fail for this step.
    console.error(`completeOrder: scheduling the commissions of ${order._id} failed; the release timer will`, error);
  }
  return true;
}

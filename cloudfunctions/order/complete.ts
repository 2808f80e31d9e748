/**
 * Completion (shipped → completed): the shopper's confirmReceipt or the autoConfirmOrders timer.
 * Completion is the moment the return window starts (rulebook section 6): the order records
 * `completedAt` and `returnWindowEndsAt` = completedAt + returnWindowDays of the order's rules
 * version, which the ledger uses as the release time of the order's commissions.
 */
import type { Rules } from '../../shared/rules';
import type { StoredOrder } from '../../shared/contracts/order';
import { updateWhere } from '../_lib/db';
import { addDays, ORDERS, rulesOfVersion } from './store';

export interface Completion {
  by: 'shopper' | 'auto';
  /** The shopper's confirmation time, or the order's autoConfirmAt for the timer. */
  completedAt: Date;
  now: Date;
}

/**
 * Completes a shipped order with one update conditional on `shipped`: the shopper and the timer
 * may race, exactly one completes it. Answers false when it was not shipped any more.
 */
export async function completeOrder(order: Pick<StoredOrder, '_id' | 'rulesVersion'>, completion: Completion, rules?: Rules): Promise<boolean> {
  const { returnWindowDays } = rules ?? (await rulesOfVersion(order.rulesVersion));
  const fields = {
    status: 'completed',
    completedAt: completion.completedAt,
    completedBy: completion.by,
    returnWindowEndsAt: addDays(completion.completedAt, returnWindowDays),
    updatedAt: completion.now,
  };
  return (await updateWhere(ORDERS, { _id: order._id, status: 'shipped' }, fields)) === 1;
}

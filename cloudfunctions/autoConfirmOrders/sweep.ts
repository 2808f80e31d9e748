/**
 * The automatic confirmation of receipt: shipped orders whose autoConfirmAt (shippedAt +
 * autoConfirmDays of the order's rules version, set when the admin ships) has passed become
 * completed, oldest first, in pages (index idx_status_autoconfirm). completedAt is the order's
 * autoConfirmAt, the moment the rules promised, so a late run does not move the return window.
 *
 * Resumable without a stored cursor: a completed order leaves the query. Within a run a keyset
 * (autoConfirmAt, _id) moves past orders that could not be completed, for the next run.
 */
import type { AutoConfirmOrdersOutput } from '@shared/contracts/timers';
import type { OrderDocument } from '@shared/orders';
import { _, findWhere } from '../_lib/db';
import { completeOrder } from '../_lib/orders/complete';
import { ORDERS, rulesCache } from '../_lib/orders/store';

export interface SweepLimits {
  pageSize: number;
  budgetMs: number;
}

type Position = { autoConfirmAt: Date; _id: string };

function due(now: Date, after: Position | null): object {
  const base = { status: 'shipped', autoConfirmAt: _.lte(now) };
  if (!after) return base;
  return _.and([
    base,
    _.or([{ autoConfirmAt: _.gt(after.autoConfirmAt) }, { autoConfirmAt: after.autoConfirmAt, _id: _.gt(after._id) }]),
  ]);
}

export async function confirmDueOrders(
  limits: SweepLimits,
  now: Date,
  elapsedMs: () => number,
): Promise<AutoConfirmOrdersOutput> {
  const report: AutoConfirmOrdersOutput = { scanned: 0, completed: 0, skipped: 0, failed: 0, done: false };
  const rulesOf = rulesCache();
  let after: Position | null = null;
  for (;;) {
    const page: OrderDocument[] = await findWhere(ORDERS, due(now, after), {
      orderBy: [
        ['autoConfirmAt', 'asc'],
        ['_id', 'asc'],
      ],
      limit: limits.pageSize,
    });
    for (const order of page) {
      if (elapsedMs() >= limits.budgetMs) return report;
      report.scanned += 1;
      const completedAt = order.autoConfirmAt as Date;
      try {
        const completed = await completeOrder(
          order,
          { by: 'auto', completedAt, now },
          await rulesOf(order.rulesVersion),
        );
        report[completed ? 'completed' : 'skipped'] += 1;
      } catch (error) {
        console.error(`autoConfirmOrders: order ${order._id} failed`, error);
        report.failed += 1;
      }
      after = { autoConfirmAt: completedAt, _id: order._id };
    }
    if (page.length < limits.pageSize) return { ...report, done: true };
  }
}

/**
 * The after-sales side of the commission hold (docs/rules.md section 6: a commission whose line
 * has an open after-sale request is held, not released). The scheduled release calls
 * openAfterSaleLines with the orders of the commissions it is about to release and skips every
 * (order, line) it answers; those are released by a later run once the request is refunded
 * (the ledger reverses the refunded part first), refused or cancelled.
 *
 * Open means requested, approved or refunding (shared/afterSales.ts OPEN_AFTER_SALE_STATUSES):
 * from the shopper's request until the refund is applied to the order. Applying the refund to
 * the order's lines happens BEFORE the request leaves `refunding` (onRefundCallback), so a
 * release never sees a line that is neither held nor already refunded.
 */
import { MAX_OPEN_AFTER_SALES_PER_ORDER, OPEN_AFTER_SALE_STATUSES } from '@shared/afterSales';
import { _, aggregateList } from './db';

/** At most this many orders per call: with at most 10 open requests each, one read answers them all. */
export const MAX_HOLD_QUERY_ORDERS = 100;

/**
 * For each of `orderIds` with an open request, the line indexes those requests name. Orders
 * without one are absent from the map. One database read (index `idx_order` on afterSales).
 */
export async function openAfterSaleLines(orderIds: readonly string[]): Promise<Map<string, Set<number>>> {
  const holds = new Map<string, Set<number>>();
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return holds;
  if (ids.length > MAX_HOLD_QUERY_ORDERS)
    throw new RangeError(`openAfterSaleLines takes at most ${MAX_HOLD_QUERY_ORDERS} orders, got ${ids.length}`);
  const limit = ids.length * MAX_OPEN_AFTER_SALES_PER_ORDER;
  const rows = await aggregateList<{ orderId: string; lines: Array<{ lineIndex: number }> }>('afterSales', (pipeline) =>
    pipeline
      .match({ orderId: _.in(ids), status: _.in([...OPEN_AFTER_SALE_STATUSES]) })
      .project({ _id: 0, orderId: 1, 'lines.lineIndex': 1 })
      .limit(limit),
  );
  for (const row of rows) {
    const lines = holds.get(row.orderId) ?? new Set<number>();
    for (const line of row.lines) lines.add(line.lineIndex);
    holds.set(row.orderId, lines);
  }
  return holds;
}

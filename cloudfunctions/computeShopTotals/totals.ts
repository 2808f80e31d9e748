/**
 * The shop's unbounded totals: how many orders ever completed or closed, and what the shop owes
 * distributors over every account. Both grow with the shop, so counting them reads most of
 * `orders` and all of `accounts`; this runs on a timer and writes the figures to one `system`
 * document (ShopTotals in shared/system.ts), and the dashboard reads that document.
 *
 * Two aggregations run side by side and one write replaces the document, three round trips
 * whatever the shop's size. The order count starts with a `$match` on the indexed `status`; the
 * account sums read every account, which is the point of running them here and not per call.
 * No time budget is checked: the run is one piece of work, and one that fails (the platform's
 * timeout, a database error) leaves the previous totals in place until the next run.
 */
import type { ComputeShopTotalsOutput } from '@shared/contracts/timers';
import type { OrderStatus } from '@shared/orderStates';
import { SHOP_TOTALS_ID, type ShopTotals } from '@shared/system';
import { _, aggregateList, setDoc } from '../_lib/db';

/** The statuses an order ends in; every other status is live and the dashboard counts it per call. */
const FINAL_STATUSES: OrderStatus[] = ['completed', 'closed'];

interface AccountSums {
  frozenFen: number;
  availableFen: number;
  withdrawingFen: number;
  accounts: number;
}

/** Orders by final status: two rows at most. */
async function finalOrderCounts(): Promise<Map<OrderStatus, number>> {
  const rows = await aggregateList<{ _id: OrderStatus; n: number }>('orders', (pipeline) =>
    pipeline.match({ status: _.in(FINAL_STATUSES) }).group({ _id: '$status', n: { $sum: 1 } }),
  );
  return new Map(rows.map((row) => [row._id, row.n]));
}

/** The balances summed over every account: one row, none when there is no account yet. */
async function accountSums(): Promise<AccountSums> {
  const [row] = await aggregateList<AccountSums>('accounts', (pipeline) =>
    pipeline.group({
      _id: null,
      frozenFen: { $sum: '$frozenFen' },
      availableFen: { $sum: '$availableFen' },
      withdrawingFen: { $sum: '$withdrawingFen' },
      accounts: { $sum: 1 },
    }),
  );
  return {
    frozenFen: row?.frozenFen ?? 0,
    availableFen: row?.availableFen ?? 0,
    withdrawingFen: row?.withdrawingFen ?? 0,
    accounts: row?.accounts ?? 0,
  };
}

/** Counts, sums and replaces the `shopTotals` document, stamped with the run's start `now`. */
export async function computeShopTotals(now: Date): Promise<ComputeShopTotalsOutput> {
  const [orders, sums] = await Promise.all([finalOrderCounts(), accountSums()]);
  const totals: Omit<ShopTotals, '_id'> = {
    completedOrders: orders.get('completed') ?? 0,
    closedOrders: orders.get('closed') ?? 0,
    ...sums,
    computedAt: now,
  };
  await setDoc('system', SHOP_TOTALS_ID, totals);
  return {
    done: true,
    failed: 0,
    completedOrders: totals.completedOrders,
    closedOrders: totals.closedOrders,
    accounts: sums.accounts,
  };
}

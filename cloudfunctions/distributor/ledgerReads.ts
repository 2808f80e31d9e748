/**
 * Reads the distributor's ledger views share: the orders behind a page of commissions (one query
 * for the page), the after-sale holds on their lines (one openAfterSaleLines call), and the
 * aggregation stage that tells held commissions from frozen ones inside the database (for the
 * center's count and the `held`/`frozen` list filters, where the page is not known beforehand).
 *
 * These views only read: the release timer, refunds and withdrawals write these documents.
 */
import { explainCommission } from '@shared/commissionExplain';
import { OPEN_AFTER_SALE_STATUSES } from '@shared/afterSales';
import type { CommissionView } from '@shared/contracts/distributorLedger';
import type { CommissionDocument } from '@shared/ledger';
import type { OrderLine } from '@shared/orders';
import type { OrderStatus } from '@shared/orderStates';
import { openAfterSaleLines } from '../_lib/afterSaleHolds';
import { _, aggregateList, type Pipeline } from '../_lib/db';

/** The fields of an order the views show; the order documents are large, so only these are read. */
export interface OrderSummary {
  _id: string;
  status: OrderStatus;
  createdAt: Date;
  buyerId: string;
  lines: Array<
    Pick<OrderLine, 'lineIndex' | 'name' | 'spec' | 'skuId' | 'quantity'> & {
      attribution: { capFen: number; levels: Array<{ level: number; uncappedFen: number }> };
    }
  >;
  /** Joined from users for promotionOrders only: the buyer's nickname. */
  buyer?: Array<{ nickname?: string }>;
}

/** The orders of `orderIds` in one read (by `_id`), projected to what the views need. */
export async function readOrders(orderIds: readonly string[], withBuyer = false): Promise<Map<string, OrderSummary>> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return new Map();
  const projection: Record<string, 1> = {
    status: 1,
    createdAt: 1,
    buyerId: 1,
    'lines.lineIndex': 1,
    'lines.name': 1,
    'lines.spec': 1,
    'lines.skuId': 1,
    'lines.quantity': 1,
    'lines.attribution.capFen': 1,
    'lines.attribution.levels.level': 1,
    'lines.attribution.levels.uncappedFen': 1,
  };
  const orders = await aggregateList<OrderSummary>('orders', (pipeline) => {
    const matched = pipeline.match({ _id: _.in(ids) });
    const joined = withBuyer
      ? matched.lookup({ from: 'users', localField: 'buyerId', foreignField: '_id', as: 'buyer' })
      : matched;
    return joined.project(withBuyer ? { ...projection, 'buyer.nickname': 1 } : projection).limit(ids.length);
  });
  return new Map(orders.map((order) => [order._id, order]));
}

/** Whether an open after-sale names the commission's line, from openAfterSaleLines' answer. */
export function isHeld(
  holds: ReadonlyMap<string, ReadonlySet<number>>,
  commission: Pick<CommissionDocument, 'orderId' | 'lineIndex' | 'status'>,
): boolean {
  return commission.status === 'frozen' && (holds.get(commission.orderId)?.has(commission.lineIndex) ?? false);
}

/** The after-sale holds of the page's frozen commissions; the others cannot be held. */
export function holdsOf(
  commissions: ReadonlyArray<Pick<CommissionDocument, 'orderId' | 'status'>>,
): Promise<Map<string, Set<number>>> {
  return openAfterSaleLines(
    commissions.filter((commission) => commission.status === 'frozen').map((commission) => commission.orderId),
  );
}

/** A page of commissions explained: 2 round trips in parallel (the orders, the holds). */
export async function explainPage(commissions: readonly CommissionDocument[], now: Date): Promise<CommissionView[]> {
  const [orders, holds] = await Promise.all([
    readOrders(commissions.map((commission) => commission.orderId)),
    holdsOf(commissions),
  ]);
  return commissions.map((commission) => {
    const order = orders.get(commission.orderId);
    const line = order?.lines.find((candidate) => candidate.lineIndex === commission.lineIndex) ?? null;
    return explainCommission({
      commission,
      line,
      orderStatus: order?.status ?? null,
      held: isHeld(holds, commission),
      now,
    });
  });
}

/**
 * Joins to each commission, as `holds`, the open after-sale requests naming its order line. Used
 * where the database must tell held from frozen commissions before paging. The join is a plain
 * lookup on the after-sales' `orderId` (index idx_order), so it reads only the requests of the
 * commission's order, and a `$filter` keeps those still open that name its line: a correlated
 * sub-pipeline (`let` with `$expr`) could use no index and read every request of the shop.
 */
export function withHolds(pipeline: Pipeline): Pipeline {
  return pipeline
    .lookup({ from: 'afterSales', localField: 'orderId', foreignField: 'orderId', as: 'holds' })
    .addFields({
      holds: {
        $filter: {
          input: '$holds',
          as: 'request',
          cond: {
            $and: [
              { $in: ['$$request.status', [...OPEN_AFTER_SALE_STATUSES]] },
              { $in: ['$lineIndex', '$$request.lines.lineIndex'] },
            ],
          },
        },
      },
    });
}

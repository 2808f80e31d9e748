/**
 * What activities did (the merchant's results): over the paid orders with a line an activity
 * priced (限时折扣) or discounted (满减), the orders, the units, the discount it gave, what was
 * paid for those lines and the commission on them. One aggregation over the orders (a page of
 * ORDER_PAGE orders per round trip) and one read of their commissions per ORDER_BATCH orders (paged).
 */
import type { ActivityResults } from '@shared/contracts/adminActivities';
import type { OrderStatus } from '@shared/orderStates';
import { _, aggregateList, findWhere } from '../_lib/db';

/** The statuses of an order that was paid: what results count (closed orders were never paid or were refunded in full). */
const PAID: OrderStatus[] = ['paid', 'shipped', 'completed'];
const ORDER_PAGE = 500;
const ORDER_BATCH = 100;
const COMMISSION_PAGE = 1000;

/**
 * What an order line records about activities, as the checkout pricing writes it (shared/orders.ts
 * OrderLine): `activity` (the 限时折扣 that priced the line) and `discounts` (the line's share of
 * each discount, by source: `activity`, `fullReduction`, `coupon`, with the activity's id). Read
 * defensively: orders placed before activities existed have neither.
 */
interface MarkedLine {
  lineIndex: number;
  quantity: number;
  unitPriceFen: number;
  paidFen: number;
  activity?: { id?: string; priceFen?: number } | null;
  discounts?: { source?: string; id?: string; amountFen?: number }[];
}

/** The activities that touched a line and what each took off it, in fen. */
export function activityShares(line: MarkedLine): { activityId: string; amountFen: number }[] {
  const shares = new Map<string, number>();
  for (const discount of line.discounts ?? []) {
    if ((discount.source === 'activity' || discount.source === 'fullReduction') && discount.id)
      shares.set(discount.id, (shares.get(discount.id) ?? 0) + (discount.amountFen ?? 0));
  }
  // A line that names its activity but no share of it (written without `discounts`): the price difference.
  const { activity } = line;
  if (activity?.id && typeof activity.priceFen === 'number' && !shares.has(activity.id))
    shares.set(activity.id, (line.unitPriceFen - activity.priceFen) * line.quantity);
  return [...shares].map(([activityId, amountFen]) => ({ activityId, amountFen }));
}

const empty = (): ActivityResults => ({ orders: 0, units: 0, discountFen: 0, paidFen: 0, commissionFen: 0 });

type OrderRow = { _id: string; lines: MarkedLine[] };

async function paidOrdersOf(activityIds: string[]): Promise<OrderRow[]> {
  // The order's own `discounts` list names every activity that took something off it (one array
  // level: a path through two arrays, lines and their discounts, is not matched alike everywhere).
  const touched = _.or([{ 'lines.activity.id': _.in(activityIds) }, { 'discounts.id': _.in(activityIds) }]);
  const rows: OrderRow[] = [];
  for (let page = 0; ; page += 1) {
    const batch = await aggregateList<OrderRow>('orders', (pipeline) => {
      let query = pipeline.match(_.and([{ status: _.in(PAID) }, touched])).sort({ _id: 1 });
      if (page > 0) query = query.skip(page * ORDER_PAGE);
      return query.limit(ORDER_PAGE).project({ _id: 1, lines: 1 });
    });
    rows.push(...batch);
    if (batch.length < ORDER_PAGE) return rows;
  }
}

/** Net commission per `orderId:lineIndex` of the given orders, in fen (read a page of COMMISSION_PAGE at a time). */
async function commissionByLine(orderIds: string[]): Promise<Map<string, number>> {
  const byLine = new Map<string, number>();
  for (let start = 0; start < orderIds.length; start += ORDER_BATCH) {
    const where = { orderId: _.in(orderIds.slice(start, start + ORDER_BATCH)) };
    for (let skip = 0; ; skip += COMMISSION_PAGE) {
      const page = await findWhere('commissions', where, { orderBy: [['_id', 'asc']], skip, limit: COMMISSION_PAGE });
      for (const commission of page) {
        const key = `${commission.orderId}:${commission.lineIndex}`;
        const net = commission.amountFen - commission.reversedFen - commission.clawedBackFen;
        byLine.set(key, (byLine.get(key) ?? 0) + net);
      }
      if (page.length < COMMISSION_PAGE) break;
    }
  }
  return byLine;
}

/** The results of each of `activityIds` (every id gets an entry, zero when nothing was sold). */
export async function resultsOf(activityIds: string[]): Promise<Map<string, ActivityResults>> {
  const results = new Map(activityIds.map((id) => [id, empty()]));
  if (activityIds.length === 0) return results;
  const orders = await paidOrdersOf(activityIds);
  const commissions = await commissionByLine(orders.map((order) => order._id));
  for (const order of orders) {
    const counted = new Set<string>();
    for (const line of order.lines) {
      for (const share of activityShares(line)) {
        const result = results.get(share.activityId);
        if (!result) continue;
        if (!counted.has(share.activityId)) result.orders += 1;
        counted.add(share.activityId);
        result.units += line.quantity;
        result.discountFen += share.amountFen;
        result.paidFen += line.paidFen;
        result.commissionFen += commissions.get(`${order._id}:${line.lineIndex}`) ?? 0;
      }
    }
  }
  return results;
}

/**
 * Team sales (团队业绩, docs/team.md section 1) read with aggregations, never by reading orders
 * one by one: the orders counted for a month are the completed ones whose return window ended in
 * it (`status: 'completed'`, `returnWindowEndsAt` in the month: index `idx_status_window` of
 * `orders`); an order counts for every distributor of its attribution chain (`chain`, levels
 * 1..3), with its goods paid less its goods refunded, unless the merchant voided its risk case.
 * For one distributor the chain is matched first (index `idx_chain_created`, whose first key is
 * `chain`).
 */
import type { CountedOrder } from '@shared/teamBonus';
import { _, aggregateList } from './db';

/** An order's goods paid less its goods refunded, fen (the lines exclude shipping). */
const NET_FEN = { $subtract: [{ $sum: '$lines.paidFen' }, { $sum: '$lines.refundedFen' }] };

export interface TeamSalesRow {
  /** The distributor's OPENID. */
  _id: string;
  teamSalesFen: number;
  orderCount: number;
}

export function countedIn(range: { from: Date; to: Date }, excluded: readonly string[] = []): object {
  const counted = {
    status: 'completed',
    returnWindowEndsAt: _.gte(range.from).and(_.lt(range.to)),
    // An order whose risk case the merchant voided is no sale of anyone's team (docs/rules.md section 9).
    'settlement.risk': _.neq('voided'),
  };
  // Orders whose after-sale request or risk case was still open when the month was computed (computeTeamBonus/run.ts).
  return excluded.length > 0 ? { ...counted, _id: _.nin([...excluded]) } : counted;
}

/**
 * Team sales of the month per distributor, for `limit` distributors after `after` in id order
 * (a keyset: the computation resumes where a stopped run was). One aggregation.
 */
export async function teamSalesPage(
  range: { from: Date; to: Date },
  after: string | null,
  limit: number,
  excluded: readonly string[] = [],
): Promise<TeamSalesRow[]> {
  return aggregateList<TeamSalesRow>('orders', (pipeline) => {
    const grouped = pipeline
      .match(countedIn(range, excluded))
      .project({ _id: 0, chain: 1, netFen: NET_FEN })
      .unwind('$chain')
      .group({ _id: '$chain', teamSalesFen: { $sum: '$netFen' }, orderCount: { $sum: 1 } });
    return (after === null ? grouped : grouped.match({ _id: _.gt(after) })).sort({ _id: 1 }).limit(limit);
  });
}

/** One distributor's team sales of the month (zeros when nothing counted). One aggregation. */
export async function teamSalesOf(userId: string, range: { from: Date; to: Date }): Promise<TeamSalesRow> {
  const [row] = await aggregateList<TeamSalesRow>('orders', (pipeline) =>
    pipeline
      .match({ chain: userId, ...countedIn(range) })
      .project({ _id: 0, netFen: NET_FEN })
      .group({ _id: null, teamSalesFen: { $sum: '$netFen' }, orderCount: { $sum: 1 } }),
  );
  return { _id: userId, teamSalesFen: row?.teamSalesFen ?? 0, orderCount: row?.orderCount ?? 0 };
}

/** The first `limit` orders counted for one distributor in the month, by window end, with their net goods. */
export async function countedOrders(
  userId: string,
  range: { from: Date; to: Date },
  limit: number,
  excluded: readonly string[] = [],
): Promise<CountedOrder[]> {
  const rows = await aggregateList<{ _id: string; orderNo?: string; netFen: number }>('orders', (pipeline) =>
    pipeline
      .match({ chain: userId, ...countedIn(range, excluded) })
      .sort({ returnWindowEndsAt: 1, _id: 1 })
      .limit(limit)
      .project({ orderNo: 1, netFen: NET_FEN }),
  );
  return rows.map((row) => ({ orderId: row._id, orderNo: row.orderNo ?? row._id, netFen: row.netFen }));
}

/**
 * Orders that earned the caller commission (推广订单), newest first. Built from the caller's
 * commissions grouped by order in the database (a page of groups), then one read of those orders
 * with their buyers' nicknames joined, and one holds check: 3 round trips, the last two in parallel.
 * Buyers are shown by a masked nickname, never an OPENID.
 */
import { COMMISSION_STATUS_LABELS, maskNickname, viewStatus } from '@shared/commissionExplain';
import type { CommissionViewStatus, PromotionOrder, PromotionOrdersOutput } from '@shared/contracts/distributorLedger';
import { netEarnedFen } from '@shared/earnings';
import type { CommissionDocument } from '@shared/ledger';
import { ORDER_STATUS_LABELS } from '@shared/orderStates';
import { ok, type Result } from '@shared/result';
import { aggregateList } from '../_lib/db';
import { holdsOf, isHeld, readOrders, type OrderSummary } from './ledgerReads';
import type { DistributorError } from '@shared/contracts/distributor';

type Member = Pick<
  CommissionDocument,
  '_id' | 'orderId' | 'lineIndex' | 'level' | 'status' | 'amountFen' | 'reversedFen' | 'clawedBackFen'
>;

interface OrderGroup {
  /** The order id. */
  _id: string;
  /** The newest of the order's commissions: what the list is sorted by. */
  latestAt: Date;
  commissions: Member[];
}

/** The order's standing in one word: held, else frozen (also releasing), else released, else reversed. */
const PRECEDENCE: ReadonlyArray<CommissionViewStatus> = ['held', 'frozen', 'released', 'reversed'];

function orderStanding(statuses: readonly CommissionViewStatus[]): CommissionViewStatus {
  const seen = new Set<CommissionViewStatus>(statuses.map((status) => (status === 'releasing' ? 'frozen' : status)));
  return PRECEDENCE.find((status) => seen.has(status)) ?? 'reversed';
}

function promotionOrder(
  group: OrderGroup,
  order: OrderSummary | undefined,
  holds: Map<string, Set<number>>,
): PromotionOrder {
  const members = [...group.commissions]
    .sort((a, b) => a.lineIndex - b.lineIndex || a.level - b.level)
    .map((member) => ({
      ...member,
      shown: viewStatus(member.status, isHeld(holds, { ...member, orderId: group._id })),
    }));
  const status = orderStanding(members.map((member) => member.shown));
  return {
    orderId: group._id,
    orderedAt: order ? order.createdAt.toISOString() : null,
    buyerNickname: maskNickname(order?.buyer?.[0]?.nickname ?? ''),
    orderStatus: order?.status ?? null,
    orderStatusLabel: order ? ORDER_STATUS_LABELS[order.status] : '',
    products: order ? order.lines.map((line) => line.name) : [],
    amountFen: members.reduce((sum, member) => sum + member.amountFen, 0),
    netFen: members.reduce((sum, member) => sum + netEarnedFen(member), 0),
    status,
    statusLabel: COMMISSION_STATUS_LABELS[status],
    commissions: members.map((member) => ({
      id: member._id,
      lineIndex: member.lineIndex,
      level: member.level,
      status: member.shown,
      netFen: netEarnedFen(member),
    })),
  };
}

export async function promotionOrders(
  openid: string,
  page: number,
  pageSize: number,
): Promise<Result<PromotionOrdersOutput, DistributorError>> {
  const skip = (page - 1) * pageSize;
  const groups = await aggregateList<OrderGroup>('commissions', (pipeline) => {
    const sorted = pipeline
      .match({ beneficiaryId: openid })
      .group({
        _id: '$orderId',
        latestAt: { $max: '$createdAt' },
        commissions: {
          $push: {
            _id: '$_id',
            lineIndex: '$lineIndex',
            level: '$level',
            status: '$status',
            amountFen: '$amountFen',
            reversedFen: '$reversedFen',
            clawedBackFen: '$clawedBackFen',
          },
        },
      })
      .sort({ latestAt: -1, _id: -1 });
    return (skip > 0 ? sorted.skip(skip) : sorted).limit(pageSize + 1);
  });
  const shown = groups.slice(0, pageSize);
  const members = shown.flatMap((group) => group.commissions.map((member) => ({ ...member, orderId: group._id })));
  const [orders, holds] = await Promise.all([
    readOrders(
      shown.map((group) => group._id),
      true,
    ),
    holdsOf(members),
  ]);
  return ok({
    orders: shown.map((group) => promotionOrder(group, orders.get(group._id), holds)),
    page,
    pageSize,
    hasMore: groups.length > pageSize,
  });
}

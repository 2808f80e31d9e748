/**
 * The monthly ranking by sales: per distributor, the orders paid in the month (UTC+8) for which
 * they are the level-1 beneficiary (`chain.0` of the order's attribution snapshot), and what
 * those orders paid net of refunds. Orders closed without payment do not count; a refund later
 * in the month lowers the figure. Disabled distributors are left out; ties share a rank.
 */
import type { RankingOutput } from '@shared/contracts/distributor';
import { _, aggregateList, type Pipeline } from '../_lib/db';
import { RANKING_SIZE } from './ranking';

/** Order statuses that hold a payment (refunds do not change the status). */
const PAID_STATUSES = ['paid', 'shipped', 'completed'];

interface SalesGroup {
  _id: string;
  count: number;
  salesFen: number;
  nickname: string | null;
  avatarUrl: string | null;
}

/** Net sales per level-1 distributor in the month, optionally only those above `above` fen. */
function salesPerDistributor(
  pipeline: Pipeline,
  month: { from: Date; to: Date },
  onlyFor?: string,
  above?: number,
): Pipeline {
  const grouped = pipeline
    .match({
      'payment.paidAt': _.gte(month.from).and(_.lt(month.to)),
      status: _.in(PAID_STATUSES),
      'chain.0': onlyFor ?? _.exists(true),
    })
    .project({
      distributorId: { $arrayElemAt: ['$chain', 0] },
      netFen: { $subtract: [{ $sum: '$lines.paidFen' }, { $sum: '$lines.refundedFen' }] },
    })
    .group({ _id: '$distributorId', count: { $sum: 1 }, salesFen: { $sum: '$netFen' } });
  return (above === undefined ? grouped : grouped.match({ salesFen: _.gt(above) }))
    .lookup({ from: 'users', localField: '_id', foreignField: '_id', as: 'distributor' })
    .match({ 'distributor.distributor.status': _.neq('disabled') });
}

export async function salesRanking(
  openid: string,
  month: { from: Date; to: Date },
): Promise<Pick<RankingOutput, 'entries' | 'me'>> {
  const groups = await aggregateList<SalesGroup>('orders', (pipeline) =>
    salesPerDistributor(pipeline, month)
      .sort({ salesFen: -1, _id: 1 })
      .limit(RANKING_SIZE)
      .project({
        count: 1,
        salesFen: 1,
        nickname: { $arrayElemAt: ['$distributor.nickname', 0] },
        avatarUrl: { $arrayElemAt: ['$distributor.avatarUrl', 0] },
      }),
  );
  let rank = 0;
  const entries = groups.map((group, index) => {
    rank = index > 0 && group.salesFen === groups[index - 1]?.salesFen ? rank : index + 1;
    return {
      rank,
      nickname: group.nickname ?? '',
      avatarUrl: group.avatarUrl ?? '',
      count: group.count,
      salesFen: group.salesFen,
      isMe: group._id === openid,
    };
  });
  const mine = entries.find((entry) => entry.isMe);
  if (mine) return { entries, me: { rank: mine.rank, count: mine.count, salesFen: mine.salesFen } };
  return { entries, me: await ownSales(openid, month) };
}

/** The caller outside the top list: their figures, and how many distributors sold more. */
async function ownSales(openid: string, month: { from: Date; to: Date }): Promise<RankingOutput['me']> {
  const [own] = await aggregateList<SalesGroup>('orders', (pipeline) =>
    salesPerDistributor(pipeline, month, openid).limit(1),
  );
  if (!own) return { rank: null, count: 0, salesFen: 0 };
  const [above] = await aggregateList<{ n: number }>('orders', (pipeline) =>
    salesPerDistributor(pipeline, month, undefined, own.salesFen).count('n'),
  );
  return { rank: 1 + (above?.n ?? 0), count: own.count, salesFen: own.salesFen };
}

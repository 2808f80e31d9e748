/**
 * The monthly ranking (排行榜) by invitees: users whose current binding was made in the month
 * (UTC+8 calendar month), grouped by their referrer (`ancestors.0`). A user rebound later in
 * the month counts for the new referrer only. Distributors disabled by the merchant are left
 * out of the list and of everyone's rank. Ties share a rank (1, 2, 2, 4).
 *
 * By sales: see salesRanking.ts.
 */
import { chinaMonth, chinaMonthRange } from '@shared/chinaTime';
import type { RankingOutput } from '@shared/contracts/distributor';
import { ok, type Result } from '@shared/result';
import { _, aggregateList, countWhere, type Pipeline } from '../_lib/db';
import { salesRanking } from './salesRanking';
import type { DistributorError } from '@shared/contracts/distributor';

export const RANKING_SIZE = 50;
/** The month's bounds as instants: [first day 00:00 UTC+8, next month's first day 00:00 UTC+8). */
export function monthRange(month: string): { from: Date; to: Date } {
  return chinaMonthRange(month);
}

/** The calendar month `now` falls in, in UTC+8, as YYYY-MM. */
export function monthOf(now: Date): string {
  return chinaMonth(now);
}

interface Group {
  _id: string;
  count: number;
  nickname: string | null;
  avatarUrl: string | null;
}

/** Invitees per referrer in the month, without disabled referrers, optionally only counts above `above`. */
function inviteesPerReferrer(pipeline: Pipeline, month: { from: Date; to: Date }, above?: number): Pipeline {
  const grouped = pipeline
    .match({ boundAt: _.gte(month.from).and(_.lt(month.to)), 'ancestors.0': _.exists(true) })
    .group({ _id: { $arrayElemAt: ['$ancestors', 0] }, count: { $sum: 1 } });
  return (above === undefined ? grouped : grouped.match({ count: _.gt(above) }))
    .lookup({ from: 'users', localField: '_id', foreignField: '_id', as: 'referrer' })
    .match({ 'referrer.distributor.status': _.neq('disabled') });
}

async function topGroups(month: { from: Date; to: Date }): Promise<Group[]> {
  return aggregateList<Group>('users', (pipeline) =>
    inviteesPerReferrer(pipeline, month)
      .sort({ count: -1, _id: 1 })
      .limit(RANKING_SIZE)
      .project({
        count: 1,
        nickname: { $arrayElemAt: ['$referrer.nickname', 0] },
        avatarUrl: { $arrayElemAt: ['$referrer.avatarUrl', 0] },
      }),
  );
}

/** The caller outside the top list: their count, and how many referrers invited more. */
async function ownStanding(
  openid: string,
  month: { from: Date; to: Date },
): Promise<{ rank: number | null; count: number }> {
  const count = await countWhere('users', { 'ancestors.0': openid, boundAt: _.gte(month.from).and(_.lt(month.to)) });
  if (count === 0) return { rank: null, count };
  const [above] = await aggregateList<{ n: number }>('users', (pipeline) =>
    inviteesPerReferrer(pipeline, month, count).count('n'),
  );
  return { rank: 1 + (above?.n ?? 0), count };
}

export async function ranking(
  openid: string,
  by: 'invitees' | 'sales',
  month: string | undefined,
  now: Date,
): Promise<Result<RankingOutput, DistributorError>> {
  const monthName = month ?? monthOf(now);
  const range = monthRange(monthName);
  if (by === 'sales') return ok({ by, month: monthName, ...(await salesRanking(openid, range)) });
  const groups = await topGroups(range);
  let rank = 0;
  const entries = groups.map((group, index) => {
    // Competition ranking: an entry tied with the one before shares its rank.
    rank = index > 0 && group.count === groups[index - 1]?.count ? rank : index + 1;
    return {
      rank,
      nickname: group.nickname ?? '',
      avatarUrl: group.avatarUrl ?? '',
      count: group.count,
      salesFen: 0,
      isMe: group._id === openid,
    };
  });
  const mine = entries.find((entry) => entry.isMe);
  const me = { ...(mine ? { rank: mine.rank, count: mine.count } : await ownStanding(openid, range)), salesFen: 0 };
  return ok({ by, month: monthName, entries, me });
}

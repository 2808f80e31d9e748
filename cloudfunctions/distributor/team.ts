/**
 * The caller's own team (我的团队): direct members page by page, newest first, with the sizes
 * of levels 2 and 3 and the team's paid sales. Only ever the caller's team: the identity is
 * the platform's, and members are shown without their OPENIDs.
 */
import type { DistributorError, TeamOutput } from '@shared/contracts/distributor';
import { ok, type Result } from '@shared/result';
import { findWhere, getDoc } from '../_lib/db';
import { teamCounts } from './views';

export async function team(
  openid: string,
  page: number,
  pageSize: number,
): Promise<Result<TeamOutput, DistributorError>> {
  const [members, counts, user] = await Promise.all([
    findWhere(
      'users',
      { 'ancestors.0': openid },
      {
        orderBy: [
          ['boundAt', 'desc'],
          ['_id', 'asc'],
        ],
        skip: (page - 1) * pageSize,
        limit: pageSize,
      },
    ),
    teamCounts(openid),
    getDoc('users', openid),
  ]);
  return ok({
    ...counts,
    members: members.map((member) => ({
      nickname: member.nickname,
      avatarUrl: member.avatarUrl,
      joinedAt: member.boundAt ? member.boundAt.toISOString() : null,
      paidSpendFen: member.stats.paidSpendFen,
    })),
    page,
    pageSize,
    hasMore: page * pageSize < counts.directMembers,
    // A caller seen for the first time has no user document yet, and no team either.
    teamPaidSalesFen: user?.stats.teamPaidSalesFen ?? 0,
  });
}

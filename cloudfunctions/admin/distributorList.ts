/**
 * The merchant's distributor list (分销员管理): users filtered by status, grade and a search,
 * newest first, each with their grade's name, team sizes and account balances. A page costs two
 * steps whatever its length: the users (with the rules), then their accounts and their teams in
 * two batched reads over the page's ids, never a read per row.
 */
import type { AdminInput, AdminOutput, AdminError } from '@shared/contracts/admin';
import type { DistributorView } from '@shared/contracts/adminDistributors';
import { ZERO_BALANCES, type Balances } from '@shared/ledger';
import { ok, type Result } from '@shared/result';
import { gradeById, type Rules } from '@shared/rules';
import { SHARE_CODE_PATTERN } from '@shared/shareCode';
import type { UserDocument } from '@shared/users';
import { _, aggregateList, db, findWhere } from '../_lib/db';
import { newestFirstPage } from '../_lib/paging';
import { peekRules } from './rules';
import { escapeRegExp, iso } from './views';

type TeamSizes = DistributorView['team'];

/** The balances' four figures only (an account also holds its chain head and day counters). */
function balancesOf(account: Balances | undefined): Balances {
  const { frozenFen, availableFen, withdrawingFen, withdrawnFen } = account ?? ZERO_BALANCES;
  return { frozenFen, availableFen, withdrawingFen, withdrawnFen };
}

export function distributorView(
  user: UserDocument,
  rules: Rules,
  team: TeamSizes,
  account: Balances | undefined,
): DistributorView {
  return {
    userId: user._id,
    nickname: user.nickname,
    avatarUrl: user.avatarUrl,
    shareCode: user.shareCode,
    status: user.distributor.status,
    gradeId: user.distributor.gradeId ?? null,
    gradeName: gradeById(rules, user.distributor.gradeId).name,
    gradeSetByAdmin: user.distributor.gradeSetByAdmin ?? false,
    since: iso(user.distributor.since),
    referrerId: user.referrerId ?? null,
    createdAt: iso(user.createdAt),
    stats: {
      paidSpendFen: user.stats?.paidSpendFen ?? 0,
      teamPaidSalesFen: user.stats?.teamPaidSalesFen ?? 0,
      releasedCommissionFen: user.stats?.releasedCommissionFen ?? 0,
    },
    team,
    balances: balancesOf(account),
  };
}

/**
 * Team sizes of several users in one aggregation: every member whose `ancestors` (at most three)
 * name one of them is unwound per ancestor, and the ancestor's index tells the level. The first
 * match names the three positions, so each part is served by its `ancestors.N` index.
 */
async function teamSizes(ids: string[]): Promise<Map<string, TeamSizes>> {
  if (ids.length === 0) return new Map();
  const groups = await aggregateList<{ _id: string; direct: number; total: number }>('users', (pipeline) =>
    pipeline
      .match(_.or([0, 1, 2].map((level) => ({ [`ancestors.${level}`]: _.in(ids) }))))
      .project({ ancestors: 1 })
      .unwind({ path: '$ancestors', includeArrayIndex: 'level' })
      .match({ ancestors: _.in(ids) })
      .group({
        _id: '$ancestors',
        total: { $sum: 1 },
        direct: { $sum: { $cond: [{ $eq: ['$level', 0] }, 1, 0] } },
      }),
  );
  return new Map(groups.map((group) => [group._id, { directMembers: group.direct, totalMembers: group.total }]));
}

/** The views of `users`: their teams and accounts read in two batched reads side by side. */
export async function distributorViews(users: UserDocument[], rules: Rules): Promise<DistributorView[]> {
  const ids = users.map((user) => user._id);
  const [teams, accounts] = await Promise.all([
    teamSizes(ids),
    ids.length === 0 ? [] : findWhere('accounts', { _id: _.in(ids) }, { limit: ids.length }),
  ]);
  const accountOf = new Map(accounts.map((account) => [account._id, account]));
  return users.map((user) =>
    distributorView(user, rules, teams.get(user._id) ?? { directMembers: 0, totalMembers: 0 }, accountOf.get(user._id)),
  );
}

/** The search: part of a nickname (any case), or a whole share code or OPENID. */
function searchCondition(search: string): object {
  const byNickname = {
    nickname: (db as unknown as { RegExp(options: { regexp: string; options: string }): object }).RegExp({
      regexp: escapeRegExp(search),
      options: 'i',
    }),
  };
  const code = search.toUpperCase();
  const alternatives: object[] = [byNickname, { _id: search }];
  if (SHARE_CODE_PATTERN.test(code)) alternatives.push({ shareCode: code });
  return _.or(alternatives);
}

export async function listDistributors(
  input: AdminInput<'listDistributors'>,
): Promise<Result<AdminOutput<'listDistributors'>, AdminError>> {
  // The rules are needed first only to filter by the default grade; otherwise they are read alongside.
  const rulesRead = peekRules();
  const defaultGradeId = input.gradeId ? (await rulesRead).rules.defaultGradeId : null;
  const conditions: object[] = [];
  if (input.status) conditions.push({ 'distributor.status': input.status });
  if (input.gradeId) {
    // A user without a stored grade holds the default one.
    const byGrade = { 'distributor.gradeId': input.gradeId };
    conditions.push(input.gradeId === defaultGradeId ? _.or([byGrade, { 'distributor.gradeId': null }]) : byGrade);
  }
  if (input.search) conditions.push(searchCondition(input.search));
  const where = conditions.length === 0 ? {} : conditions.length === 1 ? (conditions[0] as object) : _.and(conditions);
  const [{ items, nextOffset }, { rules }] = await Promise.all([newestFirstPage('users', where, input), rulesRead]);
  return ok({ items: await distributorViews(items, rules), nextOffset });
}

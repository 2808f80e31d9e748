/**
 * One distributor as the merchant sees them (分销员详情): the profile with balances and team
 * sizes, the referrer, the newest direct members with the sizes of levels 2 and 3, the newest
 * commissions and withdrawals, and the grade history (automatic and by hand, who and why). All
 * reads but the referrer's run side by side: two steps whatever the team's size.
 */
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { DETAIL_ROWS, type DistributorDetail } from '@shared/contracts/adminDistributors';
import type { GradeChangeDocument } from '@shared/grades';
import type { CommissionDocument } from '@shared/ledger';
import { fail, ok, type Result } from '@shared/result';
import type { Rules } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { countWhere, findWhere, getDoc } from '../_lib/db';
import { exitViewOf } from './distributorExit';
import { distributorView } from './distributorList';
import { peekRules } from './rules';
import { iso } from './views';

const newest = (field: string): [string, 'asc' | 'desc'][] => [
  [field, 'desc'],
  ['_id', 'desc'],
];

/** A grade's name under the current rules; the id itself when the merchant removed the grade since. */
function gradeName(rules: Rules, gradeId: string): string {
  return rules.grades.find((grade) => grade.id === gradeId)?.name ?? gradeId;
}

function memberView(member: UserDocument): DistributorDetail['team']['members'][number] {
  return {
    userId: member._id,
    nickname: member.nickname,
    avatarUrl: member.avatarUrl,
    status: member.distributor.status,
    joinedAt: iso(member.boundAt),
    paidSpendFen: member.stats?.paidSpendFen ?? 0,
  };
}

function commissionView(doc: CommissionDocument): DistributorDetail['commissions'][number] {
  return {
    id: doc._id,
    orderId: doc.orderId,
    level: doc.level,
    amountFen: doc.amountFen,
    reversedFen: doc.reversedFen ?? 0,
    clawedBackFen: doc.clawedBackFen ?? 0,
    status: doc.status,
    releaseAt: iso(doc.releaseAt),
    createdAt: iso(doc.createdAt) as string,
  };
}

function withdrawalView(doc: WithdrawalDocument): DistributorDetail['withdrawals'][number] {
  return {
    id: doc._id,
    amountFen: doc.amountFen,
    channel: doc.channel,
    status: doc.status,
    createdAt: iso(doc.createdAt) as string,
  };
}

function gradeChangeView(rules: Rules, doc: GradeChangeDocument): DistributorDetail['gradeHistory'][number] {
  return {
    fromGradeId: doc.fromGradeId,
    fromGradeName: gradeName(rules, doc.fromGradeId),
    toGradeId: doc.toGradeId,
    toGradeName: gradeName(rules, doc.toGradeId),
    reason: doc.reason,
    by: doc.by ?? null,
    note: doc.note ?? null,
    at: iso(doc.at) as string,
  };
}

/** Everything about `userId` that does not depend on the user document: read side by side. */
function readAround(userId: string) {
  const rows = { limit: DETAIL_ROWS };
  return Promise.all([
    findWhere('users', { 'ancestors.0': userId }, { ...rows, orderBy: newest('boundAt') }),
    countWhere('users', { 'ancestors.1': userId }),
    countWhere('users', { 'ancestors.2': userId }),
    countWhere('users', { 'ancestors.0': userId }),
    findWhere('commissions', { beneficiaryId: userId }, { ...rows, orderBy: newest('createdAt') }),
    findWhere('withdrawals', { userId }, { ...rows, orderBy: newest('createdAt') }),
    findWhere('gradeChanges', { userId }, { ...rows, orderBy: newest('at') }),
    getDoc('accounts', userId),
    peekRules(),
  ]);
}

export async function distributorDetail(
  input: AdminInput<'distributorDetail'>,
): Promise<Result<AdminOutput<'distributorDetail'>, AdminError>> {
  const [user, around] = await Promise.all([getDoc('users', input.userId), readAround(input.userId)]);
  if (!user) return fail('USER_NOT_FOUND', `用户 ${input.userId} 不存在 (no such user)`);
  const [members, level2Members, level3Members, directMembers, commissions, withdrawals, changes, account, peeked] =
    around;
  const { rules } = peeked;
  const [referrer, exit] = await Promise.all([
    user.referrerId ? getDoc('users', user.referrerId) : null,
    exitViewOf(user),
  ]);
  const totalMembers = directMembers + level2Members + level3Members;
  return ok({
    distributor: distributorView(user, rules, { directMembers, totalMembers }, account ?? undefined),
    referrer: referrer ? { userId: referrer._id, nickname: referrer.nickname, shareCode: referrer.shareCode } : null,
    team: { directMembers, level2Members, level3Members, members: members.map(memberView) },
    commissions: commissions.map(commissionView),
    withdrawals: withdrawals.map(withdrawalView),
    gradeHistory: changes.map((change) => gradeChangeView(rules, change)),
    grades: [...rules.grades].sort((a, b) => a.rank - b.rank).map((grade) => ({ id: grade.id, name: grade.name })),
    recruitment: rules.recruitment,
    exit,
  });
}

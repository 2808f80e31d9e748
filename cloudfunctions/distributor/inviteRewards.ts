/**
 * The caller's invite rewards (拉新奖励, docs/team.md section 3): the rule in force and a page of
 * the rewards earned (index `idx_beneficiary_created` of `rewards`), with the invitees' nicknames:
 * two round trips (the rules and the page at once, then the invitees).
 */
import type { DistributorError } from '@shared/contracts/distributor';
import type { InviteRewardsOutput, InviteRewardView } from '@shared/contracts/inviteRewards';
import { inviteRewardRulesOf } from '@shared/inviteReward';
import { ok, type Result } from '@shared/result';
import type { RewardDocument } from '@shared/rewards';
import { _, findWhere } from '../_lib/db';
import { loadRules } from '../_lib/rules';

const INVITEE_PREFIX = 'ir:';

function statusLabel(reward: RewardDocument): string {
  if (reward.status === 'frozen') return reward.riskHold ? '待审核' : '冻结中';
  if (reward.status === 'voided') return '已收回';
  return reward.clawedBackFen > 0 ? '已扣回' : '已发放';
}

function viewOf(reward: RewardDocument, names: ReadonlyMap<string, string>): InviteRewardView {
  return {
    id: reward._id,
    inviteeName: names.get(reward._id.slice(INVITEE_PREFIX.length)) ?? '',
    orderId: reward.orderId,
    amountFen: reward.amountFen,
    status: reward.status,
    statusLabel: statusLabel(reward),
    underReview: reward.status === 'frozen' && Boolean(reward.riskHold),
    releaseAt: reward.releaseAt ? reward.releaseAt.toISOString() : null,
    explanation: reward.explanation.map((line) => line.text),
    createdAt: reward.createdAt.toISOString(),
  };
}

export async function inviteRewards(
  openid: string,
  page: number,
  pageSize: number,
): Promise<Result<InviteRewardsOutput, DistributorError>> {
  const [rules, rewards] = await Promise.all([
    loadRules(),
    // One more than a page tells whether another page follows, without a count.
    findWhere(
      'rewards',
      { beneficiaryId: openid, kind: 'inviteReward' },
      {
        orderBy: [
          ['createdAt', 'desc'],
          ['_id', 'desc'],
        ],
        skip: (page - 1) * pageSize,
        limit: pageSize + 1,
      },
    ),
  ]);
  const shown = rewards.slice(0, pageSize);
  const inviteeIds = shown.map((reward) => reward._id.slice(INVITEE_PREFIX.length));
  const invitees = inviteeIds.length > 0 ? await findWhere('users', { _id: _.in(inviteeIds) }, {}) : [];
  const names = new Map(invitees.map((user) => [user._id, user.nickname]));
  const { enabled, amountFen, dailyCap, minOrderFen } = inviteRewardRulesOf(rules);
  return ok({
    rule: { enabled, amountFen, dailyCap, minOrderFen },
    rewards: shown.map((reward) => viewOf(reward, names)),
    page,
    pageSize,
    hasMore: rewards.length > pageSize,
  });
}

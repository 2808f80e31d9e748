/**
 * What 拉新奖励 shows, from `distributor.inviteRewards` (pure): the shop's rule in one sentence and
 * the rewards earned, each with the invitee, its state and its explanation.
 */
import type { InviteRewardsOutput } from '@shared/contracts/inviteRewards';
import { formatFen } from '@shared/money';
import { formatDate } from '../../utils/format';

export interface RuleView {
  enabled: boolean;
  text: string;
}

export interface InviteRow {
  key: string;
  invitee: string;
  amount: string;
  status: string;
  statusClass: string;
  release: string;
  lines: string[];
}

export function ruleOf(answer: InviteRewardsOutput): RuleView {
  const { rule } = answer;
  if (!rule.enabled) return { enabled: false, text: '商家暂未开启拉新奖励' };
  const minimum = rule.minOrderFen > 0 ? `（首单实付满 ${formatFen(rule.minOrderFen)}）` : '';
  return {
    enabled: true,
    text: `邀请新用户绑定后首次下单并支付${minimum}，奖励 ${formatFen(rule.amountFen)}；每天最多 ${rule.dailyCap} 人，首单退货期结束后可提现`,
  };
}

export function rowsOf(answer: InviteRewardsOutput): InviteRow[] {
  return answer.rewards.map((reward) => ({
    key: reward.id,
    invitee: reward.inviteeName ? `邀请 ${reward.inviteeName}` : '邀请的新用户',
    amount: formatFen(reward.amountFen),
    status: reward.statusLabel,
    statusClass: reward.status,
    release:
      reward.status === 'frozen'
        ? reward.underReview
          ? '商家审核通过后转为可提现'
          : reward.releaseAt
            ? `${formatDate(reward.releaseAt)} 转为可提现`
            : '首单完成后开始计算退货期'
        : '',
    lines: reward.explanation,
  }));
}

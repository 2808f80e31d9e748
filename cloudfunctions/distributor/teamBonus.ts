/**
 * The caller's team bonus (团队奖励, docs/team.md section 1): this month's team sales counted so
 * far (one aggregation, cloudfunctions/_lib/teamSales.ts), the tier reached and the next, and a
 * page of the bonuses granted (index `idx_beneficiary_created` of `rewards`): 3 reads in parallel.
 */
import type { DistributorError } from '@shared/contracts/distributor';
import type { TeamBonusOutput, TeamBonusView } from '@shared/contracts/teamBonus';
import { ok, type Result } from '@shared/result';
import type { RewardDocument } from '@shared/rewards';
import { teamBonusRulesOf } from '@shared/rules';
import { periodLabel, periodOf, periodRange, teamBonusProgress, tierText } from '@shared/teamBonus';
import { findWhere } from '../_lib/db';
import { loadRules } from '../_lib/rules';
import { teamSalesOf } from '../_lib/teamSales';

function statusLabel(reward: RewardDocument): string {
  if (reward.status === 'frozen') return '冻结中';
  if (reward.status === 'voided') return '已取消';
  return reward.clawedBackFen > 0 ? '已扣回' : '已发放';
}

function viewOf(reward: RewardDocument): TeamBonusView {
  const period = reward.period ?? periodOf(reward.createdAt);
  return {
    id: reward._id,
    period,
    periodLabel: periodLabel(period),
    amountFen: reward.amountFen,
    status: reward.status,
    statusLabel: statusLabel(reward),
    releaseAt: reward.releaseAt ? reward.releaseAt.toISOString() : null,
    clawedBackFen: reward.clawedBackFen,
    explanation: reward.explanation.map((line) => ({
      kind: line.kind,
      text: line.text,
      amountFen: line.amountFen ?? null,
    })),
    createdAt: reward.createdAt.toISOString(),
  };
}

export async function teamBonus(
  openid: string,
  page: number,
  pageSize: number,
  now: Date,
): Promise<Result<TeamBonusOutput, DistributorError>> {
  const period = periodOf(now);
  const [rules, sales, rewards] = await Promise.all([
    loadRules(),
    teamSalesOf(openid, periodRange(period)),
    // One more than a page tells whether another page follows, without a count.
    findWhere(
      'rewards',
      { beneficiaryId: openid, kind: 'teamBonus' },
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
  const bonusRules = teamBonusRulesOf(rules);
  const progress = teamBonusProgress(bonusRules, sales.teamSalesFen);
  return ok({
    enabled: bonusRules.enabled,
    month: {
      period,
      label: periodLabel(period),
      teamSalesFen: sales.teamSalesFen,
      orderCount: sales.orderCount,
      reached: progress.reached,
      next: progress.next,
    },
    tiers: bonusRules.tiers.map(tierText),
    monthlyCapFen: bonusRules.monthlyCapFen,
    frozenDays: bonusRules.frozenDays,
    bonuses: rewards.slice(0, pageSize).map(viewOf),
    page,
    pageSize,
    hasMore: rewards.length > pageSize,
  });
}

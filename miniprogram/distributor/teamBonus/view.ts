/**
 * What 团队奖励 shows, from `distributor.teamBonus` (pure): this month's progress and the
 * granted bonuses with their explanation lines.
 */
import type { TeamBonusOutput } from '@shared/contracts/teamBonus';
import { formatFen } from '@shared/money';
import { formatDate } from '../../utils/format';

export interface MonthView {
  enabled: boolean;
  label: string;
  teamSales: string;
  orders: string;
  /** 已达档位：… / 还未达到任何档位. */
  reached: string;
  /** 距下一档还差 ¥… / 已达最高档位. */
  next: string;
  tiers: string[];
  rulesNote: string;
}

export interface BonusRow {
  key: string;
  period: string;
  amount: string;
  status: string;
  statusClass: string;
  release: string;
  lines: string[];
}

export function monthOf(answer: TeamBonusOutput): MonthView {
  const { month } = answer;
  return {
    enabled: answer.enabled,
    label: month.label,
    teamSales: formatFen(month.teamSalesFen),
    orders: `${month.orderCount} 笔订单`,
    reached: month.reached
      ? `已达：${month.reached.text}，本月预计 ${formatFen(month.reached.bonusFen)}`
      : '还未达到任何档位',
    next: month.next
      ? `下一档：${month.next.text}，还差 ${formatFen(month.next.missingFen)}`
      : answer.enabled
        ? '已达最高档位'
        : '',
    tiers: answer.tiers,
    rulesNote: `每月封顶 ${formatFen(answer.monthlyCapFen)}，发放后冻结 ${answer.frozenDays} 天再转为可提现；订单在退货期结束后计入团队业绩`,
  };
}

export function rowsOf(answer: TeamBonusOutput): BonusRow[] {
  return answer.bonuses.map((bonus) => ({
    key: bonus.id,
    period: `${bonus.periodLabel}团队奖励`,
    amount: formatFen(bonus.amountFen),
    status: bonus.statusLabel,
    statusClass: bonus.status,
    release: bonus.status === 'frozen' && bonus.releaseAt ? `${formatDate(bonus.releaseAt)} 转为可提现` : '',
    lines: bonus.explanation.map((line) => line.text),
  }));
}

/**
 * 退出推广 on the distributor center (docs/team.md section 4): the confirmation that states what
 * leaving does under the shop's rules, and after an exit the final state (when, by whom, what was
 * forfeited, the team's hand-over, when re-joining is possible).
 */
import type { CenterExitView } from '@shared/contracts/distributorTeam';
import { formatFen } from '@shared/money';
import { formatDate } from '../../utils/format';

export interface ExitStateView {
  title: string;
  lines: string[];
}

function rejoinText(exit: CenterExitView): string {
  if (exit.rejoin === 'never') return '退出后不能再次成为分销员。';
  if (exit.rejoin === 'afterDays') return `退出后 ${exit.rejoinDays ?? 0} 天内不能再次成为分销员。`;
  return '';
}

/** The confirmation before leaving; the shop's rules decide what happens to the frozen commission. */
export function exitConfirmText(exit: CenterExitView | undefined): string {
  const frozen = exit?.frozenOnExit === 'forfeit' ? '冻结中的佣金将作废' : '冻结中的佣金仍会在售后期结束后照常结算';
  const rejoin = exit ? rejoinText(exit) : '';
  return `退出后不再获得新佣金；${frozen}，可提现余额仍可提现；你的团队成员将转给你的上级（没有上级则解除绑定），之后的新订单计入上级。${rejoin}确定退出吗？`;
}

/** After an exit: what happened and what is left to do (the 提现 entry shows while money is available). */
export function exitStateView(exit: CenterExitView | undefined): ExitStateView | null {
  const record = exit?.record;
  if (!exit || !record) return null;
  const date = formatDate(record.exitedAt);
  const lines = [
    record.by === 'merchant'
      ? `商家已于 ${date} 将你移出推广，原因：${record.reason ?? '未说明'}`
      : `你已于 ${date} 退出推广`,
    record.frozenOnExit === 'forfeit'
      ? `冻结中的佣金 ${formatFen(record.forfeitedFen)} 已作废`
      : '冻结中的佣金将在售后期结束后照常结算',
    '可提现余额仍可随时提现',
    record.handoverStatus === 'done' ? '团队成员已转给你的上级' : '团队成员正在转给你的上级',
  ];
  if (exit.rejoin === 'never') lines.push('按本店规则，不能再次成为分销员');
  else if (record.rejoinFrom) lines.push(`${formatDate(record.rejoinFrom)} 起可重新申请成为分销员`);
  return { title: record.by === 'merchant' ? '已被移出推广' : '已退出推广', lines };
}

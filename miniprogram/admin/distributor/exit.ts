/**
 * 分销员详情's exit part (docs/team.md section 4): whether the merchant may remove the user (移除),
 * and, for an exited one, the exit date, who ended it and why, what was forfeited and how far the
 * team's hand-over to the upline has come.
 */
import type { DistributorDetail } from '@shared/contracts/adminDistributors';
import { formatFen } from '@shared/money';
import { displayName, formatDateTime } from '../../utils/format';

export interface ExitView {
  at: string;
  by: string;
  reason: string;
  frozen: string;
  upline: string;
  handover: string;
  /** The hand-over is not finished: the page offers 继续交接. */
  handoverPending: boolean;
}

/** A distributor (or a disabled one, or under `everyone` a user at none) may be removed. */
export function canRemove(status: string, recruitment: DistributorDetail['recruitment']): boolean {
  return status === 'approved' || status === 'disabled' || (status === 'none' && recruitment === 'everyone');
}

export const REMOVE_CONFIRMATION = {
  title: '移除分销员',
  placeholderText: '请填写移除原因（记入退出记录，用户可见）',
};

export function exitView(detail: DistributorDetail): ExitView | null {
  const exit = detail.exit;
  if (!exit || detail.distributor.status !== 'exited') return null;
  const moved = `已转移 ${exit.handover.movedMembers} 名直属成员`;
  return {
    at: formatDateTime(exit.exitedAt),
    by: exit.by === 'merchant' ? '商家移除' : '本人退出',
    reason: exit.reason ?? '—',
    frozen:
      exit.frozenOnExit === 'forfeit'
        ? `冻结佣金作废 ${formatFen(exit.forfeitedFen)}（${exit.forfeitedCommissions} 笔）`
        : '冻结佣金照常结算',
    upline: exit.upline ? displayName(exit.upline.nickname) : '无上级（成员解除绑定）',
    handover: exit.handover.status === 'done' ? `交接完成，${moved}` : `交接中，${moved}`,
    handoverPending: exit.handover.status === 'pending',
  };
}

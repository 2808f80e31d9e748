/**
 * 分销员详情's view: the detail the admin function answers (`admin.distributorDetail`) as the
 * page shows it, amounts in yuan (formatFen) and times in China time.
 */
import type { DistributorDetail, DistributorView } from '@shared/contracts/adminDistributors';
import { formatFen } from '@shared/money';
import { displayName, DISTRIBUTOR_STATUS_LABELS, formatDate, formatDateTime } from '../../utils/format';
import { canRemove, exitView } from './exit';

const COMMISSION_LABELS: Record<DistributorDetail['commissions'][number]['status'], string> = {
  frozen: '冻结中',
  releasing: '结算中',
  released: '已结算',
  reversed: '已失效',
};

const WITHDRAWAL_LABELS: Record<DistributorDetail['withdrawals'][number]['status'], string> = {
  reviewing: '待审核',
  paying: '打款中',
  withdrawn: '已到账',
  rejected: '已拒绝',
  failed: '打款失败',
};

const CHANNEL_LABELS: Record<DistributorDetail['withdrawals'][number]['channel'], string> = {
  wechatTransfer: '微信零钱',
  manual: '线下打款',
  balance: '到余额',
};

type Move = { action: 'appoint' | 'disable' | 'enable'; label: string };

const APPOINT: Move = { action: 'appoint', label: '任命为分销员' };
const DISABLE: Move = { action: 'disable', label: '停用' };

/** The status moves the page offers for a status: one button, or none (pending goes to the review page). */
const MOVES: Record<string, Move | undefined> = {
  none: APPOINT,
  rejected: APPOINT,
  exited: APPOINT,
  approved: DISABLE,
  disabled: { action: 'enable', label: '启用' },
};

/** Under `everyone` a user at `none` already earns, so the move offered is to disable them. */
function moveOf(status: string, recruitment: DistributorDetail['recruitment']): Move | null {
  if (status === 'none' && recruitment === 'everyone') return DISABLE;
  return MOVES[status] ?? null;
}

/** What each move asks before it is made. */
export const MOVE_CONFIRMATIONS: Record<'appoint' | 'disable' | 'enable', { title: string; content: string }> = {
  appoint: { title: '任命分销员', content: '任命后该用户即成为分销员，推广的新订单可获得佣金。' },
  disable: {
    title: '停用分销员',
    content: '停用后，新订单不再给该分销员佣金；已冻结的佣金照常结算，但停用期间不能提现。',
  },
  enable: { title: '启用分销员', content: '启用后，该分销员的新订单恢复佣金，并可以提现。' },
};

/** The lists under the profile: the newest commissions, withdrawals and grade changes. */
function historyView(detail: DistributorDetail) {
  return {
    commissions: detail.commissions.map((row) => ({
      id: row.id,
      amount: formatFen(row.amountFen - row.reversedFen - row.clawedBackFen),
      levelLabel: `第 ${row.level} 级`,
      orderId: row.orderId,
      statusLabel: COMMISSION_LABELS[row.status],
      at: formatDateTime(row.createdAt),
    })),
    withdrawals: detail.withdrawals.map((row) => ({
      id: row.id,
      amount: formatFen(row.amountFen),
      channel: CHANNEL_LABELS[row.channel],
      statusLabel: WITHDRAWAL_LABELS[row.status],
      at: formatDateTime(row.createdAt),
    })),
    gradeHistory: detail.gradeHistory.map((change, index) => ({
      key: `${change.at}-${index}`,
      change: `${change.fromGradeName} → ${change.toGradeName}`,
      how: change.reason === 'auto' ? '自动升级' : `管理员调整${change.by ? `（${change.by}）` : ''}`,
      note: change.note ?? '',
      at: formatDateTime(change.at),
    })),
  };
}

/** Who a distributor is, as 分销员管理's rows and 分销员详情's head both show it. */
export function identityOf(view: DistributorView) {
  const name = displayName(view.nickname);
  return {
    name,
    avatar: view.avatarUrl,
    /** The name's first character, shown in place of a missing avatar. */
    initial: Array.from(name)[0] ?? '',
    shareCode: view.shareCode,
    status: view.status,
    statusLabel: DISTRIBUTOR_STATUS_LABELS[view.status] ?? view.status,
    gradeName: view.gradeName,
  };
}

export function detailView(detail: DistributorDetail) {
  const { distributor: d, team } = detail;
  return {
    userId: d.userId,
    ...identityOf(d),
    gradeSetByAdmin: d.gradeSetByAdmin,
    since: formatDate(d.since),
    referrer: detail.referrer ? `${displayName(detail.referrer.nickname)}（${detail.referrer.shareCode}）` : '无',
    move: moveOf(d.status, detail.recruitment),
    removable: canRemove(d.status, detail.recruitment),
    exit: exitView(detail),
    pending: d.status === 'pending',
    balances: {
      frozen: formatFen(d.balances.frozenFen),
      available: formatFen(d.balances.availableFen),
      withdrawing: formatFen(d.balances.withdrawingFen),
      withdrawn: formatFen(d.balances.withdrawnFen),
    },
    stats: {
      teamSales: formatFen(d.stats.teamPaidSalesFen),
      ownSpend: formatFen(d.stats.paidSpendFen),
      released: formatFen(d.stats.releasedCommissionFen),
    },
    team: {
      counts: `直属 ${team.directMembers} 人 · 二级 ${team.level2Members} 人 · 三级 ${team.level3Members} 人`,
      members: team.members.map((member) => ({
        id: member.userId,
        name: displayName(member.nickname),
        statusLabel: DISTRIBUTOR_STATUS_LABELS[member.status] ?? member.status,
        joined: member.joinedAt ? `${formatDate(member.joinedAt)} 加入` : '加入时间未知',
        spend: formatFen(member.paidSpendFen),
      })),
    },
    ...historyView(detail),
    grades: detail.grades,
  };
}

export type DetailView = ReturnType<typeof detailView>;

/**
 * 提现审核: distributors' withdrawals by status (`admin.listWithdrawals`, newest first, paged,
 * pull down to reload). Under review: approve (`approveWithdrawal`: a WeChat transfer gets its
 * bill and waits for the distributor's confirmation; a manual one waits to be paid) or reject
 * with a reason (`rejectWithdrawal`: the amount returns to 可提现). Being paid: a manual payout
 * is marked paid once the money was sent outside WeChat (`markWithdrawalPaid`, with an optional
 * note), a WeChat transfer is synced with WeChat Pay (`syncWithdrawal`). Every move answers the
 * withdrawal as it now is, which replaces its row.
 */
import type { AdminWithdrawalView, MoveOutput } from '@shared/contracts/withdraw';
import { formatFen } from '@shared/money';
import type { Result } from '@shared/result';
import {
  approveWithdrawal,
  listWithdrawals,
  markWithdrawalPaid,
  rejectWithdrawal,
  syncWithdrawal,
} from '../../services/admin';
import { displayName, formatDateTime } from '../../utils/format';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminSource, askReason, runRowAction, statusPage, type RowAction } from '../list';

type Filter = 'all' | AdminWithdrawalView['status'];

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'reviewing', label: '待审核' },
  { value: 'paying', label: '打款中' },
  { value: 'withdrawn', label: '已到账' },
  { value: 'rejected', label: '已拒绝' },
  { value: 'failed', label: '失败' },
  { value: 'all', label: '全部' },
];

const STATUS_LABELS: Record<AdminWithdrawalView['status'], string> = {
  reviewing: '待审核',
  paying: '打款中',
  withdrawn: '已到账',
  rejected: '已拒绝',
  failed: '打款失败',
};

const CHANNEL_LABELS: Record<AdminWithdrawalView['channel'], string> = {
  wechatTransfer: '微信零钱',
  manual: '线下打款',
  balance: '到余额',
};

interface Row {
  id: string;
  /** The distributor's OPENID: the 对账单 link opens the ledger page for them. */
  userId: string;
  name: string;
  amount: string;
  fee: string;
  payout: string;
  channel: string;
  statusLabel: string;
  createdAt: string;
  reason: string;
  transferState: string;
  /** 收款人 张*: a WeChat transfer of 2,000 yuan or more names its payee (masked; the name is never shown). */
  payee: string;
  canReview: boolean;
  canMarkPaid: boolean;
  canSync: boolean;
}

function rowOf(withdrawal: AdminWithdrawalView): Row {
  const paying = withdrawal.status === 'paying';
  return {
    id: withdrawal.id,
    userId: withdrawal.userId,
    name: withdrawal.nickname === null ? withdrawal.userId : displayName(withdrawal.nickname),
    amount: formatFen(withdrawal.amountFen),
    fee: formatFen(withdrawal.feeFen),
    payout: formatFen(withdrawal.payoutFen),
    channel: CHANNEL_LABELS[withdrawal.channel],
    statusLabel: STATUS_LABELS[withdrawal.status],
    createdAt: formatDateTime(withdrawal.createdAt),
    reason: withdrawal.reason ?? '',
    transferState: withdrawal.transferState ?? '',
    payee: withdrawal.realNameMask ?? '',
    canReview: withdrawal.status === 'reviewing',
    canMarkPaid: paying && withdrawal.channel === 'manual',
    canSync: paying && withdrawal.channel === 'wechatTransfer',
  };
}

type MoveAnswer = MoveOutput<AdminWithdrawalView>;

/** A move of a withdrawal: its answer is the withdrawal as it now is, or says nothing changed. */
function move(id: string, send: () => Promise<Result<MoveAnswer>>, done: string): RowAction<Row, MoveAnswer> {
  return {
    id,
    send,
    rowOf: (answer) => rowOf(answer.withdrawal),
    done: (answer) => (answer.status === 'unchanged' ? '状态未变化' : done),
  };
}

Page({
  ...filterBarListPage({
    data: {
      ...listData<Row>(),
      filter: 'reviewing' as Filter,
      busyId: '',
    },
    filters: FILTERS,
    loadOn: 'load',
    onReload: 'clear',
    source: ({ filter }) => adminSource((offset) => listWithdrawals(statusPage(filter, offset)), rowOf),
  }),

  async onApproveTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const row = this.data.rows.find((candidate) => candidate.id === event.currentTarget.dataset.id);
    if (!row) return;
    const answer = await wx.showModal({
      title: '通过提现',
      content: `${row.name} 提现 ${row.amount}，实付 ${row.payout}（${row.channel}）。`,
      confirmText: '通过',
    });
    if (!answer.confirm) return;
    await runRowAction(
      this,
      move(row.id, () => approveWithdrawal({ withdrawalId: row.id }), '已通过'),
    );
  },

  async onRejectTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const withdrawalId = event.currentTarget.dataset.id;
    const reason = await askReason('拒绝提现', '请填写拒绝原因（分销员可见）', '拒绝');
    if (!reason) return;
    await runRowAction(
      this,
      move(withdrawalId, () => rejectWithdrawal({ withdrawalId, reason }), '已拒绝'),
    );
  },

  async onMarkPaidTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const withdrawalId = event.currentTarget.dataset.id;
    const answer = await wx.showModal({
      title: '确认已打款',
      editable: true,
      placeholderText: '转账流水号（必填，4-64 位字母或数字）',
      confirmText: '已打款',
    });
    if (!answer.confirm) return;
    const transferRef = (answer.content ?? '').trim();
    // The server refuses the same values (INVALID_INPUT); asking here saves a round trip.
    if (!/^[0-9A-Za-z_-]{4,64}$/.test(transferRef)) {
      await wx.showToast({ title: '请填写转账流水号', icon: 'none' });
      return;
    }
    await runRowAction(
      this,
      move(withdrawalId, () => markWithdrawalPaid({ withdrawalId, transferRef }), '已标记到账'),
    );
  },

  async onSyncTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const withdrawalId = event.currentTarget.dataset.id;
    await runRowAction(
      this,
      move(withdrawalId, () => syncWithdrawal({ withdrawalId }), '已同步'),
    );
  },
});

/**
 * A withdrawal as the ledger pages show it (提现记录, and the result on 提现). Two answers describe
 * a withdrawal: the history list (`distributor.withdrawals`, with `packageInfo` while a transfer
 * waits) and the withdraw function's moves (`request`, `sync`, with `awaitsConfirmation`); both
 * become the same row, so 确认收款 can replace a row with what `sync` answered.
 */
import type { WithdrawalView as HistoryView } from '@shared/contracts/distributorLedger';
import type { WithdrawalView as MoveView } from '@shared/contracts/withdraw';
import { formatFen } from '@shared/money';
import type { WithdrawalChannel, WithdrawalStatus } from '@shared/withdrawals';
import { formatDateTime } from '../../utils/format';

export const WITHDRAWAL_STATUS_LABELS: Record<WithdrawalStatus, string> = {
  reviewing: '审核中',
  paying: '打款中',
  withdrawn: '已提现',
  rejected: '已拒绝',
  failed: '打款失败',
};

export const CHANNEL_LABELS: Record<WithdrawalChannel, string> = {
  wechatTransfer: '微信零钱',
  manual: '商家线下打款',
  balance: '到余额',
};

export interface WithdrawalRow {
  key: string;
  id: string;
  status: WithdrawalStatus;
  /** 待确认收款 while a WeChat transfer waits for the distributor, else the status's label. */
  statusLabel: string;
  /** The status tag's TDesign theme. */
  theme: 'primary' | 'warning' | 'success' | 'danger';
  amount: string;
  fee: string;
  payout: string;
  channelLabel: string;
  time: string;
  /** What happens next, or what happened to the money. */
  hint: string;
  /** 拒绝原因 / 失败原因 with the reason, '' when there is none. */
  reason: string;
  awaitsConfirmation: boolean;
  history: Array<{ key: string; label: string; time: string; note: string }>;
}

interface Common {
  id: string;
  status: WithdrawalStatus;
  amountFen: number;
  feeFen: number;
  payoutFen: number;
  channel: WithdrawalChannel;
  createdAt: string;
  history: Array<{ status: WithdrawalStatus; at: string; note: string | null }>;
}

function hintOf(status: WithdrawalStatus, channel: WithdrawalChannel, awaits: boolean): string {
  if (status === 'reviewing') return '等待商家审核，审核期间金额计入提现中';
  if (status === 'paying') {
    if (awaits) return '商家已同意，请点击确认收款，款项将转入微信零钱';
    return channel === 'manual' ? '商家已同意，等待商家打款' : '微信转账处理中';
  }
  if (status === 'withdrawn') return '已到账';
  return '金额已退回可提现余额';
}

function themeOf(status: WithdrawalStatus, awaits: boolean): WithdrawalRow['theme'] {
  if (awaits) return 'warning';
  if (status === 'withdrawn') return 'success';
  return status === 'rejected' || status === 'failed' ? 'danger' : 'primary';
}

function rowOf(view: Common, awaits: boolean, rejectReason: string | null, failReason: string | null): WithdrawalRow {
  const reason =
    view.status === 'rejected' && rejectReason
      ? `拒绝原因：${rejectReason}`
      : view.status === 'failed' && failReason
        ? `失败原因：${failReason}`
        : '';
  return {
    key: view.id,
    id: view.id,
    status: view.status,
    statusLabel: awaits ? '待确认收款' : WITHDRAWAL_STATUS_LABELS[view.status],
    theme: themeOf(view.status, awaits),
    amount: formatFen(view.amountFen),
    fee: formatFen(view.feeFen),
    payout: formatFen(view.payoutFen),
    channelLabel: CHANNEL_LABELS[view.channel],
    time: formatDateTime(view.createdAt),
    hint: hintOf(view.status, view.channel, awaits),
    reason,
    awaitsConfirmation: awaits,
    history: view.history.map((event, index) => ({
      key: `${index}`,
      label: WITHDRAWAL_STATUS_LABELS[event.status],
      time: formatDateTime(event.at),
      note: event.note ?? '',
    })),
  };
}

/** A row of `distributor.withdrawals`: a transfer waits while its package is set. */
export function historyRow(view: HistoryView): WithdrawalRow {
  const awaits = view.status === 'paying' && view.channel === 'wechatTransfer' && view.packageInfo !== null;
  return rowOf(view, awaits, view.rejectReason, view.failReason);
}

/** A row of what `withdraw.request` or `withdraw.sync` answered. */
export function moveRow(view: MoveView): WithdrawalRow {
  return rowOf(view, view.awaitsConfirmation, view.reason, view.reason);
}

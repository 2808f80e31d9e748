/** A top-up as the merchant's 充值订单 list shows it (admin.listTopUps), with what may be done to it. */
import type { TopUpView } from '@shared/contracts/adminBalance';
import { formatFen } from '@shared/money';
import { formatDateTime } from '../../utils/format';

const STATUS_LABELS: Record<TopUpView['status'], string> = {
  pending_payment: '待支付',
  paid: '已到账',
  refunding: '退款中',
  refunded: '已退款',
};

export interface TopUpRow {
  id: string;
  userId: string;
  amount: string;
  /** 赠送 ¥80.00, or '' without a bonus. */
  bonus: string;
  status: TopUpView['status'];
  statusLabel: string;
  time: string;
  /** Why WeChat Pay refused the refund, for the merchant; '' otherwise. */
  refundFailure: string;
  /** A payment of another amount that was refunded automatically; '' otherwise. */
  mismatch: string;
  /** 退款: a paid top-up; 重试退款: a refund WeChat Pay refused. */
  refundAction: '' | '退款' | '重试退款';
}

export function topUpRow(view: TopUpView): TopUpRow {
  const failure = view.refund?.failure ?? '';
  return {
    id: view.topUpId,
    userId: view.userId,
    amount: formatFen(view.amountFen),
    bonus: view.bonusFen > 0 ? `赠送 ${formatFen(view.bonusFen)}` : '',
    status: view.status,
    statusLabel: STATUS_LABELS[view.status],
    time: formatDateTime(view.paidAt ?? view.createdAt),
    refundFailure: failure ? `微信支付未受理退款：${failure}` : '',
    mismatch: view.mismatch ? `收到金额不符的付款 ${formatFen(view.mismatch.paidFen)}，已自动退回` : '',
    refundAction: view.status === 'paid' ? '退款' : view.status === 'refunding' && failure ? '重试退款' : '',
  };
}

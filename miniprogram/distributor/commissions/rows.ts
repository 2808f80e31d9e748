/**
 * 佣金明细's tabs and rows. Every row says in one line why the commission stands as it does,
 * from the explanation the function built (shared/commissionExplain.ts): when it will be
 * settled, that an after-sale holds it, when it was settled, or that a refund voided it.
 */
import type { CommissionView, CommissionViewStatus } from '@shared/contracts/distributorLedger';
import { formatFen } from '@shared/money';
import { formatDate, formatDateTime } from '../../utils/format';

/** `all` lists every status, 结算中 (releasing, a few seconds at most) included. */
export const COMMISSION_TABS = [
  { value: 'all', label: '全部' },
  { value: 'frozen', label: '冻结中' },
  { value: 'held', label: '售后冻结' },
  { value: 'released', label: '已结算' },
  { value: 'reversed', label: '已失效' },
] as const;

export type CommissionTab = (typeof COMMISSION_TABS)[number]['value'];

export type StatusTheme = 'primary' | 'warning' | 'success' | 'default';

export const COMMISSION_THEMES: Record<CommissionViewStatus, StatusTheme> = {
  frozen: 'primary',
  held: 'warning',
  releasing: 'primary',
  released: 'success',
  reversed: 'default',
};

export interface CommissionRow {
  key: string;
  id: string;
  /** What the commission is worth now (net of refunds). */
  amount: string;
  /** The amount first earned, when refunds took some of it; '' otherwise. */
  earned: string;
  levelLabel: string;
  product: string;
  statusLabel: string;
  theme: StatusTheme;
  reason: string;
  time: string;
}

/** The one-line reason of a commission's standing. */
export function reasonOf(view: CommissionView): string {
  if (view.pending) return view.pending.text;
  if (view.status === 'released') {
    if (view.clawedBackFen > 0) return `结算后退款，扣回 ${formatFen(view.clawedBackFen)}`;
    return view.releasedAt ? `${formatDate(view.releasedAt)} 已结算到可提现余额` : '已结算到可提现余额';
  }
  return '订单已退款，佣金已失效';
}

export function productText(view: CommissionView): string {
  const product = view.product;
  if (!product) return `订单 ${view.orderId}`;
  return `${product.name}${product.spec ? `（${product.spec}）` : ''} × ${product.quantity}`;
}

export function commissionRow(view: CommissionView): CommissionRow {
  return {
    key: view.id,
    id: view.id,
    amount: formatFen(view.netFen),
    earned: view.netFen !== view.amountFen ? formatFen(view.amountFen) : '',
    levelLabel: view.levelLabel,
    product: productText(view),
    statusLabel: view.statusLabel,
    theme: COMMISSION_THEMES[view.status],
    reason: reasonOf(view),
    time: formatDateTime(view.createdAt),
  };
}

/** The detail page's address; commission ids carry `:` and `|`, so the id is encoded. */
export function commissionUrl(id: string): string {
  return `/distributor/commission/commission?id=${encodeURIComponent(id)}`;
}

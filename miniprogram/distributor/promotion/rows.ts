/** 推广订单's rows: an order that earned the caller commission, the buyer masked by the function. */
import type { PromotionOrder } from '@shared/contracts/distributorLedger';
import { formatFen } from '@shared/money';
import { formatDateTime } from '../../utils/format';
import { COMMISSION_THEMES, type StatusTheme } from '../commissions/rows';

const LEVEL_LABELS: Record<number, string> = { 1: '一级', 2: '二级', 3: '三级' };

export interface PromotionRow {
  key: string;
  orderId: string;
  buyer: string;
  time: string;
  orderStatus: string;
  products: string;
  /** The caller's commission on the order, net of refunds. */
  commission: string;
  /** The amount first earned, when refunds took some of it; '' otherwise. */
  earned: string;
  statusLabel: string;
  theme: StatusTheme;
  /** One per commission (a line and a level), each opening 佣金详情. */
  commissions: Array<{ id: string; text: string }>;
}

export function promotionRow(order: PromotionOrder): PromotionRow {
  return {
    key: order.orderId,
    orderId: order.orderId,
    buyer: order.buyerNickname,
    time: formatDateTime(order.orderedAt),
    orderStatus: order.orderStatusLabel,
    products: order.products.join('、'),
    commission: formatFen(order.netFen),
    earned: order.netFen !== order.amountFen ? formatFen(order.amountFen) : '',
    statusLabel: order.statusLabel,
    theme: COMMISSION_THEMES[order.status],
    commissions: order.commissions.map((commission) => ({
      id: commission.id,
      text: `${order.products[commission.lineIndex] ?? `第 ${commission.lineIndex + 1} 件商品`} · ${LEVEL_LABELS[commission.level] ?? `${commission.level}级`} ${formatFen(commission.netFen)}`,
    })),
  };
}

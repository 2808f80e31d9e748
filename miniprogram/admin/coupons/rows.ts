/** The rows of 优惠券 (admin/coupons): a coupon's terms, state and counts as the list shows them. */
import type { AdminCouponView } from '@shared/contracts/adminCoupons';
import { formatFen } from '@shared/money';
import { formatDate } from '../../utils/format';

export interface CouponRow {
  id: string;
  name: string;
  headline: string;
  condition: string;
  kindLabel: string;
  scope: string;
  validity: string;
  status: AdminCouponView['status'];
  statusLabel: string;
  claimed: string;
  used: number;
  exclusive: string;
  commission: string;
}

const KIND_LABELS: Record<AdminCouponView['kind'], string> = {
  threshold: '满减券',
  discount: '折扣券',
  noThreshold: '无门槛券',
};
const STATUS_LABELS: Record<AdminCouponView['status'], string> = {
  active: '发放中',
  paused: '已暂停',
  ended: '已结束',
};
const SCOPE_LABELS: Record<AdminCouponView['scope']['kind'], string> = {
  shop: '全场通用',
  categories: '指定分类',
  products: '指定商品',
};

export function couponRow(view: AdminCouponView & { usedCount: number }): CouponRow {
  const { validity, scope } = view;
  return {
    id: view.couponId,
    name: view.name,
    headline: view.headline,
    condition: view.condition,
    kindLabel: KIND_LABELS[view.kind],
    scope: scope.kind === 'shop' ? SCOPE_LABELS.shop : `${SCOPE_LABELS[scope.kind]} ${scope.ids.length} 个`,
    validity:
      validity.kind === 'fixed'
        ? `${formatDate(validity.from)} 至 ${formatDate(validity.to)}`
        : `领取后 ${validity.days} 天`,
    status: view.status,
    statusLabel: STATUS_LABELS[view.status],
    claimed: `${view.claimedCount}/${view.totalQuantity}`,
    used: view.usedCount,
    exclusive: view.exclusive ? `专属：${view.exclusive.nickname || view.exclusive.shareCode}` : '',
    commission: view.commission ? '计佣金' : '不计佣金',
  };
}

/** The results dialog's text (couponResults). */
export function resultsText(results: {
  claimed: number;
  used: number;
  paidOrders: number;
  salesFen: number;
  commissionFen: number;
}): string {
  return [
    `已领取 ${results.claimed} 张，使用中 ${results.used} 张`,
    `支付订单 ${results.paidOrders} 笔，销售额 ${formatFen(results.salesFen)}`,
    `用券商品佣金 ${formatFen(results.commissionFen)}`,
  ].join('\n');
}

/**
 * The order detail page's view of an OrderView (shared/contracts/order.ts): amounts formatted
 * with formatFen, times in China time, and which actions the order's state allows.
 */
import type { AfterSaleView } from '@shared/contracts/afterSale';
import type { OrderView } from '@shared/contracts/order';
import { formatFen } from '@shared/money';
import { addressLine } from '../../utils/address-choice';
import { formatDateTime } from '../../utils/format';

export const CLOSE_REASON_LABELS: Readonly<Record<string, string>> = {
  UNPAID_TIMEOUT: '超时未支付，订单已关闭',
  CANCELLED: '订单已取消',
  OUT_OF_STOCK: '库存不足，订单已关闭',
  COUPON_INVALID: '优惠券已被使用，订单已关闭',
  FLASH_SOLD_OUT: '秒杀商品已抢光，订单已关闭',
  FLASH_LIMIT_REACHED: '已达到秒杀限购数量，订单已关闭',
  GROUP_FULL: '拼团已满员，订单已关闭',
  GROUP_FAILED: '拼团未成团，订单已关闭',
  POINTS_INSUFFICIENT: '积分不足，订单已关闭',
};

const DISCOUNT_LABELS: Readonly<Record<string, string>> = {
  activity: '限时折扣',
  distributorPrice: '分销专属价',
  fullReduction: '满减',
  coupon: '优惠券',
  points: '积分抵扣',
};

/** States after payment, in which a line may still be refunded (售后). */
const REFUNDABLE = ['paid', 'shipped', 'completed'];

export interface OrderPageView {
  id: string;
  /** The readable order number shown as 订单编号 (the id for orders placed before numbers existed). */
  orderNo: string;
  status: string;
  statusLabel: string;
  statusNote: string;
  addressWho: string;
  addressLine: string;
  lines: Array<{
    lineIndex: number;
    name: string;
    spec: string;
    image: string;
    price: string;
    /** The activity that priced the line (e.g. a 限时折扣) and its unit price, else ''. */
    activityName: string;
    activityPrice: string;
    quantity: number;
    refunded: string;
    canAfterSale: boolean;
  }>;
  goods: string;
  discount: string;
  hasDiscount: boolean;
  /** Each discount by name: 限时折扣, 满减, 优惠券 (none on orders placed before discounts were named). */
  discounts: Array<{ key: string; label: string; name: string; amount: string }>;
  shipping: string;
  payable: string;
  note: string;
  /** The express company and tracking number, or 无需物流 ('' before shipping). */
  shippingInfo: string;
  /** The tracking number alone, for 复制单号 ('' when there is none). */
  trackingNo: string;
  timeline: Array<{ label: string; time: string }>;
  /** 微信支付 or 余额支付. */
  payMethod: string;
  canCancel: boolean;
  canPay: boolean;
  /** An unpaid order placed for 余额支付 (the balance fell short then): pay it from the balance now. */
  canPayWithBalance: boolean;
  canConfirm: boolean;
}

function statusNote(order: OrderView): string {
  if (order.status === 'pending_payment')
    return order.payDeadline ? `请在 ${formatDateTime(order.payDeadline)} 前完成支付` : '';
  if (order.status === 'shipped')
    return order.autoConfirmAt ? `${formatDateTime(order.autoConfirmAt)} 将自动确认收货` : '';
  if (order.status === 'closed') {
    const refund = order.strayRefund ? `，已付款项${order.strayRefund.state === 'refunded' ? '已退回' : '退款中'}` : '';
    return (CLOSE_REASON_LABELS[order.closeReason ?? ''] ?? '订单已关闭') + refund;
  }
  return '';
}

function timeline(order: OrderView): OrderPageView['timeline'] {
  const steps: Array<[string, string | null | undefined]> = [
    ['下单', order.createdAt],
    ['付款', order.paidAt],
    ['发货', order.shipping?.shippedAt],
    [order.completedBy === 'auto' ? '自动确认收货' : '确认收货', order.completedAt],
    ['关闭', order.closedAt],
  ];
  return steps.filter(([, time]) => !!time).map(([label, time]) => ({ label, time: formatDateTime(time) }));
}

export function orderPageView(order: OrderView): OrderPageView {
  const refundable = REFUNDABLE.includes(order.status);
  return {
    id: order.id,
    orderNo: order.orderNo,
    status: order.status,
    statusLabel: order.statusLabel,
    statusNote: statusNote(order),
    addressWho: `${order.address.name} ${order.address.phone}`,
    addressLine: addressLine(order.address),
    lines: order.lines.map((line) => ({
      lineIndex: line.lineIndex,
      name: line.name,
      spec: line.spec,
      image: line.image,
      price: formatFen(line.unitPriceFen),
      activityName: line.activity?.name ?? '',
      activityPrice: line.activity ? formatFen(line.activity.priceFen) : '',
      quantity: line.quantity,
      refunded: line.refundedFen > 0 ? `已退款 ${formatFen(line.refundedFen)}` : '',
      canAfterSale: refundable && line.refundedFen < line.paidFen,
    })),
    goods: formatFen(order.goodsFen),
    discount: `-${formatFen(order.discountFen)}`,
    hasDiscount: order.discountFen > 0,
    discounts: order.discounts.map((discount) => ({
      key: `${discount.source}:${discount.id}`,
      label: DISCOUNT_LABELS[discount.source] ?? '优惠',
      // The distributor price is named by its label alone.
      name: discount.source === 'distributorPrice' ? '' : discount.name,
      amount: `-${formatFen(discount.amountFen)}`,
    })),
    shipping: order.shippingFen === 0 ? '免运费' : formatFen(order.shippingFen),
    payable: formatFen(order.payableFen),
    note: order.note,
    shippingInfo: order.shipping ? `${order.shipping.carrier} ${order.shipping.trackingNo}`.trim() : '',
    trackingNo: order.shipping?.trackingNo ?? '',
    timeline: timeline(order),
    canCancel: order.status === 'pending_payment',
    payMethod: order.payMethod === 'balance' ? '余额支付' : '微信支付',
    canPay: order.status === 'pending_payment' && order.payParams !== null,
    canPayWithBalance: order.status === 'pending_payment' && order.payMethod === 'balance',
    canConfirm: order.status === 'shipped',
  };
}

export interface AfterSaleRowView {
  id: string;
  title: string;
  statusLabel: string;
  amount: string;
  time: string;
}

export function afterSaleRows(items: ReadonlyArray<AfterSaleView>): AfterSaleRowView[] {
  return items.map((item) => ({
    id: item.id,
    title: `${item.kindLabel} · ${item.lines.map((line) => line.name).join('、')}`,
    statusLabel: item.statusLabel,
    amount: formatFen(item.amountFen),
    time: formatDateTime(item.createdAt),
  }));
}

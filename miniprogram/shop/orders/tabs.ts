/**
 * The tabs of 我的订单 and the rows they list. Order tabs are order states (`order.list`
 * `status`); 售后 lists the shopper's after-sale requests (`afterSale.list`).
 */
import type { AfterSaleView } from '@shared/contracts/afterSale';
import type { OrderView } from '@shared/contracts/order';
import { formatFen } from '@shared/money';
import { formatDateTime } from '../../utils/format';

export const AFTER_SALE_TAB = 'afterSale';

export const ORDER_TABS = [
  { value: 'all', label: '全部' },
  { value: 'pending_payment', label: '待付款' },
  { value: 'paid', label: '待发货' },
  { value: 'shipped', label: '待收货' },
  { value: 'completed', label: '已完成' },
  { value: AFTER_SALE_TAB, label: '售后' },
] as const;

export type OrderTab = (typeof ORDER_TABS)[number]['value'];

export interface RowView {
  key: string;
  orderId: string;
  /** The readable order number of an order row; empty on after-sale rows. */
  orderNo: string;
  title: string;
  statusLabel: string;
  summary: string;
  amount: string;
  time: string;
  image: string;
}

export function orderRow(order: OrderView): RowView {
  const first = order.lines[0];
  return {
    key: order.id,
    orderId: order.id,
    orderNo: order.orderNo,
    title: first ? (order.lines.length > 1 ? `${first.name} 等 ${order.lines.length} 种商品` : first.name) : '',
    statusLabel: order.statusLabel,
    summary: `共 ${order.itemCount} 件`,
    amount: `实付 ${formatFen(order.payableFen)}`,
    time: formatDateTime(order.createdAt),
    image: first?.image ?? '',
  };
}

export function afterSaleRow(item: AfterSaleView): RowView {
  return {
    key: item.id,
    orderId: item.orderId,
    orderNo: '',
    title: item.lines.map((line) => line.name).join('、'),
    statusLabel: item.statusLabel,
    summary: item.kindLabel,
    amount: `退款 ${formatFen(item.amountFen)}`,
    time: formatDateTime(item.createdAt),
    image: item.lines[0]?.image ?? '',
  };
}

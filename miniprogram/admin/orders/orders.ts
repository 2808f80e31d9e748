/**
 * 订单管理: the shop's orders by status (`admin.listOrders`, newest first, 20 a page, more on
 * reaching the bottom, pull down to reload) and shipping a paid order with carrier and tracking
 * number (`admin.shipOrder`; a retry or a second admin ships it once). Opened with `?status=`
 * from the dashboard's figures. 导出 writes a range of orders to a file (export.ts).
 */
import type { AdminOrderView } from '@shared/contracts/adminOrders';
import { formatFen } from '@shared/money';
import { listOrders, shipOrder } from '../../services/admin';
import { displayName, formatDateTime } from '../../utils/format';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminFailureMessage } from '../gate';
import { adminSource, replaceRow, statusPage } from '../list';
import type { ShipErrors, ShipForm } from './ship';
import { checkShipForm } from './ship';
import { exportData, exportHandlers } from './export';

type Filter = 'all' | AdminOrderView['status'];

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'pending_payment', label: '待付款' },
  { value: 'paid', label: '待发货' },
  { value: 'shipped', label: '待收货' },
  { value: 'completed', label: '已完成' },
  { value: 'closed', label: '已关闭' },
];

/** Carriers offered as one tap; any other name may be typed. */
const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '京东物流', 'EMS'];

interface Row {
  id: string;
  /** The readable order number (the id for orders placed before numbers existed). */
  orderNo: string;
  buyer: string;
  statusLabel: string;
  canShip: boolean;
  lines: Array<{ key: string; name: string; spec: string; quantity: number; refunded: string }>;
  itemCount: number;
  payable: string;
  createdAt: string;
  address: string;
  shipping: string;
}

function rowOf(order: AdminOrderView): Row {
  const { address } = order;
  return {
    id: order.id,
    orderNo: order.orderNo,
    buyer: order.buyerNickname === null ? order.buyerId : displayName(order.buyerNickname),
    statusLabel: order.statusLabel,
    canShip: order.status === 'paid',
    lines: order.lines.map((line) => ({
      key: String(line.lineIndex),
      name: line.name,
      spec: line.spec,
      quantity: line.quantity,
      refunded: line.refundedFen > 0 ? `已退 ${formatFen(line.refundedFen)}` : '',
    })),
    itemCount: order.itemCount,
    payable: formatFen(order.payableFen),
    createdAt: formatDateTime(order.createdAt),
    address: `${address.name} ${address.phone} ${address.province}${address.city}${address.district}${address.detail}`,
    shipping: order.shipping ? `${order.shipping.carrier} ${order.shipping.trackingNo}` : '',
  };
}

Page({
  ...filterBarListPage({
    data: {
      ...listData<Row>(),
      filter: 'all' as Filter,
      carriers: CARRIERS,
      /** The order whose ship form is open ('' when none), its fields and their problems. */
      shippingId: '',
      shipForm: { carrier: '', trackingNo: '' } as ShipForm,
      shipErrors: {} as ShipErrors,
      shipRefusal: '',
      submitting: false,
      // The 导出 panel (export.ts).
      ...exportData(),
    },
    filters: FILTERS,
    loadOn: 'load',
    onReload: 'clear',
    resetOnReload: { shippingId: '' },
    source: ({ filter }) => adminSource((offset) => listOrders(statusPage(filter, offset)), rowOf),
  }),

  onShipTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    this.setData({
      shippingId: event.currentTarget.dataset.id,
      shipForm: { carrier: '', trackingNo: '' },
      shipErrors: {},
      shipRefusal: '',
    });
  },

  onShipCancel() {
    this.setData({ shippingId: '' });
  },

  onCarrierPick(event: WechatMiniprogram.BaseEvent<Record<string, never>, { carrier: string }>) {
    this.setData({ 'shipForm.carrier': event.currentTarget.dataset.carrier, 'shipErrors.carrier': '' });
  },

  onShipField(
    event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof ShipForm }>,
  ) {
    const { field } = event.currentTarget.dataset;
    this.setData({ [`shipForm.${field}`]: event.detail.value, [`shipErrors.${field}`]: '' });
  },

  async onShipConfirm() {
    const orderId = this.data.shippingId;
    if (!orderId || this.data.submitting) return;
    const checked = checkShipForm(orderId, this.data.shipForm);
    if (!checked.ok) {
      this.setData({ shipErrors: checked.errors });
      return;
    }
    this.setData({ submitting: true, shipRefusal: '' });
    const result = await shipOrder(checked.input);
    this.setData({ submitting: false });
    if (!result.ok) {
      this.setData({ shipRefusal: adminFailureMessage(result.error) });
      return;
    }
    this.setData({ shippingId: '', rows: replaceRow(this.data.rows, rowOf(result.data.order)) });
    void wx.showToast({ title: '已发货', icon: 'success' });
  },

  ...exportHandlers,

  onCopyTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { text: string }>) {
    void wx.setClipboardData({ data: event.currentTarget.dataset.text });
  },
});

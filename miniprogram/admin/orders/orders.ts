/**
 * 订单管理: the shop's orders by status (`admin.listOrders`, newest first, 20 a page, more on
 * reaching the bottom, pull down to reload) and shipping a paid order with the express company
 * and tracking number, or without logistics (`admin.shipOrder`; a retry or a second admin ships
 * it once). Each shipped order shows whether WeChat has its shipping (发货信息); one it has not
 * accepted can be reported again (`admin.retryShippingUpload`). Opened with `?status=` from the
 * dashboard's figures. 导出 writes a range of orders to a file (export.ts).
 */
import type { AdminOrderView } from '@shared/contracts/adminOrders';
import { formatFen } from '@shared/money';
import { listOrders, retryShippingUpload, shipOrder } from '../../services/admin';
import { displayName, formatDateTime } from '../../utils/format';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminFailureMessage } from '../gate';
import { adminSource, replaceRow, statusPage } from '../list';
import type { ShipErrors, ShipForm } from './ship';
import { CARRIER_NAMES, carrierHint, checkShipForm, NO_LOGISTICS_CHOICES } from './ship';
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

interface Row {
  id: string;
  /** The readable order number (the id for orders placed before numbers existed). */
  orderNo: string;
  buyer: string;
  /** The buyer's OPENID: a tap on the buyer opens their balance (admin/userBalance). */
  buyerId: string;
  statusLabel: string;
  canShip: boolean;
  lines: Array<{ key: string; name: string; spec: string; quantity: number; refunded: string }>;
  itemCount: number;
  payable: string;
  createdAt: string;
  address: string;
  shipping: string;
  /** Whether WeChat has the shipping ('' before shipping), and whether it may be reported again. */
  upload: string;
  uploadFailed: boolean;
}

const UPLOAD_LABELS: Record<string, string> = {
  accepted: '已上报微信',
  pending: '上报微信中',
  failed: '未能上报微信',
};

function uploadText(upload: AdminOrderView['shippingUpload']): string {
  if (!upload) return '';
  const label = UPLOAD_LABELS[upload.state] ?? upload.state;
  return upload.state === 'failed' && upload.lastError ? `${label}（${upload.lastError}）` : label;
}

function rowOf(order: AdminOrderView): Row {
  const { address } = order;
  return {
    id: order.id,
    orderNo: order.orderNo,
    buyer: order.buyerNickname === null ? order.buyerId : displayName(order.buyerNickname),
    buyerId: order.buyerId,
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
    shipping: order.shipping ? `${order.shipping.carrier} ${order.shipping.trackingNo}`.trim() : '',
    upload: uploadText(order.shippingUpload ?? null),
    uploadFailed: order.shippingUpload?.state === 'failed',
  };
}

Page({
  ...filterBarListPage({
    data: {
      ...listData<Row>(),
      filter: 'all' as Filter,
      carriers: CARRIER_NAMES,
      noLogisticsChoices: NO_LOGISTICS_CHOICES,
      carrierHint: '',
      /** The order whose ship form is open ('' when none), its fields and their problems. */
      shippingId: '',
      shipForm: { carrier: '', trackingNo: '', noLogistics: '' } as ShipForm,
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
      shipForm: { carrier: '', trackingNo: '', noLogistics: '' },
      carrierHint: '',
      shipErrors: {},
      shipRefusal: '',
    });
  },

  onShipCancel() {
    this.setData({ shippingId: '' });
  },

  onCarrierPick(event: WechatMiniprogram.BaseEvent<Record<string, never>, { carrier: string }>) {
    this.setData({
      'shipForm.carrier': event.currentTarget.dataset.carrier,
      'shipForm.noLogistics': '',
      'shipErrors.carrier': '',
      carrierHint: '',
    });
  },

  /** 无需物流: a second tap on the same choice goes back to an express company. */
  onNoLogisticsPick(event: WechatMiniprogram.BaseEvent<Record<string, never>, { value: 'virtual' | 'pickup' }>) {
    const { value } = event.currentTarget.dataset;
    this.setData({
      'shipForm.noLogistics': this.data.shipForm.noLogistics === value ? '' : value,
      shipErrors: {},
    });
  },

  onShipField(
    event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'carrier' | 'trackingNo' }>,
  ) {
    const { field } = event.currentTarget.dataset;
    this.setData({
      [`shipForm.${field}`]: event.detail.value,
      [`shipErrors.${field}`]: '',
      ...(field === 'carrier' ? { carrierHint: carrierHint(event.detail.value) } : {}),
    });
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

  async onReuploadTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const result = await retryShippingUpload({ orderId: event.currentTarget.dataset.id });
    if (!result.ok) {
      void wx.showToast({ title: adminFailureMessage(result.error), icon: 'none' });
      return;
    }
    this.setData({ rows: replaceRow(this.data.rows, rowOf(result.data.order)) });
    const accepted = result.data.status === 'accepted';
    void wx.showToast({ title: accepted ? '已上报微信' : '仍未能上报', icon: accepted ? 'success' : 'none' });
  },
  ...exportHandlers,

  onBuyerTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { user: string }>) {
    void wx.navigateTo({ url: `/admin/userBalance/userBalance?userId=${event.currentTarget.dataset.user}` });
  },

  onCopyTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { text: string }>) {
    void wx.setClipboardData({ data: event.currentTarget.dataset.text });
  },
});

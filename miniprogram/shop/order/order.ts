/**
 * 订单详情: status, address, lines, amounts and timeline of one order (`order.detail`), its
 * after-sales (`afterSale.list`), and what its state allows: 取消订单 and 继续支付 while unpaid
 * (余额支付 for an order placed to be paid from the balance: `order.payWithBalance`), 确认收货
 * while shipped, 申请售后 per line once paid.
 *
 * Opened with `paid=1` right after a payment: the payment notification may not have reached
 * the server yet, so while the order still says unpaid the page says 支付结果确认中 and asks again
 * a few times.
 */
import type { OrderView } from '@shared/contracts/order';
import { afterSale } from '../../services/afterSale';
import { order } from '../../services/order';
import { pay } from '../../services/placeOrder';
import type { PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { afterSaleRows, orderPageView, type AfterSaleRowView, type OrderPageView } from './view';

const CONFIRM_ATTEMPTS = 5;
const CONFIRM_INTERVAL_MS = 1500;

let confirmTimer: number | undefined;

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    orderId: '',
    order: null as OrderPageView | null,
    afterSales: [] as AfterSaleRowView[],
    /** Paid on this device, the server not yet told: how many more times to ask. */
    confirmLeft: 0,
    confirming: false,
    acting: false,
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ orderId: query.id ?? '', confirmLeft: query.paid === '1' ? CONFIRM_ATTEMPTS : 0 });
    void this.load();
  },

  /** Back from 申请售后 (or anywhere else): show the order as it is now. */
  onShow() {
    if (this.data.order) void this.load();
  },

  onUnload() {
    if (confirmTimer !== undefined) clearTimeout(confirmTimer);
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  async load() {
    if (!this.data.order) this.setData({ status: 'loading' });
    const [detail, requests] = await Promise.all([
      order.detail({ orderId: this.data.orderId }),
      afterSale.list({ orderId: this.data.orderId }),
    ]);
    if (!detail.ok) {
      this.setData({ status: 'error', message: detail.error.message });
      return;
    }
    this.show(detail.data);
    if (requests.ok) this.setData({ afterSales: afterSaleRows(requests.data.items) });
  },

  show(view: OrderView) {
    const confirming = view.status === 'pending_payment' && this.data.confirmLeft > 0;
    this.setData({ status: 'ready', order: orderPageView(view), confirming });
    if (!confirming) return;
    this.setData({ confirmLeft: this.data.confirmLeft - 1 });
    confirmTimer = setTimeout(() => void this.load(), CONFIRM_INTERVAL_MS) as unknown as number;
  },

  async confirmFirst(content: string): Promise<boolean> {
    const answer = await wx.showModal({ title: '提示', content });
    return answer.confirm;
  },

  async onCancelTap() {
    if (this.data.acting || !(await this.confirmFirst('确定取消该订单吗？'))) return;
    this.setData({ acting: true });
    const result = await order.cancel({ orderId: this.data.orderId });
    this.setData({ acting: false });
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    this.show(result.data.order);
    void wx.showToast({ title: '订单已取消', icon: 'none' });
  },

  async onPayTap() {
    if (this.data.acting) return;
    const detail = await order.detail({ orderId: this.data.orderId });
    const params = detail.ok ? detail.data.payParams : null;
    if (!detail.ok || !params) {
      void wx.showToast({ title: detail.ok ? '订单当前无法支付' : detail.error.message, icon: 'none' });
      if (detail.ok) this.show(detail.data);
      return;
    }
    this.setData({ acting: true });
    const paid = await pay(this.data.orderId, params);
    this.setData({ acting: false });
    if (paid.status === 'paid') {
      this.setData({ confirmLeft: CONFIRM_ATTEMPTS });
      await this.load();
      return;
    }
    void wx.showToast({ title: paid.status === 'cancelled' ? '已取消支付' : paid.message, icon: 'none' });
  },

  /** Pays the unpaid balance order from the balance; the answer is the order, paid at once. */
  async onBalancePayTap() {
    if (this.data.acting || !(await this.confirmFirst(`使用余额支付 ${this.data.order?.payable ?? ''}？`))) return;
    this.setData({ acting: true });
    const result = await order.payWithBalance({ orderId: this.data.orderId });
    this.setData({ acting: false });
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    this.show(result.data.order);
    void wx.showToast({ title: '支付成功', icon: 'success' });
  },

  async onConfirmTap() {
    if (this.data.acting || !(await this.confirmFirst('确认已收到商品？'))) return;
    this.setData({ acting: true });
    const result = await order.confirmReceipt({ orderId: this.data.orderId });
    this.setData({ acting: false });
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    this.show(result.data.order);
    void wx.showToast({ title: '已确认收货', icon: 'success' });
  },

  onAfterSaleTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { line: number }>) {
    void wx.navigateTo({
      url: `/shop/afterSale/afterSale?orderId=${this.data.orderId}&lineIndex=${event.currentTarget.dataset.line}`,
    });
  },

  onCopyTrackingTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { text: string }>) {
    void wx.setClipboardData({ data: event.currentTarget.dataset.text });
  },

  onRetry() {
    void this.load();
  },
});

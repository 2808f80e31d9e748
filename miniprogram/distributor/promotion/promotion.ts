/**
 * 推广订单: the orders that earned the caller commission, newest commission first, 20 a page
 * as the list scrolls; each shows the masked buyer, the order's status, the products and the
 * commission with its standing. Tapping one of its commissions opens 佣金详情.
 */
import { distributor } from '../../services/distributor';
import type { PageStatus } from '../../utils/page-state';
import { commissionUrl } from '../commissions/rows';
import { promotionRow, type PromotionRow } from './rows';

const PAGE_SIZE = 20;

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    rows: [] as PromotionRow[],
    page: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
  },

  onLoad() {
    void this.reload();
  },

  async onPullDownRefresh() {
    await this.reload();
    void wx.stopPullDownRefresh();
  },

  onReachBottom() {
    void this.loadMore();
  },

  async reload() {
    if (this.data.page === 0) this.setData({ status: 'loading' });
    const result = await distributor.promotionOrders({ page: 1, pageSize: PAGE_SIZE });
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    const rows = result.data.orders.map(promotionRow);
    this.setData({ status: rows.length === 0 ? 'empty' : 'ready', rows, page: 1, hasMore: result.data.hasMore, moreError: '' });
  },

  async loadMore() {
    if (!this.data.hasMore || this.data.loadingMore) return;
    this.setData({ loadingMore: true, moreError: '' });
    const result = await distributor.promotionOrders({ page: this.data.page + 1, pageSize: PAGE_SIZE });
    if (!result.ok) {
      this.setData({ loadingMore: false, moreError: result.error.message });
      return;
    }
    const known = new Set(this.data.rows.map((row) => row.orderId));
    const rows = result.data.orders.map(promotionRow).filter((row) => !known.has(row.orderId));
    this.setData({ loadingMore: false, rows: [...this.data.rows, ...rows], page: result.data.page, hasMore: result.data.hasMore });
  },

  onCommissionTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    void wx.navigateTo({ url: commissionUrl(event.currentTarget.dataset.id) });
  },

  onRetry() {
    void this.reload();
  },
});

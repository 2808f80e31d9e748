/**
 * 我的订单: the shopper's orders by state (全部 / 待付款 / 待发货 / 待收货 / 已完成) and their
 * after-sale requests (售后), newest first, 10 a page as the list scrolls; pulling down or
 * coming back from an order reloads the tab from its first page. Opened with `?status=<tab>`
 * from the user center's shortcuts.
 */
import type { Result } from '@shared/result';
import { afterSale } from '../../services/afterSale';
import { order } from '../../services/order';
import type { PageStatus } from '../../utils/page-state';
import { AFTER_SALE_TAB, afterSaleRow, isOrderTab, ORDER_TABS, orderRow, type OrderTab, type RowView } from './tabs';

const PAGE_SIZE = 10;

interface PageOfRows {
  rows: RowView[];
  nextOffset: number | null;
}

async function fetchRows(tab: OrderTab, offset: number): Promise<Result<PageOfRows>> {
  if (tab === AFTER_SALE_TAB) {
    const result = await afterSale.list({ limit: PAGE_SIZE, offset });
    return result.ok ? { ok: true, data: { rows: result.data.items.map(afterSaleRow), nextOffset: result.data.nextOffset } } : result;
  }
  const result = await order.list({ ...(tab === 'all' ? {} : { status: tab }), limit: PAGE_SIZE, offset });
  return result.ok ? { ok: true, data: { rows: result.data.items.map(orderRow), nextOffset: result.data.nextOffset } } : result;
}

Page({
  data: {
    tabs: ORDER_TABS.map((tab) => ({ ...tab })),
    tab: 'all' as OrderTab,
    status: 'loading' as PageStatus,
    message: '',
    rows: [] as RowView[],
    nextOffset: null as number | null,
    loadingMore: false,
    moreError: '',
    loaded: false,
    /** Increases with every reload; an answer for an older tab is not shown. */
    loadSeq: 0,
  },

  onLoad(query: Record<string, string | undefined>) {
    if (isOrderTab(query.status)) this.setData({ tab: query.status });
  },

  onShow() {
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
    const seq = this.data.loadSeq + 1;
    this.setData({ loadSeq: seq });
    if (!this.data.loaded) this.setData({ status: 'loading' });
    const tab = this.data.tab;
    const result = await fetchRows(tab, 0);
    if (seq !== this.data.loadSeq) return;
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    this.setData({ loaded: true, status: result.data.rows.length === 0 ? 'empty' : 'ready', rows: result.data.rows, nextOffset: result.data.nextOffset, moreError: '' });
  },

  async loadMore() {
    const { nextOffset, loadingMore, loadSeq, tab } = this.data;
    if (nextOffset === null || loadingMore) return;
    this.setData({ loadingMore: true, moreError: '' });
    const result = await fetchRows(tab, nextOffset);
    if (loadSeq !== this.data.loadSeq) return;
    if (!result.ok) {
      this.setData({ loadingMore: false, moreError: result.error.message });
      return;
    }
    this.setData({ loadingMore: false, rows: [...this.data.rows, ...result.data.rows], nextOffset: result.data.nextOffset });
  },

  onTabChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const tab = event.detail.value;
    if (!isOrderTab(tab) || tab === this.data.tab) return;
    this.setData({ tab, loaded: false, rows: [], nextOffset: null });
    void this.reload();
  },

  onRowTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { order: string }>) {
    void wx.navigateTo({ url: `/shop/order/order?id=${event.currentTarget.dataset.order}` });
  },

  onRetry() {
    void this.reload();
  },
});

/**
 * 佣金明细: the caller's commissions by status (全部 / 冻结中 / 售后冻结 / 已结算 / 已失效),
 * newest first, 20 a page as the list scrolls; pulling down reloads the tab. Each row shows the
 * amount, level, product, status and the one-line reason; a tap opens 佣金详情 with the whole
 * explanation. Opened with `?status=<tab>` from the center's counts.
 */
import { distributor } from '../../services/distributor';
import type { PageStatus } from '../../utils/page-state';
import { COMMISSION_TABS, commissionRow, commissionUrl, isCommissionTab, type CommissionRow, type CommissionTab } from './rows';

const PAGE_SIZE = 20;

Page({
  data: {
    tabs: COMMISSION_TABS.map((tab) => ({ ...tab })),
    tab: 'all' as CommissionTab,
    status: 'loading' as PageStatus,
    message: '',
    rows: [] as CommissionRow[],
    page: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
    /** Increases with every reload; an answer for an older tab is dropped. */
    loadSeq: 0,
  },

  onLoad(query: Record<string, string | undefined>) {
    if (isCommissionTab(query.status)) this.setData({ tab: query.status });
    void this.reload();
  },

  async onPullDownRefresh() {
    await this.reload();
    void wx.stopPullDownRefresh();
  },

  onReachBottom() {
    void this.loadMore();
  },

  fetch(page: number) {
    const tab = this.data.tab;
    return distributor.commissions({ page, pageSize: PAGE_SIZE, ...(tab === 'all' ? {} : { status: tab }) });
  },

  async reload() {
    const seq = this.data.loadSeq + 1;
    this.setData({ loadSeq: seq });
    if (this.data.page === 0) this.setData({ status: 'loading' });
    const result = await this.fetch(1);
    if (seq !== this.data.loadSeq) return;
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    const rows = result.data.commissions.map(commissionRow);
    this.setData({ status: rows.length === 0 ? 'empty' : 'ready', rows, page: 1, hasMore: result.data.hasMore, moreError: '' });
  },

  async loadMore() {
    const { hasMore, loadingMore, loadSeq, page } = this.data;
    if (!hasMore || loadingMore) return;
    this.setData({ loadingMore: true, moreError: '' });
    const result = await this.fetch(page + 1);
    if (loadSeq !== this.data.loadSeq) return;
    if (!result.ok) {
      this.setData({ loadingMore: false, moreError: result.error.message });
      return;
    }
    const known = new Set(this.data.rows.map((row) => row.id));
    const rows = result.data.commissions.map(commissionRow).filter((row) => !known.has(row.id));
    this.setData({ loadingMore: false, rows: [...this.data.rows, ...rows], page: result.data.page, hasMore: result.data.hasMore });
  },

  onTabChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const tab = event.detail.value;
    if (!isCommissionTab(tab) || tab === this.data.tab) return;
    this.setData({ tab, page: 0, rows: [], hasMore: false });
    void this.reload();
  },

  onRowTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    void wx.navigateTo({ url: commissionUrl(event.currentTarget.dataset.id) });
  },

  onRetry() {
    void this.reload();
  },
});

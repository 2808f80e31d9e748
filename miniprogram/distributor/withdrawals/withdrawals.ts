/**
 * 提现记录: the caller's withdrawals, newest first, 20 a page as the list scrolls, each with its
 * amounts, status history, the rejection or failure reason, and 确认收款 while a WeChat transfer
 * waits for the distributor. The withdrawal subscribe messages open this page
 * (shared/withdrawals.ts WITHDRAWALS_PAGE), so it reloads on every show.
 */
import { distributor } from '../../services/distributor';
import { confirmReceipt } from '../../services/withdraw';
import type { PageStatus } from '../../utils/page-state';
import { confirmOutcomeMessage } from '../withdraw/confirm';
import { historyRow, moveRow, type WithdrawalRow } from './rows';

const PAGE_SIZE = 20;

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    rows: [] as WithdrawalRow[],
    page: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
    /** The id of the withdrawal being confirmed, '' when none. */
    confirming: '',
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
    if (this.data.page === 0) this.setData({ status: 'loading' });
    const result = await distributor.withdrawals({ page: 1, pageSize: PAGE_SIZE });
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    const rows = result.data.withdrawals.map(historyRow);
    this.setData({ status: rows.length === 0 ? 'empty' : 'ready', rows, page: 1, hasMore: result.data.hasMore, moreError: '' });
  },

  async loadMore() {
    if (!this.data.hasMore || this.data.loadingMore) return;
    this.setData({ loadingMore: true, moreError: '' });
    const result = await distributor.withdrawals({ page: this.data.page + 1, pageSize: PAGE_SIZE });
    if (!result.ok) {
      this.setData({ loadingMore: false, moreError: result.error.message });
      return;
    }
    const known = new Set(this.data.rows.map((row) => row.id));
    // A withdrawal made meanwhile shifts the pages by one: skip what is already listed.
    const rows = result.data.withdrawals.map(historyRow).filter((row) => !known.has(row.id));
    this.setData({ loadingMore: false, rows: [...this.data.rows, ...rows], page: result.data.page, hasMore: result.data.hasMore });
  },

  async onConfirmTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const id = event.currentTarget.dataset.id;
    if (this.data.confirming) return;
    this.setData({ confirming: id });
    const outcome = await confirmReceipt(id);
    this.setData({ confirming: '' });
    if (outcome.status === 'synced') {
      const updated = moveRow(outcome.withdrawal);
      this.setData({ rows: this.data.rows.map((row) => (row.id === id ? updated : row)) });
    }
    const text = confirmOutcomeMessage(outcome, null);
    if (text) void wx.showToast({ title: text, icon: outcome.status === 'synced' ? 'success' : 'none' });
  },

  onWithdrawTap() {
    void wx.navigateTo({ url: '/distributor/withdraw/withdraw' });
  },

  onRetry() {
    void this.reload();
  },
});

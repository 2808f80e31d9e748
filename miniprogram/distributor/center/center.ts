/**
 * 分销中心 (distributor center), all from one `distributor.center` call: status, grade and rates,
 * the balances (冻结中 / 可提现 / 提现中 / 已提现) with a negative available balance explained,
 * earnings today / this month / in total, the 30-day chart (chart.ts), share code, team sizes,
 * the way to the next grade, and the entries to the ledger pages and the team pages.
 */
import { distributor } from '../../services/distributor';
import { loadPageData, type PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import type { CenterView } from './view';
import { centerView } from './view';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    center: null as CenterView | null,
    /** The tapped chart day and its earnings, e.g. "03-14 ¥12.00". */
    selectedBar: '',
  },

  onShow() {
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  async load() {
    const center = await loadPageData(this, this.data.center !== null, () => distributor.center());
    if (!center) return;
    this.setData({ status: 'ready', center: centerView(center) });
    if (center.upgraded) void wx.showToast({ title: `已升级为${center.grade.name}`, icon: 'success' });
  },

  onBarTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
    const bar = this.data.center?.ledger.chart.bars[Number(event.currentTarget.dataset.index)];
    if (bar) this.setData({ selectedBar: `${bar.day.slice(5)} ${bar.amount}` });
  },

  onCopyShareCode() {
    if (this.data.center) void wx.setClipboardData({ data: this.data.center.shareCode });
  },

  onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { page: string }>) {
    void wx.navigateTo({ url: `/distributor/${event.currentTarget.dataset.page}` });
  },

  onApplyTap() {
    void wx.navigateTo({ url: '/distributor/apply/apply' });
  },

  async onExitTap() {
    const answer = await wx.showModal({
      title: '退出推广',
      content: this.data.center?.exitConfirm ?? '',
      confirmText: '退出',
    });
    if (!answer.confirm) return;
    const result = await distributor.exit();
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    void wx.showToast({ title: '已退出推广', icon: 'success' });
    await this.load();
  },

  onRetry() {
    void this.load();
  },
});

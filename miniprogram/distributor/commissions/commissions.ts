/**
 * 佣金明细: the caller's commissions by status (全部 / 冻结中 / 售后冻结 / 已结算 / 已失效),
 * newest first, 20 a page as the list scrolls; pulling down reloads the tab. Each row shows the
 * amount, level, product, status and the one-line reason; a tap opens 佣金详情 with the whole
 * explanation. Opened with `?status=<tab>` from the center's counts.
 */
import { distributor } from '../../services/distributor';
import { listData, loadNextPage, pageSource, refreshList, reloadList } from '../../utils/paged-list';
import { COMMISSION_TABS, commissionRow, commissionUrl, isCommissionTab, type CommissionRow, type CommissionTab } from './rows';

const PAGE_SIZE = 20;

Page({
  data: {
    tabs: COMMISSION_TABS.map((tab) => ({ ...tab })),
    tab: 'all' as CommissionTab,
    ...listData<CommissionRow>(),
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
    void loadNextPage(this, this.source());
  },

  /** The chosen tab's commissions; a later page repeating a listed one skips it. */
  source() {
    const tab = this.data.tab;
    return pageSource(
      (page) => distributor.commissions({ page, pageSize: PAGE_SIZE, ...(tab === 'all' ? {} : { status: tab }) }),
      (answer) => answer.commissions.map(commissionRow),
      { keyOf: (row) => row.id },
    );
  },

  reload() {
    return refreshList(this, this.source());
  },

  onTabChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const tab = event.detail.value;
    if (!isCommissionTab(tab) || tab === this.data.tab) return;
    this.setData({ tab });
    void reloadList(this, this.source());
  },

  onRowTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    void wx.navigateTo({ url: commissionUrl(event.currentTarget.dataset.id) });
  },

  onRetry() {
    void this.reload();
  },
});

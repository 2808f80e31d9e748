/**
 * 佣金明细: the caller's commissions by status (全部 / 冻结中 / 售后冻结 / 已结算 / 已失效),
 * newest first, 20 a page as the list scrolls; pulling down reloads the tab. Each row shows the
 * amount, level, product, status and the one-line reason; a tap opens 佣金详情 with the whole
 * explanation. Opened with `?status=<tab>` from the center's counts.
 */
import { distributor } from '../../services/distributor';
import { tabbedListPage } from '../../utils/list-page';
import { listData, pageSource } from '../../utils/paged-list';
import { COMMISSION_TABS, commissionRow, commissionUrl, type CommissionRow, type CommissionTab } from './rows';

const PAGE_SIZE = 20;

Page({
  ...tabbedListPage({
    data: {
      tab: 'all' as CommissionTab,
      ...listData<CommissionRow>(),
    },
    tabs: COMMISSION_TABS,
    loadOn: 'load',
    onReload: 'keep',
    /** The chosen tab's commissions; a later page repeating a listed one skips it. */
    source: ({ tab }) =>
      pageSource(
        (page) => distributor.commissions({ page, pageSize: PAGE_SIZE, ...(tab === 'all' ? {} : { status: tab }) }),
        (answer) => answer.commissions.map(commissionRow),
        { keyOf: (row) => row.id },
      ),
  }),

  onRowTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    void wx.navigateTo({ url: commissionUrl(event.currentTarget.dataset.id) });
  },
});

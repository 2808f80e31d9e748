/**
 * 我的优惠券: the coupons the shopper holds by tab (可用 / 已使用 / 已过期), 20 a page as the
 * list scrolls; 去使用 opens the shop (the coupon is chosen at checkout), 领券中心 is one tap
 * away. Opened with `?status=<tab>` to start on a tab.
 */
import { coupon } from '../../services/coupon';
import { heldCard, type CouponCard } from '../../components/coupon-card/card-view';
import { tabbedListPage } from '../../utils/list-page';
import { listData, pageSource } from '../../utils/paged-list';

const TABS = [
  { value: 'available', label: '可用' },
  { value: 'used', label: '已使用' },
  { value: 'expired', label: '已过期' },
] as const;
type Tab = (typeof TABS)[number]['value'];

const EMPTY: Record<Tab, string> = {
  available: '暂无可用的优惠券',
  used: '暂无已使用的优惠券',
  expired: '暂无已过期的优惠券',
};

Page({
  ...tabbedListPage({
    data: {
      tab: 'available' as Tab,
      emptyText: EMPTY.available,
      ...listData<CouponCard>(),
    },
    tabs: TABS,
    loadOn: 'show',
    onReload: 'keep',
    source: ({ tab }) =>
      pageSource(
        (page) => coupon.mine({ tab, page }),
        (answer) => answer.items.map(heldCard),
        { keyOf: (card) => card.key, summaryOf: () => ({ emptyText: EMPTY[tab] }) },
      ),
  }),

  onCouponAction() {
    void wx.switchTab({ url: '/pages/index/index' });
  },

  onCenterTap() {
    void wx.navigateTo({ url: '/shop/coupons/coupons' });
  },
});

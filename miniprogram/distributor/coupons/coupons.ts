/**
 * 专属优惠券: the exclusive coupons the merchant gave this distributor to hand out, with how many
 * are left, and the share card: 分享给好友 sends the coupon center's path carrying the
 * distributor's share code (`r`), so the friend who opens it sees these coupons, claims them
 * through the share and is bound as by any share; 复制推广码 copies the code for telling it.
 */
import { coupon } from '../../services/coupon';
import { claimCard, type CouponCard } from '../../components/coupon-card/card-view';
import { loadPageData, type PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';

const SHARE_TITLE = '送你一张专属优惠券，领取后下单立减';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    cards: [] as CouponCard[],
    shareCode: '',
    sharePath: '',
  },

  onShow() {
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  onRetry() {
    void this.load();
  },

  async load() {
    const data = await loadPageData(this, this.data.status === 'ready', () => coupon.distributorCoupons());
    if (!data) return;
    // The distributor hands these out rather than claiming them: the cards carry no button.
    const cards = data.items.map((item) => ({ ...claimCard(item), action: '', disabled: true }));
    this.setData({
      status: cards.length === 0 ? 'empty' : 'ready',
      cards,
      shareCode: data.shareCode,
      sharePath: data.sharePath,
    });
  },

  onCopyTap() {
    void wx.setClipboardData({ data: this.data.shareCode });
  },

  onShareAppMessage() {
    return { title: SHARE_TITLE, path: this.data.sharePath };
  },
});

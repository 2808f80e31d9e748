/**
 * 领券中心: every coupon the shopper may claim now, with 领取 on each. Opened from 我的, or
 * through a distributor's coupon share (`?r=<share code>`, which app.ts also captures for the
 * binding): that distributor's exclusive coupons are then listed first, and a claim goes through
 * the share (source `share`), which binds the shopper as the share link does.
 */
import { coupon } from '../../services/coupon';
import { claimCard, type CouponCard } from '../../components/coupon-card/card-view';
import { claimWithToast } from '../../components/coupon-card/claim';
import { loadPageData, type PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { shareCodeFromQuery } from '../../utils/share-entry';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    cards: [] as CouponCard[],
    /** The share code the page was opened with; '' when opened from the shop. */
    shareCode: '',
    /** The coupon being claimed. */
    claiming: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ shareCode: shareCodeFromQuery(query) ?? '' });
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  onRetry() {
    void this.load();
  },

  async load() {
    const shareCode = this.data.shareCode;
    const data = await loadPageData(this, this.data.status === 'ready', () =>
      coupon.center(shareCode ? { shareCode } : {}),
    );
    if (!data) return;
    this.setData({ status: data.items.length === 0 ? 'empty' : 'ready', cards: data.items.map(claimCard) });
  },

  async onCouponAction(event: WechatMiniprogram.CustomEvent<{ couponId: string }>) {
    if (this.data.claiming) return;
    const couponId = event.detail.couponId;
    const shareCode = this.data.shareCode;
    this.setData({ claiming: couponId });
    const input = shareCode
      ? { couponId, source: 'share' as const, shareCode }
      : { couponId, source: 'center' as const };
    const answered = await claimWithToast(input);
    this.setData({ claiming: '' });
    if (answered) await this.load();
  },

  onMineTap() {
    void wx.navigateTo({ url: '/shop/myCoupons/myCoupons' });
  },
});

/**
 * The product page's 领券 row: when coupons that cover the product can be claimed, a row naming
 * the first ones; a tap opens a popup listing them with 领取 (source `product`). The row stays
 * hidden when there is nothing to claim, and a failed load hides it too: the product page must
 * not fail for its coupons.
 */
import { coupon } from '../../services/coupon';
import { claimCard, type CouponCard } from '../coupon-card/card-view';
import { claimWithToast } from '../coupon-card/claim';

Component({
  properties: {
    productId: { type: String, value: '' },
  },
  data: {
    cards: [] as CouponCard[],
    /** The first coupons' names, shown on the row. */
    summary: [] as string[],
    visible: false,
    claiming: '',
  },
  observers: {
    productId(productId: string) {
      if (productId) void this.load();
    },
  },
  methods: {
    async load() {
      const result = await coupon.forProduct({ productId: this.data.productId });
      const cards = result.ok ? result.data.items.map(claimCard) : [];
      this.setData({
        cards,
        summary: cards.slice(0, 2).map((card) => card.name),
      });
    },
    onRowTap() {
      this.setData({ visible: true });
    },
    onVisibleChange(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      this.setData({ visible: event.detail.visible });
    },
    onCloseTap() {
      this.setData({ visible: false });
    },
    async onCouponAction(event: WechatMiniprogram.CustomEvent<{ couponId: string }>) {
      if (this.data.claiming) return;
      const couponId = event.detail.couponId;
      this.setData({ claiming: couponId });
      const answered = await claimWithToast({ couponId, source: 'product' });
      this.setData({ claiming: '' });
      if (answered) await this.load();
    },
  },
});

/**
 * One coupon card (领券中心, 我的优惠券, a product's 领券 popup, 专属优惠券). Its button raises
 * `action` with the coupon's id; the page decides what the action does (claim, or go shopping).
 */
import type { CouponCard } from './card-view';

Component({
  options: { addGlobalClass: true },
  properties: {
    /** The card, from card-view.ts claimCard or heldCard. */
    coupon: { type: Object, value: {} as CouponCard },
    /** The action in flight: the button shows its spinner. */
    busy: { type: Boolean, value: false },
  },
  methods: {
    onActionTap() {
      const coupon = this.data.coupon as CouponCard;
      if (coupon.disabled || this.data.busy) return;
      this.triggerEvent('action', { couponId: coupon.couponId, key: coupon.key });
    },
  },
});

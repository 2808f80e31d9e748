/**
 * A coupon as its card shows it, from the coupon function's views: the figure and its
 * condition on the left, the name, scope and validity in the middle, and one action (领取,
 * 已领取, 已抢光, 去使用) or a state stamp (已使用, 已过期) on the right.
 */
import type { CouponCardView, HeldCouponView } from '@shared/contracts/coupon';
import { chinaDayStart } from '@shared/chinaTime';
import { formatDate, formatDateTime } from '../../utils/format';

export interface CouponCard {
  key: string;
  couponId: string;
  headline: string;
  condition: string;
  name: string;
  scope: string;
  validity: string;
  /** A short note under the validity: 剩余 60 张, 专属优惠券, the order holding it. */
  note: string;
  /** The button's text; '' for none (then `stamp` may say why). */
  action: string;
  /** The button shows but cannot be tapped (已领取, 已抢光). */
  disabled: boolean;
  /** 已使用 / 已过期 on a held coupon. */
  stamp: string;
  /** Greyed out: used or expired. */
  faded: boolean;
}

/**
 * The end of validity as a person reads it: validity ends before `validTo`, so an end at a China
 * midnight reads as the day before (the last day it can be used); any other end shows its time.
 */
function endText(validTo: string | null): string {
  const at = validTo ? Date.parse(validTo) : NaN;
  if (Number.isNaN(at)) return '';
  if (chinaDayStart(at).getTime() === at) return formatDate(new Date(at - 1).toISOString());
  return formatDateTime(validTo);
}

function rangeText(validFrom: string | null, validTo: string | null): string {
  return `${formatDate(validFrom)} 至 ${endText(validTo)}`;
}

function validityText(card: Pick<CouponCardView, 'validFrom' | 'validTo' | 'validDays'>): string {
  if (card.validDays !== null) return `领取后 ${card.validDays} 天内有效`;
  return rangeText(card.validFrom, card.validTo);
}

/** A claimable coupon (领券中心, a product's coupons, a distributor's exclusive ones). */
export function claimCard(view: CouponCardView): CouponCard {
  const soldOut = view.remaining === 0;
  const full = view.held >= view.perUserLimit;
  return {
    key: view.couponId,
    couponId: view.couponId,
    headline: view.headline,
    condition: view.condition,
    name: view.name,
    scope: view.scope,
    validity: validityText(view),
    note: view.exclusive ? `专属优惠券 · 剩余 ${view.remaining} 张` : `剩余 ${view.remaining} 张`,
    action: view.canClaim ? '领取' : full ? '已领取' : soldOut ? '已抢光' : '不可领',
    disabled: !view.canClaim,
    stamp: '',
    faded: false,
  };
}

const STAMPS: Record<HeldCouponView['state'], string> = { available: '', used: '已使用', expired: '已过期' };

/** A coupon the shopper holds (我的优惠券). */
export function heldCard(view: HeldCouponView): CouponCard {
  return {
    key: view.id,
    couponId: view.couponId,
    headline: view.headline,
    condition: view.condition,
    name: view.name,
    scope: view.scope,
    validity: `有效期至 ${endText(view.validTo)}`,
    note: view.state === 'used' && view.orderId ? '已用于订单' : '',
    action: view.state === 'available' ? '去使用' : '',
    disabled: false,
    stamp: STAMPS[view.state],
    faded: view.state !== 'available',
  };
}

/** The coupon function's views: a coupon as a card for the caller, a held coupon as 我的优惠券 shows it. */
import { claimState, couponLabels, scopeLabel, type CouponDocument, type UserCouponDocument } from '@shared/coupons';
import type { CouponCardView, HeldCouponView } from '@shared/contracts/coupon';
import { _, findWhere } from '../_lib/db';

/** How many of each coupon the caller claimed so far (one read). */
export async function heldCounts(userId: string, couponIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (couponIds.length === 0) return counts;
  const rows = await findWhere('userCoupons', { userId, couponId: _.in(couponIds) }, { limit: 1000 });
  for (const row of rows) counts.set(row.couponId, (counts.get(row.couponId) ?? 0) + 1);
  return counts;
}

export function cardView(coupon: CouponDocument, held: number, now: Date): CouponCardView {
  const fixed = coupon.validity.kind === 'fixed' ? coupon.validity : null;
  return {
    couponId: coupon._id,
    name: coupon.name,
    kind: coupon.kind,
    ...couponLabels(coupon),
    scope: scopeLabel(coupon.scope),
    validFrom: fixed ? fixed.from.toISOString() : null,
    validTo: fixed ? fixed.to.toISOString() : null,
    validDays: coupon.validity.kind === 'afterClaim' ? coupon.validity.days : null,
    remaining: Math.max(0, coupon.totalQuantity - coupon.claimedCount),
    perUserLimit: coupon.perUserLimit,
    held,
    canClaim: claimState(coupon, now) === 'claimable' && held < coupon.perUserLimit,
    exclusive: coupon.exclusiveDistributorId !== null,
  };
}

/** Cards of several coupons for one caller. */
export async function cardsFor(userId: string, coupons: CouponDocument[], now: Date): Promise<CouponCardView[]> {
  const held = await heldCounts(
    userId,
    coupons.map((coupon) => coupon._id),
  );
  return coupons.map((coupon) => cardView(coupon, held.get(coupon._id) ?? 0, now));
}

export function heldView(claim: UserCouponDocument, now: Date): HeldCouponView {
  const expired = claim.status === 'available' && claim.validTo.getTime() <= now.getTime();
  return {
    id: claim._id,
    couponId: claim.couponId,
    name: claim.terms.name,
    ...couponLabels(claim.terms),
    scope: scopeLabel(claim.terms.scope),
    validFrom: claim.validFrom.toISOString(),
    validTo: claim.validTo.toISOString(),
    state: expired ? 'expired' : claim.status,
    orderId: claim.orderId,
    claimedAt: claim.claimedAt.toISOString(),
  };
}

/**
 * The coupon an order holds (docs/marketing.md): placeOrder takes it, an unpaid order that closes
 * gives it back. Both are conditional updates of the userCoupons document, so a coupon is held by
 * at most one order, and each step may be retried or run by concurrent callers.
 */
import type { OrderDocument } from '@shared/orders';
import { _, getDoc, updateWhere } from '../db';

/**
 * Takes the shopper's coupon for the order: `available` and still valid → `used` by this order.
 * True when the order holds it (now, or since an earlier attempt of the same order); false when
 * another order holds it, it expired, or it is not the shopper's.
 */
export async function takeCoupon(
  couponId: string,
  order: Pick<OrderDocument, '_id' | 'buyerId'>,
  now: Date,
): Promise<boolean> {
  const taken = await updateWhere(
    'userCoupons',
    { _id: couponId, userId: order.buyerId, status: 'available', validFrom: _.lte(now), validTo: _.gt(now) },
    { status: 'used', orderId: order._id, usedAt: now, updatedAt: now },
  );
  if (taken === 1) return true;
  // A retry of the same order finds the coupon it took before.
  const coupon = await getDoc('userCoupons', couponId);
  return coupon?.status === 'used' && coupon.orderId === order._id;
}

/**
 * Gives back the coupon of an order that closed unpaid, while it is still valid: `used` by this
 * order → `available`. An expired coupon stays used (the coupon pages show it as 已过期, since its
 * validTo passed). Nothing happens when the order holds no coupon, or the coupon was already given
 * back (a retry, or a concurrent closer).
 */
export async function giveBackCoupon(order: Pick<OrderDocument, '_id' | 'couponId'>, now: Date): Promise<void> {
  if (!order.couponId) return;
  await updateWhere(
    'userCoupons',
    { _id: order.couponId, status: 'used', orderId: order._id, validTo: _.gt(now) },
    { status: 'available', orderId: null, usedAt: null, updatedAt: now },
  );
}

/**
 * Coupons (优惠券): the merchant's coupon definitions and the coupons shoppers hold. A shopper
 * claims a coupon in the coupon center (领券中心), on a product page, or through a distributor's
 * share (a distributor-exclusive coupon, 分销员专属券, only that way); the claim copies the
 * coupon's terms, so a later edit by the merchant never changes a coupon already held.
 *
 * A held coupon is spent by exactly one order: placeOrder moves it from `available` to `used`
 * with a conditional update on `available`, so two concurrent orders cannot both take it. An
 * unpaid order that closes or is cancelled gives it back (`used` → `available`, conditional on
 * the order id) while it is still valid; a paid order keeps it, even when the order is later
 * refunded (docs/marketing.md).
 */
import type { Scope } from './activities';

/** 满减券 (amount off above a threshold), 折扣券 (a rate off, capped), 无门槛券 (amount off, no threshold). */
export type CouponKind = 'threshold' | 'discount' | 'noThreshold';

/** What a coupon takes off and where; copied into every claimed coupon. */
export interface CouponTerms {
  name: string;
  kind: CouponKind;
  /** 满减券: the in-scope goods (after activity prices) must reach this, fen; 0 for the other kinds. */
  thresholdFen: number;
  /** 满减券 and 无门槛券: the amount taken off, fen; 0 for 折扣券. */
  offFen: number;
  /** 折扣券: what the shopper still pays of the in-scope goods, basis points (8500 = 8.5 折); 0 otherwise. */
  payRateBp: number;
  /** 折扣券: the most it takes off, fen; 0 for the other kinds. */
  maxOffFen: number;
  scope: Scope;
  /** Whether distributors earn commission on the lines this coupon discounts (CRMEB's is_commission). */
  commission: boolean;
}

/** When a claimed coupon may be used: fixed dates, or a number of days from the claim. */
export type CouponValidity = { kind: 'fixed'; from: Date; to: Date } | { kind: 'afterClaim'; days: number };

/** Collection `coupons`: one document per coupon the merchant defines. */
export interface CouponDocument extends CouponTerms {
  _id: string;
  validity: CouponValidity;
  /** How many can be claimed in all. */
  totalQuantity: number;
  /** How many were claimed; never above totalQuantity (a conditional increment). */
  claimedCount: number;
  /** How many one shopper may claim. */
  perUserLimit: number;
  /** A distributor-exclusive coupon: the distributor (OPENID) whose share alone hands it out; null for everyone. */
  exclusiveDistributorId: string | null;
  /** `active` can be claimed; `paused` and `ended` cannot (claimed coupons stay usable until they expire). */
  status: 'active' | 'paused' | 'ended';
  createdAt: Date;
  updatedAt: Date;
}

/** Where a shopper claimed a coupon. */
export type CouponSource = 'center' | 'product' | 'share';

/** Collection `userCoupons`: one document per coupon a shopper claimed. */
export interface UserCouponDocument {
  /** `${couponId}_${userId}_${n}`: the shopper's n-th claim of that coupon, so a retried claim is one claim. */
  _id: string;
  couponId: string;
  /** The shopper's OPENID. */
  userId: string;
  /** The coupon's terms when it was claimed. */
  terms: CouponTerms;
  validFrom: Date;
  /** The end of validity (exclusive): from then on it shows as 已过期 and no order may use it. */
  validTo: Date;
  /** `available` until an order takes it; `used` while an order holds it (given back if that order closes unpaid). */
  status: 'available' | 'used';
  /** The order holding it, while `used`. */
  orderId: string | null;
  source: CouponSource;
  /** The distributor whose share it was claimed through (source `share`), else null. */
  sharerId: string | null;
  claimedAt: Date;
  usedAt: Date | null;
  updatedAt: Date;
}

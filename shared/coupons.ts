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
import { formatFen } from './money';

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

/** A claim of an `afterClaim` coupon is valid for this many whole days of 24 hours from the claim. */
const DAY_MS = 24 * 60 * 60 * 1000;

/** The validity a claim at `claimedAt` gets: the fixed dates, or [claimedAt, claimedAt + days). */
export function claimValidity(validity: CouponValidity, claimedAt: Date): { validFrom: Date; validTo: Date } {
  if (validity.kind === 'fixed') return { validFrom: validity.from, validTo: validity.to };
  return { validFrom: claimedAt, validTo: new Date(claimedAt.getTime() + validity.days * DAY_MS) };
}

/**
 * Whether a shopper may claim the coupon now, leaving out per-user limits and exclusivity:
 * `unavailable` when paused, ended or its fixed validity is over (a claim would be born expired),
 * `soldOut` when every unit is claimed.
 */
export function claimState(
  coupon: Pick<CouponDocument, 'status' | 'validity' | 'totalQuantity' | 'claimedCount'>,
  now: Date,
): 'claimable' | 'unavailable' | 'soldOut' {
  if (coupon.status !== 'active') return 'unavailable';
  if (coupon.validity.kind === 'fixed' && coupon.validity.to.getTime() <= now.getTime()) return 'unavailable';
  return coupon.claimedCount >= coupon.totalQuantity ? 'soldOut' : 'claimable';
}

/** The id of a shopper's n-th claim of a coupon (n from 1): a retried claim lands on the same ids. */
export function userCouponId(couponId: string, userId: string, n: number): string {
  return `${couponId}_${userId}_${n}`;
}

/**
 * How a coupon reads on its card: the big figure (`headline`: ¥20.00, 8.5折) and its condition
 * (满¥100.00可用, 最高减¥10.00, 无门槛). Shown by every coupon page from the server's views.
 */
export function couponLabels(
  terms: Pick<CouponTerms, 'kind' | 'thresholdFen' | 'offFen' | 'payRateBp' | 'maxOffFen'>,
): {
  headline: string;
  condition: string;
} {
  if (terms.kind === 'discount') {
    const tenths = terms.payRateBp / 1000;
    return { headline: `${Number(tenths.toFixed(3))}折`, condition: `最高减${formatFen(terms.maxOffFen)}` };
  }
  if (terms.kind === 'threshold')
    return { headline: formatFen(terms.offFen), condition: `满${formatFen(terms.thresholdFen)}可用` };
  return { headline: formatFen(terms.offFen), condition: '无门槛' };
}

/** The scope in words: 全场通用, 指定分类可用, 指定商品可用. */
export function scopeLabel(scope: Scope): string {
  if (scope.kind === 'shop') return '全场通用';
  return scope.kind === 'categories' ? '指定分类可用' : '指定商品可用';
}

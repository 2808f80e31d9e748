/**
 * coupon: the shopper's side of coupons (优惠券), one cloud function routed by `$url`: the
 * coupon center (领券中心), the coupons of a product page, claiming, the shopper's own coupons
 * (我的优惠券) and a distributor's exclusive coupons (专属优惠券) with their share path. Times are
 * ISO strings, money integer fen. See docs/api.md (coupon).
 */
import { z } from 'zod';
import { SHARE_CODE_PATTERN } from '../shareCode';

const ShareCode = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => SHARE_CODE_PATTERN.test(code), 'not a share code');
const Id = z.string().trim().min(1).max(64);

/** A coupon's name, kind and amounts (shared/coupons.ts CouponTerms), as the merchant's list and the checkout show them. */
export const CouponAmountsView = z.object({
  name: z.string(),
  kind: z.enum(['threshold', 'discount', 'noThreshold']),
  /** 满减券: the threshold on the goods in scope, fen (0 for the other kinds). */
  thresholdFen: z.number().int(),
  /** 满减券 and 无门槛券: the amount off, fen. */
  offFen: z.number().int(),
  /** 折扣券: what is still paid, basis points (8500 = 8.5 折); 0 otherwise. */
  payRateBp: z.number().int(),
  /** 折扣券: the most it takes off, fen. */
  maxOffFen: z.number().int(),
});

/** A coupon as a card shows it, with what the caller may still do with it. */
export const CouponCardView = z.object({
  couponId: z.string(),
  name: z.string(),
  kind: z.enum(['threshold', 'discount', 'noThreshold']),
  /** The big figure: ¥20.00 or 8.5折. */
  headline: z.string(),
  /** 满¥100.00可用, 最高减¥10.00 or 无门槛. */
  condition: z.string(),
  /** 全场通用, 指定分类可用 or 指定商品可用. */
  scope: z.string(),
  /** Fixed dates: validFrom and validTo (ISO); after claim: null, and validDays says how long. */
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  validDays: z.number().int().nullable(),
  /** Units left to claim in all. */
  remaining: z.number().int(),
  perUserLimit: z.number().int(),
  /** How many of it the caller claimed so far. */
  held: z.number().int(),
  /** True when the caller may claim one more now (stock left, under their limit). */
  canClaim: z.boolean(),
  /** True for a distributor-exclusive coupon (claimable only through that distributor's share). */
  exclusive: z.boolean(),
});
export type CouponCardView = z.infer<typeof CouponCardView>;

/** A coupon the shopper holds, as 我的优惠券 shows it. */
export const HeldCouponView = z.object({
  /** The claim's id (`<couponId>_<userId>_<n>`): what placeOrder takes as the coupon to use. */
  id: z.string(),
  couponId: z.string(),
  name: z.string(),
  headline: z.string(),
  condition: z.string(),
  scope: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  /** 可用, 已使用 (an order holds it) or 已过期 (still unused when its validity ended). */
  state: z.enum(['available', 'used', 'expired']),
  /** The order holding it while used. */
  orderId: z.string().nullable(),
  claimedAt: z.string(),
});
export type HeldCouponView = z.infer<typeof HeldCouponView>;

export const CenterInput = z.strictObject({
  /** Opened through a distributor's share: that distributor's exclusive coupons are listed first. */
  shareCode: ShareCode.optional(),
});
export const CouponListOutput = z.object({ items: z.array(CouponCardView) });

export const ForProductInput = z.strictObject({ productId: Id });

export const ClaimInput = z
  .strictObject({
    couponId: Id,
    /** Where the shopper claimed: 领券中心, a product page, or a distributor's share. */
    source: z.enum(['center', 'product', 'share']),
    /** The distributor's share code; required with source `share`, refused otherwise. */
    shareCode: ShareCode.optional(),
  })
  .refine((input) => (input.source === 'share') === (input.shareCode !== undefined), {
    message: 'a share code comes with source share, and only with it',
    path: ['shareCode'],
  });
export const ClaimOutput = z.object({
  coupon: HeldCouponView,
  /**
   * What the share did to the caller's referrer (source `share` only, else `none`): `bound`, or
   * `unchanged` (already bound to them), or `kept` (bound elsewhere or not bindable under the
   * rules: the binding stays as it was and the coupon is claimed all the same).
   */
  binding: z.enum(['none', 'bound', 'unchanged', 'kept']),
});

export const MINE_PAGE_SIZE = 20;
export const MineInput = z.strictObject({
  tab: z.enum(['available', 'used', 'expired']),
  /** From 1, MINE_PAGE_SIZE coupons a page. */
  page: z.number().int().min(1).max(500).default(1),
});
export const MineOutput = z.object({ items: z.array(HeldCouponView), page: z.number().int(), hasMore: z.boolean() });

export const DistributorCouponsInput = z.strictObject({});
export const DistributorCouponsOutput = z.object({
  shareCode: z.string(),
  /** The page a share opens, carrying the share code (`r`), as every share link does. */
  sharePath: z.string(),
  items: z.array(CouponCardView),
});

export const COUPON_CONTRACTS = {
  center: { input: CenterInput, output: CouponListOutput },
  forProduct: { input: ForProductInput, output: CouponListOutput },
  claim: { input: ClaimInput, output: ClaimOutput },
  mine: { input: MineInput, output: MineOutput },
  distributorCoupons: { input: DistributorCouponsInput, output: DistributorCouponsOutput },
} as const;

/** The codes the coupon function answers with `ok: false` besides the common ones. */
export const COUPON_ERRORS = [
  'COUPON_NOT_FOUND',
  /** Paused, ended, or its fixed validity is over. */
  'COUPON_UNAVAILABLE',
  'COUPON_SOLD_OUT',
  'COUPON_LIMIT_REACHED',
  /** A distributor-exclusive coupon without that distributor's share code. */
  'COUPON_EXCLUSIVE',
  /** distributorCoupons: the caller is not an approved distributor. */
  'NOT_DISTRIBUTOR',
] as const;
export type CouponError = (typeof COUPON_ERRORS)[number];

/** The page a distributor's coupon share opens (the share code rides in `r`). */
export const COUPON_SHARE_PAGE = '/shop/coupons/coupons';

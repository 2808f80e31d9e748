/**
 * fast-check generators of carts, full reductions and held coupons for the checkout pricing's
 * property tests: few products and categories, so scopes overlap and lines compete for 满减.
 */
import fc from 'fast-check';
import type { Scope } from '@shared/activities';
import type { CheckoutLine, FullReduction, HeldCoupon } from '@shared/checkoutPricing';
import type { CouponTerms } from '@shared/coupons';

export const NOW = new Date('2026-06-01T00:00:00Z');
const DAY_MS = 86_400_000;

export const scopeArb: fc.Arbitrary<Scope> = fc.oneof(
  fc.constant({ kind: 'shop' } as const),
  fc.record({ kind: fc.constant('categories' as const), categoryIds: fc.subarray(['c0', 'c1', 'c2']) }),
  fc.record({ kind: fc.constant('products' as const), productIds: fc.subarray(['p0', 'p1', 'p2', 'p3']) }),
);

export const lineArb: fc.Arbitrary<CheckoutLine> = fc
  .record({
    product: fc.integer({ min: 0, max: 3 }),
    unitPriceFen: fc.oneof(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 5_000_000 })),
    quantity: fc.integer({ min: 1, max: 99 }),
    activity: fc.option(
      fc.record({
        id: fc.constantFrom('a1', 'a2'),
        priceFen: fc.integer({ min: 0, max: 60_000 }),
        commission: fc.boolean(),
        allowsOrderDiscounts: fc.boolean(),
      }),
      { nil: null },
    ),
  })
  .map(({ product, unitPriceFen, quantity, activity }) => ({
    productId: `p${product}`,
    categoryId: `c${product % 3}`,
    unitPriceFen,
    quantity,
    activity: activity && { ...activity, kind: 'timedDiscount', name: `限时${activity.id}` },
  }));

export const reductionArb: fc.Arbitrary<FullReduction> = fc.record({
  id: fc.constantFrom('r1', 'r2', 'r3'),
  name: fc.constant('满减'),
  startAt: fc.integer({ min: -5, max: 0 }).map((days) => new Date(NOW.getTime() + days * DAY_MS)),
  scope: scopeArb,
  tiers: fc.array(
    fc.record({ thresholdFen: fc.integer({ min: 0, max: 500_000 }), offFen: fc.integer({ min: 0, max: 600_000 }) }),
    { minLength: 1, maxLength: 3 },
  ),
  commission: fc.boolean(),
});

const termsArb: fc.Arbitrary<CouponTerms> = fc
  .record({
    kind: fc.constantFrom('threshold', 'discount', 'noThreshold' as const),
    thresholdFen: fc.integer({ min: 0, max: 500_000 }),
    offFen: fc.integer({ min: 1, max: 300_000 }),
    payRateBp: fc.integer({ min: 1, max: 9_999 }),
    maxOffFen: fc.integer({ min: 1, max: 300_000 }),
    scope: scopeArb,
    commission: fc.boolean(),
  })
  .map((terms) => ({
    name: `券${terms.kind}`,
    ...terms,
    thresholdFen: terms.kind === 'threshold' ? terms.thresholdFen : 0,
    offFen: terms.kind === 'discount' ? 0 : terms.offFen,
    payRateBp: terms.kind === 'discount' ? terms.payRateBp : 0,
    maxOffFen: terms.kind === 'discount' ? terms.maxOffFen : 0,
  }));

export const couponsArb: fc.Arbitrary<HeldCoupon[]> = fc
  .array(
    fc.record({
      terms: termsArb,
      fromDays: fc.integer({ min: -10, max: 1 }),
      toDays: fc.integer({ min: -1, max: 10 }),
      used: fc.boolean(),
    }),
    { maxLength: 5 },
  )
  .map((coupons) =>
    coupons.map(({ terms, fromDays, toDays, used }, index) => ({
      id: `uc${index}`,
      terms,
      validFrom: new Date(NOW.getTime() + fromDays * DAY_MS),
      validTo: new Date(NOW.getTime() + toDays * DAY_MS + 1),
      status: used ? ('used' as const) : ('available' as const),
    })),
  );

export const shippingArb = fc.record({
  flatFeeFen: fc.integer({ min: 0, max: 2_000 }),
  freeFromFen: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
});

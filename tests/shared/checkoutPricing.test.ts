/**
 * The checkout pricing (shared/checkoutPricing.ts) under random carts, activities, 满减 and
 * coupons: every source's line shares sum exactly to the order's figure, no line goes negative,
 * payable = goods − discounts + shipping, a coupon never takes more than its eligible base, and
 * the default coupon is the largest. Plus a worked example computed by hand.
 */
import fc from 'fast-check';
import {
  bestCoupon,
  couponOptions,
  priceCheckout,
  type CheckoutInput,
  type CheckoutPrice,
  type DiscountSource,
  type HeldCoupon,
} from '@shared/checkoutPricing';
import { inScope } from '@shared/activities';
import { couponsArb, lineArb, NOW, reductionArb, shippingArb } from '../helpers/checkoutArbitraries';

const cartArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 8 }),
  fullReductions: fc.uniqueArray(reductionArb, { selector: (reduction) => reduction.id, maxLength: 3 }),
  shipping: shippingArb,
  coupons: couponsArb,
});

function lineShare(price: CheckoutPrice, index: number, source: DiscountSource): number {
  const line = price.lines[index]!;
  return {
    activity: line.activityDiscountFen,
    distributorPrice: line.distributorPriceDiscountFen,
    fullReduction: line.fullReductionDiscountFen,
    coupon: line.couponDiscountFen,
    points: line.pointsDiscountFen,
  }[source];
}

function checkSums(price: CheckoutPrice): void {
  for (const source of ['activity', 'fullReduction', 'coupon'] as const) {
    const orderTotal = price.discounts.filter((d) => d.source === source).reduce((sum, d) => sum + d.amountFen, 0);
    const lineTotal = price.lines.reduce((sum, _line, index) => sum + lineShare(price, index, source), 0);
    expect(lineTotal).toBe(orderTotal);
    // Each named discount's line shares sum to its order amount.
    for (const discount of price.discounts.filter((d) => d.source === source)) {
      const shares = price.lines.flatMap((line) =>
        line.discounts.filter((d) => d.source === source && d.id === discount.id),
      );
      expect(shares.reduce((sum, d) => sum + d.amountFen, 0)).toBe(discount.amountFen);
    }
  }
  for (const line of price.lines) {
    expect(
      Math.min(line.activityDiscountFen, line.fullReductionDiscountFen, line.couponDiscountFen),
    ).toBeGreaterThanOrEqual(0);
    expect(line.discountFen).toBe(line.activityDiscountFen + line.fullReductionDiscountFen + line.couponDiscountFen);
    expect(line.discounts.reduce((sum, d) => sum + d.amountFen, 0)).toBe(line.discountFen);
    expect(line.paidFen).toBe(line.lineTotalFen - line.discountFen);
    expect(line.paidFen).toBeGreaterThanOrEqual(0);
  }
  expect(price.discountFen).toBe(price.lines.reduce((sum, line) => sum + line.discountFen, 0));
  expect(price.discountFen).toBe(price.discounts.reduce((sum, d) => sum + d.amountFen, 0));
  expect(price.goodsFen).toBe(price.lines.reduce((sum, line) => sum + line.lineTotalFen, 0));
  expect(price.payableFen).toBe(price.goodsFen - price.discountFen + price.shippingFen);
}

/** The coupon's eligible base computed on its own: in scope, order discounts allowed, after activity and 满减. */
function eligibleBase(input: CheckoutInput, price: CheckoutPrice, coupon: HeldCoupon): number {
  return input.lines.reduce((sum, line, index) => {
    const allowed = line.activity === null || line.activity.allowsOrderDiscounts;
    if (!allowed || !inScope(coupon.terms.scope, line)) return sum;
    const priced = price.lines[index]!;
    return sum + priced.lineTotalFen - priced.activityDiscountFen - priced.fullReductionDiscountFen;
  }, 0);
}

describe('priceCheckout', () => {
  it('apportions every source exactly, never below zero, with payable = goods − discounts + shipping', () => {
    fc.assert(
      fc.property(cartArb, ({ lines, fullReductions, shipping, coupons }) => {
        const input: CheckoutInput = { lines, fullReductions, shipping, now: NOW };
        const options = couponOptions(input, coupons);
        const withoutCoupon = priceCheckout(input, null);
        checkSums(withoutCoupon);
        expect(withoutCoupon.lines.every((line) => line.couponDiscountFen === 0)).toBe(true);
        const { freeFromFen, flatFeeFen } = shipping;
        const afterAll = withoutCoupon.goodsFen - withoutCoupon.discountFen;
        expect(withoutCoupon.shippingFen).toBe(freeFromFen !== null && afterAll >= freeFromFen ? 0 : flatFeeFen);
        coupons.forEach((coupon, index) => {
          const option = options[index]!;
          const price = priceCheckout(input, coupon);
          checkSums(price);
          const couponFen = price.lines.reduce((sum, line) => sum + line.couponDiscountFen, 0);
          expect(couponFen).toBe(option.usable ? option.amountFen : 0);
          expect(option.amountFen).toBeLessThanOrEqual(eligibleBase(input, price, coupon));
          expect(option.usable).toBe(option.reason === null);
          if (coupon.status === 'used') expect(option.reason).toBe('USED');
          // Activity prices and 满减 do not depend on the coupon.
          expect(price.lines.map((line) => line.fullReductionDiscountFen)).toEqual(
            withoutCoupon.lines.map((line) => line.fullReductionDiscountFen),
          );
        });
      }),
      { numRuns: 400 },
    );
  });

  it('picks the usable coupon that takes off most (ties: earliest validTo, then id)', () => {
    fc.assert(
      fc.property(cartArb, ({ lines, fullReductions, shipping, coupons }) => {
        const input: CheckoutInput = { lines, fullReductions, shipping, now: NOW };
        const options = couponOptions(input, coupons);
        const best = bestCoupon(options, coupons);
        const usable = options.filter((option) => option.usable);
        if (usable.length === 0) return expect(best).toBeNull();
        const max = Math.max(...usable.map((option) => option.amountFen));
        const chosen = options.find((option) => option.couponId === best)!;
        expect(chosen.usable && chosen.amountFen).toBe(max);
        const validTo = (id: string) => coupons.find((coupon) => coupon.id === id)!.validTo.getTime();
        for (const option of usable.filter((o) => o.amountFen === max && o.couponId !== best))
          expect(
            validTo(option.couponId) > validTo(best!) ||
              (validTo(option.couponId) === validTo(best!) && option.couponId > best!),
          ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('earns no commission on a line touched by a discount that pays none', () => {
    fc.assert(
      fc.property(cartArb, ({ lines, fullReductions, shipping, coupons }) => {
        const input: CheckoutInput = { lines, fullReductions, shipping, now: NOW };
        for (const coupon of [null, ...coupons]) {
          const price = priceCheckout(input, coupon);
          price.lines.forEach((line, index) => {
            const activityOff = lines[index]!.activity?.commission === false;
            const reductionOff = line.discounts.some(
              (d) => d.source === 'fullReduction' && !fullReductions.find((r) => r.id === d.id)!.commission,
            );
            const couponOff = line.couponDiscountFen > 0 && coupon?.terms.commission === false;
            expect(line.earnsCommission).toBe(!(activityOff || reductionOff || couponOff));
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('prices a worked example as docs/marketing.md computes it', () => {
    const tea = { productId: 'p0', categoryId: 'c0', unitPriceFen: 10000, quantity: 2 };
    const cup = { productId: 'p1', categoryId: 'c1', unitPriceFen: 5000, quantity: 1 };
    const pot = { productId: 'p2', categoryId: 'c1', unitPriceFen: 3000, quantity: 1 };
    const sale = {
      id: 'a1',
      kind: 'timedDiscount',
      name: '春茶限时折扣',
      priceFen: 8000,
      commission: true,
      allowsOrderDiscounts: true,
    };
    const input: CheckoutInput = {
      lines: [
        { ...tea, activity: sale },
        { ...cup, activity: null },
        { ...pot, activity: null },
      ],
      fullReductions: [
        {
          id: 'r1',
          name: '满199减20',
          startAt: NOW,
          scope: { kind: 'shop' },
          tiers: [
            { thresholdFen: 19900, offFen: 2000 },
            { thresholdFen: 29900, offFen: 4000 },
          ],
          commission: true,
        },
      ],
      shipping: { flatFeeFen: 800, freeFromFen: 19900 },
      now: NOW,
    };
    const coupon: HeldCoupon = {
      id: 'uc1',
      terms: {
        name: '茶具9折券',
        kind: 'discount',
        thresholdFen: 0,
        offFen: 0,
        payRateBp: 9000,
        maxOffFen: 5000,
        scope: { kind: 'categories', categoryIds: ['c1'] },
        commission: true,
      },
      validFrom: NOW,
      validTo: new Date(NOW.getTime() + 86_400_000),
      status: 'available',
    };
    // Activity: tea 2 × (100 − 80) = 40 元 off; after activity 160 + 50 + 30 = 240 ≥ 199 → 20 元 off,
    // split 160:50:30 → 1333.33, 416.67, 250 → 1333, 417, 250 (the largest remainder, cup, gets the fen).
    // Coupon on c1 (cup 5000 − 417 = 4583, pot 3000 − 250 = 2750): base 7333, 10% = 733.3 → 733,
    // split 4583:2750 → 458.1, 274.9 → 458, 275.
    const price = priceCheckout(input, coupon);
    expect(
      price.lines.map((line) => [line.activityDiscountFen, line.fullReductionDiscountFen, line.couponDiscountFen]),
    ).toEqual([
      [4000, 1333, 0],
      [0, 417, 458],
      [0, 250, 275],
    ]);
    expect(price.lines.map((line) => line.paidFen)).toEqual([14667, 4125, 2475]);
    expect(price).toMatchObject({ goodsFen: 28000, discountFen: 6733, shippingFen: 0, payableFen: 21267 });
    expect(price.discounts.map((d) => [d.source, d.name, d.amountFen])).toEqual([
      ['activity', '春茶限时折扣', 4000],
      ['fullReduction', '满199减20', 2000],
      ['coupon', '茶具9折券', 733],
    ]);
  });
});

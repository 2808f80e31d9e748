/**
 * The distributor-exclusive price (分销专属价) in the pure pricing: who gets it
 * (shared/distributorPrice.ts), and the line price as the lowest of its candidates
 * (shared/checkoutPricing.ts linePriceOf) under random carts, with the order's sums exact.
 */
import fc from 'fast-check';
import { linePriceOf, priceCheckout, type CheckoutInput, type CheckoutLine } from '@shared/checkoutPricing';
import { distributorBuyer, distributorPriceFor } from '@shared/distributorPrice';
import { DEFAULT_RULES } from '@shared/rules';
import type { DistributorStatus } from '@shared/users';
import { couponsArb, lineArb, NOW, reductionArb, shippingArb } from '../helpers/checkoutArbitraries';

const withDistributorPrice: fc.Arbitrary<CheckoutLine> = fc
  .tuple(lineArb, fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: null }))
  .map(([line, distributorPriceFen]) => ({ ...line, distributorPriceFen }));

const cartArb = fc.record({
  lines: fc.array(withDistributorPrice, { minLength: 1, maxLength: 8 }),
  fullReductions: fc.uniqueArray(reductionArb, { selector: (reduction) => reduction.id, maxLength: 3 }),
  shipping: shippingArb,
  coupons: couponsArb,
});

/** The candidates of a line's unit price, computed on their own from the rule's words. */
function candidates(line: CheckoutLine): number[] {
  const { activity, unitPriceFen } = line;
  if (activity && !activity.allowsOrderDiscounts) return [Math.max(0, Math.min(activity.priceFen, unitPriceFen))];
  const all = [unitPriceFen];
  if (activity) all.push(Math.max(0, activity.priceFen));
  if (line.distributorPriceFen !== null && line.distributorPriceFen !== undefined) all.push(line.distributorPriceFen);
  return all;
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

describe('the line price with a distributor price', () => {
  it('is the minimum of the candidates; 秒杀 and 拼团 keep their own price; ties go to the activity', () => {
    fc.assert(
      fc.property(withDistributorPrice, (line) => {
        const chosen = linePriceOf(line);
        expect(chosen.unitFen).toBe(Math.min(...candidates(line)));
        if (line.activity && !line.activity.allowsOrderDiscounts) expect(chosen.pricedBy).toBe('activity');
        if (chosen.pricedBy === 'distributorPrice') {
          expect(chosen.unitFen).toBe(line.distributorPriceFen);
          expect(chosen.unitFen).toBeLessThan(line.unitPriceFen);
          if (line.activity) expect(chosen.unitFen).toBeLessThan(Math.min(line.activity.priceFen, line.unitPriceFen));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('prices every cart exactly: goods − discounts + shipping = payable, each source summed from its lines', () => {
    fc.assert(
      fc.property(cartArb, ({ lines, fullReductions, shipping, coupons }) => {
        const input: CheckoutInput = { lines, fullReductions, shipping, now: NOW };
        for (const coupon of [null, ...coupons]) {
          const price = priceCheckout(input, coupon);
          expect(price.payableFen).toBe(price.goodsFen - price.discountFen + price.shippingFen);
          expect(price.discountFen).toBe(sum(price.discounts.map((discount) => discount.amountFen)));
          const exclusive = price.discounts.filter((discount) => discount.source === 'distributorPrice');
          expect(exclusive.length).toBeLessThanOrEqual(1);
          expect(sum(exclusive.map((discount) => discount.amountFen))).toBe(
            sum(price.lines.map((line) => line.distributorPriceDiscountFen)),
          );
          price.lines.forEach((priced, index) => {
            const line = lines[index]!;
            const { pricedBy, unitFen } = linePriceOf(line);
            expect(priced.pricedBy).toBe(pricedBy);
            expect(priced.lineTotalFen - priced.activityDiscountFen - priced.distributorPriceDiscountFen).toBe(
              unitFen * line.quantity,
            );
            expect(priced.discountFen).toBe(
              priced.activityDiscountFen +
                priced.distributorPriceDiscountFen +
                priced.fullReductionDiscountFen +
                priced.couponDiscountFen,
            );
            expect(sum(priced.discounts.map((discount) => discount.amountFen))).toBe(priced.discountFen);
            expect(priced.paidFen).toBe(priced.lineTotalFen - priced.discountFen);
            expect(priced.paidFen).toBeGreaterThanOrEqual(0);
            // The activity a distributor price beat decides nothing about the line's commission.
            if (
              pricedBy === 'distributorPrice' &&
              priced.fullReductionDiscountFen === 0 &&
              priced.couponDiscountFen === 0
            )
              expect(priced.earnsCommission).toBe(true);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names the discount 分销专属价 on the line and on the order, and lets 满减 and a coupon stack on it', () => {
    const line: CheckoutLine = {
      productId: 'p0',
      categoryId: 'c0',
      unitPriceFen: 10_000,
      quantity: 2,
      activity: {
        id: 'a1',
        kind: 'timedDiscount',
        name: '限时',
        priceFen: 9_000,
        commission: false,
        allowsOrderDiscounts: true,
      },
      distributorPriceFen: 8_500,
    };
    const price = priceCheckout(
      {
        lines: [line],
        fullReductions: [
          {
            id: 'r1',
            name: '满150减10',
            startAt: NOW,
            scope: { kind: 'shop' },
            tiers: [{ thresholdFen: 15_000, offFen: 1_000 }],
            commission: true,
          },
        ],
        shipping: { flatFeeFen: 0, freeFromFen: null },
        now: NOW,
      },
      null,
    );
    // 2 × 100 = 200 元; the exclusive 85 beats the 限时 90: 30 元 off; 170 ≥ 150 → 10 元 off; paid 160.
    expect(price.lines[0]).toMatchObject({
      pricedBy: 'distributorPrice',
      activityDiscountFen: 0,
      distributorPriceDiscountFen: 3_000,
      fullReductionDiscountFen: 1_000,
      paidFen: 16_000,
      earnsCommission: true,
    });
    expect(price.discounts).toEqual([
      { source: 'distributorPrice', id: 'distributorPrice', name: '分销专属价', amountFen: 3_000 },
      { source: 'fullReduction', id: 'r1', name: '满150减10', amountFen: 1_000 },
    ]);
    expect(price.payableFen).toBe(16_000);
  });
});

describe('who gets the distributor price', () => {
  const user = (status: DistributorStatus, gradeId: string | null = null) => ({
    distributor: { status, gradeId, gradeSetByAdmin: false, since: null },
  });

  it('is an approved distributor with their grade (the default grade when none or an unknown one is stored)', () => {
    expect(distributorBuyer(user('approved', 'gold'), DEFAULT_RULES)).toEqual({ gradeId: 'gold' });
    expect(distributorBuyer(user('approved'), DEFAULT_RULES)).toEqual({ gradeId: 'standard' });
    expect(distributorBuyer(user('approved', 'deleted'), DEFAULT_RULES)).toEqual({ gradeId: 'standard' });
    for (const status of ['none', 'pending', 'rejected', 'disabled', 'exited'] as const)
      expect(distributorBuyer(user(status, 'gold'), DEFAULT_RULES)).toBeNull();
    expect(distributorBuyer(null, DEFAULT_RULES)).toBeNull();
  });

  it('follows isDistributor under the everyone recruitment: users never refused get it, disabled ones do not', () => {
    const everyone = { ...DEFAULT_RULES, recruitment: 'everyone' as const };
    expect(distributorBuyer(user('none'), everyone)).toEqual({ gradeId: 'standard' });
    expect(distributorBuyer(user('disabled'), everyone)).toBeNull();
  });

  it("takes the grade's own price over the general one, and ignores prices not below the SKU's", () => {
    const sku = {
      priceFen: 10_000,
      distributorPriceFen: 8_000,
      distributorPricesByGrade: { gold: 8_800, silver: 7_000 },
    };
    expect(distributorPriceFor(sku, { gradeId: 'gold' })).toBe(8_800);
    expect(distributorPriceFor(sku, { gradeId: 'silver' })).toBe(7_000);
    expect(distributorPriceFor(sku, { gradeId: 'standard' })).toBe(8_000);
    expect(distributorPriceFor(sku, null)).toBeNull();
    expect(distributorPriceFor({ priceFen: 10_000 }, { gradeId: 'gold' })).toBeNull();
    expect(distributorPriceFor({ priceFen: 10_000, distributorPriceFen: 10_000 }, { gradeId: 'gold' })).toBeNull();
    expect(
      distributorPriceFor({ priceFen: 10_000, distributorPricesByGrade: { gold: 12_000 } }, { gradeId: 'gold' }),
    ).toBeNull();
  });
});

import fc from 'fast-check';
import { apportion, priceOrder } from '@shared/pricing';

describe('apportion (largest remainder)', () => {
  it('splits exactly, never above a weight, each share within one fen of its exact part', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5_000_000_000 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (weights, seed) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const amount = seed % (total + 1);
          const shares = apportion(amount, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
          shares.forEach((share, i) => {
            const weight = weights[i] as number;
            expect(share).toBeLessThanOrEqual(weight);
            // |share - amount*w/total| < 1, checked exactly in BigInt.
            const diff = BigInt(share) * BigInt(total) - BigInt(amount) * BigInt(weight);
            expect(diff < BigInt(total) && diff > -BigInt(total)).toBe(true);
          });
        },
      ),
    );
  });

  it('gives leftover fen to the largest remainders, ties to the earlier line', () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(10, [3333, 3333, 3334])).toEqual([3, 3, 4]);
    expect(apportion(1, [5, 5])).toEqual([1, 0]);
    expect(apportion(0, [5, 5])).toEqual([0, 0]);
  });
});

describe('priceOrder', () => {
  it('prices lines, apportions the discount and applies the free-shipping threshold', () => {
    const price = priceOrder(
      [
        { unitPriceFen: 12800, quantity: 1 },
        { unitPriceFen: 3990, quantity: 2 },
      ],
      1000,
      { flatFeeFen: 800, freeFromFen: 19900 },
    );
    expect(price).toEqual({
      lines: [
        { lineTotalFen: 12800, discountFen: 616, paidFen: 12184 },
        { lineTotalFen: 7980, discountFen: 384, paidFen: 7596 },
      ],
      goodsFen: 20780,
      discountFen: 1000,
      // 20780 - 1000 = 19780 is below the 19900 threshold: shipping is charged.
      shippingFen: 800,
      payableFen: 20580,
    });
    expect(
      priceOrder([{ unitPriceFen: 19900, quantity: 1 }], 0, { flatFeeFen: 800, freeFromFen: 19900 }),
    ).toMatchObject({ shippingFen: 0, payableFen: 19900 });
    expect(priceOrder([{ unitPriceFen: 100, quantity: 1 }], 500, { flatFeeFen: 800, freeFromFen: null })).toMatchObject(
      { discountFen: 100, shippingFen: 800, payableFen: 800 },
    );
  });

  it('lines always sum to the order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            unitPriceFen: fc.integer({ min: 0, max: 10_000_000 }),
            quantity: fc.integer({ min: 1, max: 99 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 0, max: 100_000_000 }),
        (lines, discount) => {
          const price = priceOrder(lines, discount, { flatFeeFen: 0, freeFromFen: null });
          expect(price.lines.reduce((sum, line) => sum + line.paidFen, 0)).toBe(price.goodsFen - price.discountFen);
          expect(price.lines.every((line) => line.paidFen >= 0)).toBe(true);
        },
      ),
    );
  });
});

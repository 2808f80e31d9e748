import fc from 'fast-check';
import { reversalFor } from '../../shared/commissions';

describe('reversalFor', () => {
  it('reverses proportionally, rounding down, and the last refund takes the rest', () => {
    // Commission 333 on a base of 1000, refunded 300 + 300 + 400.
    expect(reversalFor({ commissionFen: 333, baseFen: 1000, refundedBeforeFen: 0, refundFen: 300 })).toBe(99);
    expect(reversalFor({ commissionFen: 333, baseFen: 1000, refundedBeforeFen: 300, refundFen: 300 })).toBe(100);
    expect(reversalFor({ commissionFen: 333, baseFen: 1000, refundedBeforeFen: 600, refundFen: 400 })).toBe(134);
  });

  it('refuses refunds beyond the base', () => {
    expect(() => reversalFor({ commissionFen: 1, baseFen: 10, refundedBeforeFen: 5, refundFen: 6 })).toThrow(RangeError);
  });

  it('over any refund sequence: reversals never exceed the commission, never negative, exact at a full refund', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 100_000_000 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 10 }), (commissionFen, baseFen, weights) => {
        // Split the base into refunds proportional to random weights (the last one completes the line).
        const total = weights.reduce((a, b) => a + b, 0);
        let refunded = 0;
        let reversed = 0;
        weights.forEach((weight, i) => {
          const refundFen = i === weights.length - 1 ? baseFen - refunded : Math.floor((baseFen * weight) / total);
          const reversal = reversalFor({ commissionFen, baseFen, refundedBeforeFen: refunded, refundFen });
          expect(reversal).toBeGreaterThanOrEqual(0);
          refunded += refundFen;
          reversed += reversal;
          expect(reversed).toBeLessThanOrEqual(commissionFen);
          // Cumulative exactness: reversed so far = floor(C * R / B) until the line is whole.
          if (refunded < baseFen) expect(BigInt(reversed)).toBe((BigInt(commissionFen) * BigInt(refunded)) / BigInt(baseFen));
        });
        expect(reversed).toBe(commissionFen);
      }),
    );
  });
});

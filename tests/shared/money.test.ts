import fc from 'fast-check';
import { applyRateFloor, formatFen } from '@shared/money';

describe('applyRateFloor', () => {
  it('never exceeds the exact share and is within one fen of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e11 }), fc.integer({ min: 0, max: 10_000 }), (baseFen, rateBp) => {
        const fen = applyRateFloor(baseFen, rateBp);
        expect(Number.isInteger(fen)).toBe(true);
        expect(fen * 10_000).toBeLessThanOrEqual(baseFen * rateBp);
        expect((fen + 1) * 10_000).toBeGreaterThan(baseFen * rateBp);
      }),
    );
  });

  it('rounds down on the worked example of docs/rules.md section 1', () => {
    expect(applyRateFloor(999, 1_000)).toBe(99);
    expect(applyRateFloor(10_000, 1_550)).toBe(1_550);
  });

  it('refuses fractional fen and negative rates', () => {
    expect(() => applyRateFloor(1.5, 100)).toThrow(RangeError);
    expect(() => applyRateFloor(100, -1)).toThrow(RangeError);
  });
});

describe('formatFen', () => {
  it('formats fen as yuan with grouping', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(-5)).toBe('-¥0.05');
  });

  it('round-trips every amount through its digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (amountFen) => {
        const digits = formatFen(amountFen).replace(/[¥,.]/g, '');
        expect(Number(digits)).toBe(amountFen);
      }),
    );
  });
});

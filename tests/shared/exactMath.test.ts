/**
 * shared/exactMath.ts computes without BigInt (the mini-program's older engines lack it) what the
 * server computed with BigInt before: these properties compare every exact operation of the
 * shared code with a BigInt reference, over random amounts up to 2^53.
 */
import fc from 'fast-check';
import { reversedAfter } from '@shared/commissions';
import { fractionText, mulDiv } from '@shared/exactMath';
import { apportion } from '@shared/pricing';

const SAFE = Number.MAX_SAFE_INTEGER;

/** The BigInt arithmetic the shared code used before (commissionExplain's decimalString). */
function referenceDecimal(numerator: bigint, denominator: bigint, maxDigits = 4): string {
  const whole = numerator / denominator;
  let rest = numerator % denominator;
  let digits = '';
  while (rest !== 0n && digits.length < maxDigits) {
    rest *= 10n;
    digits += (rest / denominator).toString();
    rest %= denominator;
  }
  return `${whole}${digits ? `.${digits}` : ''}${rest !== 0n ? '…' : ''}`;
}

/** pricing.apportion as it was written with BigInt. */
function referenceApportion(amountFen: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (amountFen === 0 || weights.length === 0) return weights.map(() => 0);
  const big = BigInt(amountFen);
  const bigTotal = BigInt(total);
  const parts = weights.map((weight, index) => ({ index, product: big * BigInt(weight) }));
  const shares = parts.map(({ product }) => Number(product / bigTotal));
  let left = amountFen - shares.reduce((sum, share) => sum + share, 0);
  parts.sort((a, b) => {
    const ra = a.product % bigTotal;
    const rb = b.product % bigTotal;
    return ra === rb ? a.index - b.index : rb > ra ? 1 : -1;
  });
  for (const { index } of parts) {
    if (left === 0) break;
    shares[index] = (shares[index] as number) + 1;
    left -= 1;
  }
  return shares;
}

/** Safe integers with the edges and large values well represented. */
const safeInt = (max = SAFE) =>
  fc.oneof(
    fc.integer({ min: 0, max: Math.min(max, 1000) }),
    fc.integer({ min: 0, max: Math.min(max, 2 ** 31) }),
    fc.double({ min: 0, max, noNaN: true }).map((value) => Math.min(max, Math.floor(value))),
    fc.constantFrom(0, 1, 2, 3, max, max - 1, Math.floor(max / 2), Math.floor(max / 3)),
  );

describe('exact arithmetic without BigInt', () => {
  it('mulDiv answers floor(a × b / c) and the remainder exactly, for any safe integers', () => {
    fc.assert(
      fc.property(
        safeInt(),
        safeInt(),
        safeInt().filter((c) => c > 0),
        (a, b, c) => {
          const product = BigInt(a) * BigInt(b);
          const quotient = product / BigInt(c);
          if (quotient > BigInt(SAFE)) {
            expect(() => mulDiv(a, b, c)).toThrow(RangeError);
            return;
          }
          expect(mulDiv(a, b, c)).toEqual({ quotient: Number(quotient), remainder: Number(product % BigInt(c)) });
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('mulDiv refuses what is not a non-negative safe integer, and a zero divisor', () => {
    expect(() => mulDiv(-1, 1, 1)).toThrow(RangeError);
    expect(() => mulDiv(1.5, 1, 1)).toThrow(RangeError);
    expect(() => mulDiv(2 ** 53, 1, 1)).toThrow(RangeError);
    expect(() => mulDiv(1, 1, 0)).toThrow(RangeError);
  });

  it('fractionText writes the same decimals as the BigInt division it replaces', () => {
    fc.assert(
      fc.property(
        safeInt(),
        safeInt(),
        safeInt().filter((c) => c > 0),
        fc.integer({ min: 0, max: 6 }),
        (a, b, c, digits) => {
          fc.pre((BigInt(a) * BigInt(b)) / BigInt(c) <= BigInt(SAFE));
          expect(fractionText(a, b, c, digits)).toBe(referenceDecimal(BigInt(a) * BigInt(b), BigInt(c), digits));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('apportion splits exactly as its BigInt version did, also where amount × weight exceeds 2^53', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 11 }),
        fc.array(fc.integer({ min: 0, max: 10 ** 10 }), { minLength: 1, maxLength: 12 }),
        (amountFen, weights) => {
          fc.pre(weights.some((weight) => weight > 0));
          expect(apportion(amountFen, weights)).toEqual(referenceApportion(amountFen, weights));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('reversedAfter reverses what the BigInt formula did', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 11 }),
        fc.integer({ min: 1, max: 10 ** 11 }),
        fc.integer({ min: 0, max: 10 ** 11 }),
        (commissionFen, baseFen, refundedFen) => {
          const expected =
            refundedFen >= baseFen
              ? commissionFen
              : Number((BigInt(commissionFen) * BigInt(refundedFen)) / BigInt(baseFen));
          expect(reversedAfter(commissionFen, baseFen, refundedFen)).toBe(expected);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

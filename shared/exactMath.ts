/**
 * Exact integer arithmetic on products that can exceed 2^53, without BigInt: the mini-program
 * runs on JavaScript engines without it (iOS below 14), and the same shared code must give the
 * same fen there as on the server.
 *
 * mulDiv computes floor(a × b / c) and the remainder by binary long multiplication over the bits
 * of b, keeping the running remainder below c. Every intermediate value is an integer of at most
 * 2^54 that IEEE doubles hold exactly (a doubling only moves the exponent; a subtraction whose
 * exact result is below 2^53 is exact), so no precision is lost anywhere. About 53 rounds of a
 * few operations: cheap enough for every amount a page shows. tests/shared/exactMath.test.ts
 * compares it with BigInt over random inputs.
 */

function assertSafe(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer`);
}

/** floor(a × b / c) and (a × b) mod c, exactly, for non-negative safe integers and c > 0; the quotient must be safe. */
export function mulDiv(a: number, b: number, c: number): { quotient: number; remainder: number } {
  assertSafe(a, 'a');
  assertSafe(b, 'b');
  assertSafe(c, 'c');
  if (c === 0) throw new RangeError('division by zero');
  // a = aQuotient × c + aRest, so a × b / c = aQuotient × b + aRest × b / c with aRest < c.
  const aQuotient = Math.floor(a / c);
  const aRest = a - aQuotient * c;
  let quotient = 0;
  let remainder = 0;
  let top = 1;
  while (top * 2 <= b) top *= 2;
  // Bits of b from the highest: (quotient, remainder) of aRest × (bits so far) / c.
  for (let bit = top; bit >= 1; bit /= 2) {
    quotient *= 2;
    if (remainder >= c - remainder) {
      remainder -= c - remainder;
      quotient += 1;
    } else remainder *= 2;
    if (Math.floor(b / bit) % 2 === 1) {
      if (remainder >= c - aRest) {
        remainder -= c - aRest;
        quotient += 1;
      } else remainder += aRest;
    }
  }
  const total = aQuotient * b + quotient;
  if (!Number.isSafeInteger(total)) throw new RangeError('the quotient exceeds 2^53');
  return { quotient: total, remainder };
}

/**
 * whole + rest / denominator (0 ≤ rest < denominator) as a decimal string with at most
 * `maxDigits` decimals; `…` marks a cut.
 */
export function decimalText(whole: number, rest: number, denominator: number, maxDigits = 4): string {
  let digits = '';
  let left = rest;
  while (left !== 0 && digits.length < maxDigits) {
    const next = mulDiv(left, 10, denominator);
    digits += String(next.quotient);
    left = next.remainder;
  }
  return `${whole}${digits ? `.${digits}` : ''}${left !== 0 ? '…' : ''}`;
}

/** a × b / c as a decimal string, exactly, with at most `maxDigits` decimals; `…` marks a cut. */
export function fractionText(a: number, b: number, c: number, maxDigits = 4): string {
  const { quotient, remainder } = mulDiv(a, b, c);
  return decimalText(quotient, remainder, c, maxDigits);
}

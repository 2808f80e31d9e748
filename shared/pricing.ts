/**
 * Order pricing (docs/rules.md section 5): line totals, an order-level discount apportioned across
 * lines by the largest-remainder method (so the lines sum exactly to the order), and the
 * shipping fee. All amounts are integer fen; nothing here rounds up.
 */
import { mulDiv } from './exactMath';
import { assertFen } from './money';

export interface PricedLineInput {
  /** Unit price in fen at order time. */
  unitPriceFen: number;
  quantity: number;
}

/** Shipping: a flat fee, free when the goods after discounts reach `freeFromFen` (if set). */
export interface ShippingRule {
  flatFeeFen: number;
  freeFromFen: number | null;
}

/**
 * Splits `amountFen` across weights in proportion, exactly: every share is the floor of its
 * exact part, and the fen left over go one each to the largest fractional remainders (ties to
 * the earlier line). Shares sum to `amountFen`; no share exceeds its weight when
 * amountFen <= sum of weights.
 */
export function apportion(amountFen: number, weights: readonly number[]): number[] {
  assertFen(amountFen);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (amountFen === 0 || weights.length === 0) return weights.map(() => 0);
  if (total <= 0) throw new RangeError('cannot apportion over weights that sum to zero');
  // Exact integer arithmetic (amount * weight can exceed 2^53; shared/exactMath.ts, no BigInt):
  // share_i = floor(amount * w_i / total), remainder r_i = amount * w_i mod total.
  const parts = weights.map((weight, index) => ({ index, ...mulDiv(amountFen, weight, total) }));
  const shares = parts.map(({ quotient }) => quotient);
  let left = amountFen - shares.reduce((sum, share) => sum + share, 0);
  parts.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : b.remainder - a.remainder));
  for (const { index } of parts) {
    if (left === 0) break;
    shares[index] = (shares[index] as number) + 1;
    left -= 1;
  }
  return shares;
}

export interface OrderPrice {
  /** Per line: quantity x unit price, the discount share, and what the shopper pays for it. */
  lines: Array<{ lineTotalFen: number; discountFen: number; paidFen: number }>;
  goodsFen: number;
  discountFen: number;
  shippingFen: number;
  /** What the shopper pays: goods - discount + shipping. */
  payableFen: number;
}

export function priceOrder(lines: readonly PricedLineInput[], discountFen: number, shipping: ShippingRule): OrderPrice {
  const totals = lines.map((line) => {
    assertFen(line.unitPriceFen, 'unitPriceFen');
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
      throw new RangeError('quantity must be a positive integer');
    return line.unitPriceFen * line.quantity;
  });
  const goodsFen = totals.reduce((sum, total) => sum + total, 0);
  const applied = Math.min(discountFen, goodsFen);
  const shares = apportion(applied, totals);
  const afterDiscount = goodsFen - applied;
  const shippingFen = shipping.freeFromFen !== null && afterDiscount >= shipping.freeFromFen ? 0 : shipping.flatFeeFen;
  return {
    lines: totals.map((lineTotalFen, index) => ({
      lineTotalFen,
      discountFen: shares[index] as number,
      paidFen: lineTotalFen - (shares[index] as number),
    })),
    goodsFen,
    discountFen: applied,
    shippingFen,
    payableFen: afterDiscount + shippingFen,
  };
}

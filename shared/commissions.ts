/**
 * Commission arithmetic for refunds (rulebook section 6): how much of a commission a refund
 * reverses. Cumulative, so rounding never drifts: after refunds totalling R of a line whose
 * base is B, the commission C has had exactly floor(C * R / B) reversed, and once the whole
 * line is refunded (R = B) all of C is reversed. Each refund reverses the difference.
 */

export interface ReversalInput {
  /** The commission's amount in fen (after the cap). */
  commissionFen: number;
  /** The line's commission base: what the shopper paid for it. */
  baseFen: number;
  /** Base refunded before this refund. */
  refundedBeforeFen: number;
  /** Base refunded by this refund. */
  refundFen: number;
}

/** The fen this refund reverses; the last refund of a line reverses the remainder exactly. */
export function reversalFor({ commissionFen, baseFen, refundedBeforeFen, refundFen }: ReversalInput): number {
  if (![commissionFen, baseFen, refundedBeforeFen, refundFen].every((value) => Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError('commission amounts must be non-negative integer fen');
  }
  const refundedAfterFen = refundedBeforeFen + refundFen;
  if (refundedAfterFen > baseFen) throw new RangeError(`refunds (${refundedAfterFen}) exceed the line's base (${baseFen})`);
  return reversedAfter(commissionFen, baseFen, refundedAfterFen) - reversedAfter(commissionFen, baseFen, refundedBeforeFen);
}

/** What has been reversed in total once `refundedFen` of the base was refunded. */
export function reversedAfter(commissionFen: number, baseFen: number, refundedFen: number): number {
  if (baseFen === 0 || refundedFen >= baseFen) return commissionFen;
  return Number((BigInt(commissionFen) * BigInt(refundedFen)) / BigInt(baseFen));
}

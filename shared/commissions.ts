/**
 * Commission arithmetic for refunds (docs/rules.md section 6): how much of a commission a refund
 * reverses. Cumulative, so rounding never drifts: after refunds totalling R of a line whose
 * base is B, the commission C has had exactly floor(C * R / B) reversed, and once the whole
 * line is refunded (R = B) all of C is reversed. Each refund reverses the difference.
 */
import { mulDiv } from './exactMath';

/** What has been reversed in total once `refundedFen` of the base was refunded. */
export function reversedAfter(commissionFen: number, baseFen: number, refundedFen: number): number {
  if (baseFen === 0 || refundedFen >= baseFen) return commissionFen;
  return mulDiv(commissionFen, refundedFen, baseFen).quotient;
}

/** The fields of a commission (shared/ledger.ts CommissionDocument) a refund's reversal reads. */
export interface ReversibleCommission {
  status: 'frozen' | 'releasing' | 'released' | 'reversed';
  amountFen: number;
  baseFen: number;
  /** Reversed so far from the frozen balance. */
  reversedFen: number;
  /** Clawed back so far from the available balance. */
  clawedBackFen: number;
}

/**
 * What one refund does to one commission, given the line's refundedFen right after that refund.
 * The target is cumulative (what refunds up to this one reverse in total), and the step takes
 * only the part not yet taken, by reversal or clawback: so refunds of a line applied in any
 * order, or applied again, take exactly `reversedAfter(amount, base, refunded)` and never more.
 *
 * - `reverse`: the commission is still frozen, the fen come out of the frozen balance;
 * - `clawBack`: it was released, the fen come out of the available balance;
 * - `notReady`: a release batch claimed it and has not finished; nothing may change until it has;
 * - `none`: nothing left to take (a replay, a later refund already took it, or reversed in full).
 */
export type ReversalStep =
  | { kind: 'none' }
  | { kind: 'notReady' }
  | { kind: 'reverse'; amountFen: number; reversedFenAfter: number; fullyReversed: boolean }
  | { kind: 'clawBack'; amountFen: number; clawedBackFenAfter: number };

export function reversalStep(commission: ReversibleCommission, refundedFenAfter: number): ReversalStep {
  if (commission.status === 'reversed') return { kind: 'none' };
  const targetFen = reversedAfter(commission.amountFen, commission.baseFen, refundedFenAfter);
  const deltaFen = targetFen - (commission.reversedFen + commission.clawedBackFen);
  if (deltaFen <= 0) return { kind: 'none' };
  if (commission.status === 'releasing') return { kind: 'notReady' };
  if (commission.status === 'released')
    return { kind: 'clawBack', amountFen: deltaFen, clawedBackFenAfter: commission.clawedBackFen + deltaFen };
  const reversedFenAfter = commission.reversedFen + deltaFen;
  return {
    kind: 'reverse',
    amountFen: deltaFen,
    reversedFenAfter,
    fullyReversed: reversedFenAfter === commission.amountFen,
  };
}

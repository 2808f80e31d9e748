/**
 * settleCommission: turns a paid order's attribution snapshot into commission records, credits
 * each beneficiary's frozen balance and adds the order to the buyer's and team's paid totals,
 * all in one transaction, exactly once per order. Started by the payment flow and by the
 * sweepSettlements timer; never by mini-program users.
 */
import { z } from 'zod';

export const SettleCommissionInput = z.strictObject({ orderId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) });

export interface SettleCommissionOutput {
  /** `settled` now; `alreadySettled`: a replay, nothing written. */
  status: 'settled' | 'alreadySettled';
  commissionCount: number;
}

export type SettleCommissionError = 'INVALID_INPUT' | 'FORBIDDEN' | 'ORDER_NOT_FOUND' | 'NOT_PAID' | 'BUSY';

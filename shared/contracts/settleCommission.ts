/**
 * settleCommission: turns a paid order's attribution snapshot into commission records, credits
 * each beneficiary's frozen balance and adds the order to the buyer's and team's paid totals,
 * all in one transaction, exactly once per order. Started by the payment flow and by the
 * sweepSettlements timer; never by mini-program users.
 */
import { z } from 'zod';

export const SettleCommissionInput = z.strictObject({ orderId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) });

export const SettleCommissionOutput = z.object({
  /** `settled` now; `alreadySettled`: a replay, nothing written. */
  status: z.enum(['settled', 'alreadySettled']),
  commissionCount: z.number().int(),
});
export type SettleCommissionOutput = z.infer<typeof SettleCommissionOutput>;

/** The codes settleCommission answers with `ok: false` besides the common ones. */
export const SETTLE_COMMISSION_ERRORS = [
  /** No order has this id. */
  'ORDER_NOT_FOUND',
  /** The order is not paid (yet, or it was closed). */
  'NOT_PAID',
  /** Another settlement of the order holds it; the sweep finishes it. */
  'BUSY',
] as const;
export type SettleCommissionError = (typeof SETTLE_COMMISSION_ERRORS)[number];

/** The one operation of settleCommission (started without a user: by functions, never by users). */
export const SETTLE_COMMISSION_CONTRACT = { input: SettleCommissionInput, output: SettleCommissionOutput } as const;

/**
 * The admin routes of reconciliation with WeChat Pay (docs/reconciliation.md):
 * `reconciliationDay` reads a day's `reconciliations` document, `runReconciliation` reconciles
 * a day again now (the same use case as the reconcilePayments timer). Part of ADMIN_CONTRACTS.
 */
import { z } from 'zod';
import { MISMATCH_KINDS } from '../reconciliation';
import { ChinaDayText } from './timers';

const count = z.number().int().min(0);
const Tally = z.object({ count, fen: z.number().int() });
const SideTotals = z.object({ payments: Tally, refunds: Tally, transfers: Tally });

export const ReconciliationMismatchView = z.object({
  id: z.string(),
  kind: z.enum(MISMATCH_KINDS),
  ref: z.string(),
  shopFen: z.number().int().nullable(),
  wechatFen: z.number().int().nullable(),
  detail: z.string(),
  resolved: z.boolean(),
});

/** A day's document, its time as an ISO string. */
export const ReconciliationView = z.object({
  day: z.string(),
  ranAt: z.string(),
  bill: z.enum(['found', 'none']),
  unchecked: count,
  complete: z.boolean(),
  shop: SideTotals,
  wechat: SideTotals,
  mismatches: z.array(ReconciliationMismatchView),
  mismatchCount: count,
});

export const ReconciliationDayInput = z.strictObject({ day: ChinaDayText });
/** `reconciliation` is null when the day was never reconciled. */
export const ReconciliationDayOutput = z.object({ reconciliation: ReconciliationView.nullable() });

export const RunReconciliationInput = z.strictObject({ day: ChinaDayText });
export const RunReconciliationOutput = z.object({ reconciliation: ReconciliationView });

export const ADMIN_RECONCILIATION_CONTRACTS = {
  reconciliationDay: { input: ReconciliationDayInput, output: ReconciliationDayOutput },
  runReconciliation: { input: RunReconciliationInput, output: RunReconciliationOutput },
} as const;
export type AdminReconciliationRoute = keyof typeof ADMIN_RECONCILIATION_CONTRACTS;

/**
 * The codes the reconciliation routes add to the admin function's: DAY_NOT_OVER (today or a
 * later day has no bill yet). They also answer PAYMENT_UNAVAILABLE (the after-sale routes' code)
 * when the function has no WXPAY_SUB_MCH_ID.
 */
export const ADMIN_RECONCILIATION_ERRORS = ['DAY_NOT_OVER'] as const;
